/**
 * The codec endpoint for the Temporal Web UI and CLI (`--codec-endpoint`): opens or seals payloads so
 * an operator can read histories. Signed-in operators and admins only; CORS allows the UI's origin.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Payload } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { AesGcmCodec } from '../../platform/codec';
import { errors } from '../schemas';

const JsonPayload = Type.Object({
  metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
  data: Type.Optional(Type.String()),
});
const Body = Type.Object({ payloads: Type.Array(JsonPayload, { maxItems: 1000 }) });
type JsonPayloadT = Static<typeof JsonPayload>;

function fromJson(p: JsonPayloadT): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

function toJson(p: Payload): JsonPayloadT {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v as Uint8Array).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

export default async function codecRoutes(app: FastifyInstance) {
  const codec = new AesGcmCodec(app.config.codec.keys, app.config.codec.activeKeyId);
  const options = (summary: string) => ({
    config: { access: ['operator', 'admin'] as const },
    schema: { tags: ['operations'], summary, body: Body, response: { 200: Body, ...errors(400, 401, 403) } },
  });

  app.post<{ Body: Static<typeof Body> }>(
    '/codec/decode',
    options('Open sealed payloads (Temporal codec server protocol)'),
    async (request) => ({
      payloads: (await codec.decode(request.body.payloads.map(fromJson))).map(toJson),
    }),
  );

  app.post<{ Body: Static<typeof Body> }>(
    '/codec/encode',
    options('Seal payloads (Temporal codec server protocol)'),
    async (request) => ({
      payloads: (await codec.encode(request.body.payloads.map(fromJson))).map(toJson),
    }),
  );
}
