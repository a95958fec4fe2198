/** 202 in_progress: the API accepted a submission whose work goes on past its wait; the same key fetches the answer. */

/** Whether an answer means "still running, ask again with the same key" (a route's own 202, e.g. a registration in review, does not). */
export function stillRunning(status: number, body: unknown): boolean {
  return status === 202 && (body as { status?: unknown } | null)?.status === 'in_progress';
}

/** How long to wait before asking again: Retry-After in seconds, kept within 1–10 s (2 s when absent). */
export function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Math.min(10, Math.max(1, Number.isFinite(seconds) && seconds > 0 ? seconds : 2)) * 1000;
}
