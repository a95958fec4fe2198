/**
 * Serves the web console (built into web/dist by scripts/build-console.ts) under `/console/`: scripts
 * from `/console/assets/`, immutable when their name carries a content hash, gzipped when the browser
 * takes it; any other console path gets index.html, so a deep link (`/console/tasks/42`) opens its
 * screen. A missing asset is the API's bilingual 404. Same origin as the API, so the HttpOnly session
 * cookie is all the console needs; `/` leads to it.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';

/** Where the built console is. */
export const CONSOLE_ROOT = path.resolve(__dirname, '..', '..', 'web', 'dist');

/** esbuild's content-hashed names (`main-AB12CD34.js`): the content under such a name never changes. */
const HASHED = /-[A-Z0-9]{8}\.js$/;

/** Registers the console routes. */
export async function consolePlugin(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(path.join(CONSOLE_ROOT, 'index.html'))) {
    app.log.warn(`the console is not built (${CONSOLE_ROOT}): npm run build:console`);
  }
  // Files are looked up per request (no list read at start), so a development rebuild's new chunks are found.
  await app.register(fastifyStatic, {
    root: CONSOLE_ROOT,
    serve: false,
    preCompressed: true,
    cacheControl: false,
    suppressWarning: true,
  });

  const hide = { schema: { hide: true } };
  app.get('/', hide, (_request, reply) => reply.redirect('/console/'));
  app.get('/console', hide, (_request, reply) => reply.redirect('/console/'));
  app.get<{ Params: { '*': string } }>('/console/*', hide, (request, reply) => {
    const file = request.params['*'];
    if (file.startsWith('assets/')) {
      return reply
        .header('cache-control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache')
        .sendFile(file);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
