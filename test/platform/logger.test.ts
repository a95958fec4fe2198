/** The HTTP logger: secret query values (an activation link opened with ?token=…) never reach a log line. */
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { httpLoggerOptions, urlForLog } from '../../platform/logger';

test('secret query values are replaced in logged URLs, others kept', () => {
  expect(urlForLog('/activate?token=act_abc&lang=zh')).toBe('/activate?token=[redacted]&lang=zh');
  expect(urlForLog('/x?lang=zh&PIN=123456#token=rst_q')).toBe('/x?lang=zh&PIN=[redacted]#token=[redacted]');
  expect(urlForLog('/api/v1/tasks?role=finance')).toBe('/api/v1/tasks?role=finance');
});

test('the server logs a request to a link with a token without the token', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write: (chunk, _enc, done) => {
      lines.push(String(chunk));
      done();
    },
  });
  const app = Fastify({ logger: { ...httpLoggerOptions('info'), stream } });
  app.get('/activate', async () => 'page');
  await app.inject({ method: 'GET', url: '/activate?token=act_Secret123' });
  await app.close();
  expect(lines.some((l) => l.includes('/activate?token=[redacted]'))).toBe(true);
  expect(lines.join('')).not.toContain('act_Secret123');
});
