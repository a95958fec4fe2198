/**
 * Every activity's timeouts and retries, in one place. They are chosen so that work in flight when a
 * worker (or the whole product) dies is retried within seconds of the restart: an activity attempt that
 * was running on a dead worker is given up after its start-to-close timeout (short activities) or its
 * heartbeat timeout (long ones, which heartbeat every few seconds), then retried at once.
 * Changing a value here changes no workflow command, so it needs no patch.
 */
import type { ActivityOptions } from '@temporalio/workflow';

/** Database writes (projections, statuses): each takes milliseconds. */
export const RECORD_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
};

/**
 * Calls to outside services (SMS and email gateways, the CA, documents): seconds each. A gateway that is
 * down is retried with back-off for as long as it takes.
 */
export const EFFECT_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
};

/** The longest an effect activity's attempt can run: a claim on a send older than this is from a dead worker. */
export const EFFECT_ATTEMPT_MS = 20_000;

/**
 * Making a UKey at a token station (minutes at worst, heartbeating every 3 seconds): a station that died
 * mid-way is noticed after the heartbeat timeout; one that never picks the work up fails the item.
 */
export const STATION_ACTIVITY: ActivityOptions = {
  scheduleToStartTimeout: '2 minutes',
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 8 },
};

/** A short question to a token station (which tokens, what a token holds) that a person waits on. */
export const STATION_QUESTION: ActivityOptions = {
  scheduleToStartTimeout: '10 seconds',
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 1 },
};
