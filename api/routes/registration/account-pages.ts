/**
 * The addresses the activation and password-reset messages link to (`/activate#token=…`,
 * `/reset-password#token=…`): they lead to the console's pages, which read the one-time token from the
 * fragment (browsers never send it to a server, and keep it across the redirect, so it reaches no access
 * log) and hand it to the API only when the person presses the button (mail scanners that open links
 * do not use it up). A token sent in the query string by an older link goes along.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The console page each message's link leads to. */
const PAGES = { '/activate': '/console/activate', '/reset-password': '/console/password/reset' } as const;

function toConsole(request: FastifyRequest, reply: FastifyReply, target: string) {
  const query = request.url.indexOf('?');
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .redirect(query < 0 ? target : target + request.url.slice(query), 302);
}

/** Registers `GET /activate` and `GET /reset-password`. */
const accountPages: FastifyPluginAsyncTypebox = async (app) => {
  for (const [from, to] of Object.entries(PAGES))
    app.get(from, { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) =>
      toConsole(request, reply, to),
    );
};

export default accountPages;
