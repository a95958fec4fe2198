/** Dates as they are written in China (UTC+8), the zone of licences, ID cards and order numbers. */

/** Today as YYYY-MM-DD in China Standard Time (the dates on licences and ID cards). */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
