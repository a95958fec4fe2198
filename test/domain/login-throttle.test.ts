/** The login throttle's waits: free attempts, growing delays, the lock of one source, the alarm on a name. */
import { accountAlarm, BASE_DELAY_MS, FREE_FAILURES, loginDelayMs } from '../../domain/login-throttle';

const policy = { maxFailures: 5, lockMs: 15 * 60_000 };

test('the first failures are free; then each failure doubles the wait, up to the lock', () => {
  expect(FREE_FAILURES).toBe(2);
  expect([1, 2, 3, 4, 5, 6].map((n) => loginDelayMs(n, n, policy))).toEqual([
    0,
    0,
    BASE_DELAY_MS,
    2 * BASE_DELAY_MS,
    policy.lockMs,
    policy.lockMs,
  ]);
});

test('a delay never exceeds the lock', () => {
  expect(loginDelayMs(40, 40, { maxFailures: 50, lockMs: 10_000 })).toBe(10_000);
});

test('once a name has drawn many failures, a new source waits after its first', () => {
  expect(loginDelayMs(1, accountAlarm(policy) - 1, policy)).toBe(0);
  expect(loginDelayMs(1, accountAlarm(policy), policy)).toBe(BASE_DELAY_MS);
  expect(loginDelayMs(2, accountAlarm(policy), policy)).toBe(2 * BASE_DELAY_MS);
});
