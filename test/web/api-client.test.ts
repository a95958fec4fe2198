/** The console's reading of a 202: still running (ask again with the same key, after Retry-After) or the route's own answer. */
import { retryAfterMs, stillRunning } from '../../web/src/api/accepted';

test('202 in_progress means ask again; a route whose answer is 202 (a registration in review) is final', () => {
  expect(stillRunning(202, { status: 'in_progress', message: { zh: '处理中', en: 'In progress' } })).toBe(true);
  expect(stillRunning(202, { status: 'in_review', round: 1 })).toBe(false);
  expect(stillRunning(200, { status: 'in_progress' })).toBe(false);
  expect(stillRunning(202, null)).toBe(false);
});

test('Retry-After is followed within 1–10 seconds, 2 s when absent or unreadable', () => {
  expect(retryAfterMs('3')).toBe(3000);
  expect(retryAfterMs(null)).toBe(2000);
  expect(retryAfterMs('soon')).toBe(2000);
  expect(retryAfterMs('0.2')).toBe(1000);
  expect(retryAfterMs('600')).toBe(10000);
});
