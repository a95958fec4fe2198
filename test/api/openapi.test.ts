/**
 * The OpenAPI document tells the whole truth: every operation documents its success answer with a schema
 * and every error status any route may give (with the product's error schema), so that the fuzzer's
 * status, content-type and schema checks hold; the router's own refusals answer in the same shape.
 */
import { COMMON_ERROR_STATUSES } from '../../api/route-options';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
let adminToken: string;

beforeAll(async () => {
  h = await startHarness({});
  await h.staff('openapi_admin', ['admin']);
  adminToken = await h.login('openapi_admin');
});

afterAll(async () => {
  await h?.close();
});

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Every operation of the document as `METHOD path` and its responses. */
async function operations(): Promise<[string, Operation][]> {
  const doc = (await h.http({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
}

/** Whether a documented answer is the product's error body. */
function isErrorBody(response: { content?: Record<string, { schema?: unknown }> } | undefined): boolean {
  const schema = JSON.stringify(response?.content?.['application/json']?.schema ?? null);
  return /"error"/.test(schema) && /"zh"/.test(schema) && /"en"/.test(schema);
}

test('every operation documents a success answer with its schema', async () => {
  const missing = (await operations())
    .filter(([, op]) => {
      const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      return !success.some(
        ([status, answer]) => status === '204' || Object.values(answer.content ?? {}).some((c) => c.schema),
      );
    })
    .map(([name]) => name);
  expect(missing).toEqual([]);
});

test('every operation documents the common error answers with the error schema, and 414 where the path has parameters', async () => {
  const missing: string[] = [];
  for (const [name, op] of await operations()) {
    const statuses = [...COMMON_ERROR_STATUSES, ...(name.includes('{') ? [414] : [])];
    for (const status of statuses) {
      // (a route may document a status with its own answer, as /ready does its 503 report)
      const own = name === 'GET /ready' && status === 503;
      if (!own && !isErrorBody(op.responses?.[status])) missing.push(`${name} ${status}`);
    }
  }
  expect(missing).toEqual([]);
});

test('the payment notification documents its plain-text answers', async () => {
  const notify = new Map(await operations()).get('POST /api/v1/payments/notify/{provider}')!;
  expect(Object.keys(notify.responses!['200'].content!)).toEqual(['text/plain']);
  expect(Object.keys(notify.responses!['400'].content!).sort()).toEqual(['application/json', 'text/plain']);
});

test('a path parameter over 100 characters answers 414 in the product’s error shape', async () => {
  const res = await h.http({ method: 'GET', url: `/api/v1/processes/${'x'.repeat(101)}`, token: adminToken });
  expect(res.statusCode).toBe(414);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.json()).toEqual({
    error: { code: 'URI_TOO_LONG', message: { zh: expect.any(String), en: expect.stringContaining('100') } },
  });
});

test('an answer conforms to its documented schema: an unknown phrase is a 404 error body', async () => {
  const res = await h.http({ method: 'DELETE', url: '/api/v1/comment-phrases/99999', token: adminToken });
  expect(res.statusCode).toBe(404);
  expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: { zh: '快捷用语不存在', en: 'No such phrase' } } });
});
