/**
 * The codec endpoint for the Temporal Web UI and CLI (`--codec-endpoint`): opens or seals payloads so
 * an operator can read histories. Signed-in operators and admins only; CORS allows the UI's origin.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Payload } from '@temporalio/common';
import { fieldProblem } from '../../../domain/text';
import { invalid } from '../../errors';
import { errors } from '../../schemas/common';
import { PayloadsSchema, type JsonPayload } from '../../schemas/operations';

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v as Uint8Array).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

const codecRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const options = (summary: string) => ({
    config: { access: ['operator', 'admin'] as const },
    schema: {
      tags: ['operations'],
      summary,
      body: PayloadsSchema,
      response: { 200: PayloadsSchema, ...errors(400, 401, 403) },
    },
  });

  // A payload that cannot be opened (a key this keyring lacks, truncated or altered data) is the caller's 400.
  app.post('/codec/decode', options('Open sealed payloads (Temporal codec server protocol)'), async (request) => {
    const opened: JsonPayload[] = [];
    for (const [index, payload] of request.body.payloads.entries()) {
      try {
        opened.push(...(await app.codec.decode([fromJson(payload)])).map(toJson));
      } catch {
        throw invalid([
          fieldProblem(
            `payloads[${index}]`,
            'unreadable',
            '无法解密：密钥未知，或内容不完整、已被改动',
            'cannot be opened: sealed with an unknown key, or truncated or altered',
          ),
        ]);
      }
    }
    return { payloads: opened };
  });

  app.post('/codec/encode', options('Seal payloads (Temporal codec server protocol)'), async (request) => ({
    payloads: (await app.codec.encode(request.body.payloads.map(fromJson))).map(toJson),
  }));
};

export default codecRoutes;
