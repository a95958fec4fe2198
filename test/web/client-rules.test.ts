/**
 * The console's API client rules that need no browser: which Idempotency-Key a submitted body carries,
 * and which form field an API field error lands on.
 */
import { namePathOf } from '../../web/src/api/field-paths';
import { newIdempotencyKey, Submission } from '../../web/src/api/submission';

describe('Submission: one Idempotency-Key per submitted body', () => {
  let made = 0;
  const submission = () => new Submission(() => `key-${++made}`);

  test('a body retried after a lost request or a "retry" answer (network error, 503) keeps its key', () => {
    const s = submission();
    const body = { outcome: 'approve', comment: '同意' };
    const first = s.keyFor(body);
    s.ended('retry');
    expect(s.keyFor({ ...body })).toBe(first);
    s.ended('retry');
    expect(s.keyFor(body)).toBe(first);
  });

  test('a changed body gets a new key, so the API never sees one key with two bodies', () => {
    const s = submission();
    const first = s.keyFor({ outcome: 'approve' });
    expect(s.keyFor({ outcome: 'reject', comment: '材料不全' })).not.toBe(first);
  });

  test('once answered (accepted or refused), the same body is a new submission with a new key', () => {
    const s = submission();
    const body = { outcome: 'approve' };
    const first = s.keyFor(body);
    s.ended('answered');
    expect(s.keyFor(body)).not.toBe(first);
  });

  test('keys are 128 random bits in hex, drawn with getRandomValues (no secure context needed)', () => {
    expect(newIdempotencyKey((bytes) => bytes.fill(0xab))).toBe('ab'.repeat(16));
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});

describe('namePathOf: the form field an API field error names', () => {
  test.each([
    ['captcha', ['captcha']],
    ['legalRepresentative.idNumber', ['legalRepresentative', 'idNumber']],
    ['fields.markedFields', ['fields', 'markedFields']],
    ['items[0].name', ['items', 0, 'name']],
    ['documentReasons.business_license', ['documentReasons', 'business_license']],
  ])('%s', (jsonPath, name) => {
    expect(namePathOf(jsonPath)).toEqual(name);
  });
});
