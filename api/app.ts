/** Builds the Fastify application (plugins, then routes); `server.ts` only listens. */
import { fieldProblem, msg } from '../domain/text';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Notifier } from '../integrations/notifications/notifier';
import { AesGcmCodec } from '../platform/codec';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { httpLoggerOptions } from '../platform/logger';
import type { SecretStore } from '../platform/secret-store';
import { LocalFileStorage, type FileStorage } from '../platform/storage';
import type { CertificateAuthority } from '../integrations/ca/ca';
import type { PaymentProvider } from '../integrations/payments/ports';
import type { PaymentSimulator } from '../integrations/payments/simulator';
import type { WechatPayProvider } from '../integrations/payments/wechatpay';
import type { WechatPaySimulator } from '../integrations/payments/wechatpay-simulator';
import { authPlugin } from './plugins/auth';
import { consolePlugin } from './plugins/console';
import { errorHandlerPlugin } from './plugins/error-handler';
import { ApiError, inputProblem, invalid, MAX_NESTING } from './errors';
import { documentErrorAnswers, MAX_PARAM_LENGTH } from './route-options';
import { crossSitePlugin } from './plugins/cross-site';
import { idempotencyPlugin } from './plugins/idempotency';
import { ensureBootstrapAdmin } from './repos/users';
import { randomCaptcha, type CaptchaMaker } from './captcha';
import { routes } from './routes';
import { lostStartsSweeper } from './start-process';

/** What the application needs from outside. */
export interface AppDeps {
  config: Config;
  db: Db;
  temporal: Client;
  notifier: Notifier;
  secrets: SecretStore;
  /** Where uploads are stored (default: local folder UPLOAD_DIR). */
  storage?: FileStorage;
  /** The certificate authority (issuing happens in activities; the API publishes its root and CRL). */
  ca: CertificateAuthority;
  /** The payment provider orders are paid through. */
  payments: PaymentProvider;
  /** The development payment simulator, when it is the provider. */
  simulator?: PaymentSimulator | null;
  /** 微信支付, when offered. */
  wechatpay?: WechatPayProvider | null;
  /** The simulator playing WeChat Pay, when it does. */
  wechatpaySimulator?: WechatPaySimulator | null;
  /** Draws captchas; tests may pass a known one. */
  captcha?: CaptchaMaker;
  /** Logger options or `false` to silence. */
  logger?: boolean | object;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    temporal: Client;
    notifier: Notifier;
    secrets: SecretStore;
    captcha: CaptchaMaker;
    storage: FileStorage;
    ca: CertificateAuthority;
    payments: PaymentProvider;
    simulator: PaymentSimulator | null;
    wechatpay: WechatPayProvider | null;
    wechatpaySimulator: WechatPaySimulator | null;
    /** Seals and opens payloads stored in Temporal (the codec endpoint, history timelines). */
    codec: AesGcmCodec;
  }
}

function validators() {
  // Bodies are validated strictly (no coercion, unknown fields refused); query strings and params coerce.
  // `verbose` keeps each error's schema, so a field's own `x-message` can explain its rule.
  const strict = addFormats(
    new Ajv({
      allErrors: true,
      verbose: true,
      coerceTypes: false,
      removeAdditional: false,
      useDefaults: true,
      strict: false,
    }),
  );
  const lenient = addFormats(
    new Ajv({
      allErrors: true,
      verbose: true,
      coerceTypes: 'array',
      removeAdditional: false,
      useDefaults: true,
      strict: false,
    }),
  );
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'body' ? strict : lenient).compile(schema);
}

/** Builds the app with all plugins and routes; call `ready()` or `listen()` on it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logger ?? httpLoggerOptions(config.logLevel),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: config.http.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // What the router refuses before any route is found still answers in the product's error shape.
    frameworkErrors: (err, _request, reply) => {
      const refusal =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new ApiError(
              414,
              'URI_TOO_LONG',
              msg('路径参数过长', `A path parameter is longer than ${MAX_PARAM_LENGTH} characters`),
            )
          : new ApiError(400, 'BAD_URL', msg('请求地址无效', 'The request URL is not valid'));
      void (reply as FastifyReply)
        .code(refusal.statusCode)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(refusal.body()));
    },
    ajv: { customOptions: { allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validators());
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // A NUL character cannot be stored, and nesting deeper than any route takes is not walked further:
  // refused wherever they come, naming where.
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const problem = inputProblem(value);
      if (problem?.kind === 'nul_character')
        throw invalid([
          fieldProblem(
            problem.path || part,
            'nul_character',
            '不能包含空字符（\\u0000）',
            'must not contain the NUL character (\\u0000)',
          ),
        ]);
      if (problem)
        throw invalid([
          fieldProblem(
            problem.path || part,
            'too_deep',
            `嵌套不能超过 ${MAX_NESTING} 层`,
            `must not nest more than ${MAX_NESTING} levels deep`,
          ),
        ]);
    }
  });
  app.addHook('onRoute', documentErrorAnswers);

  app.decorate('config', config);
  app.decorate('db', deps.db);
  app.decorate('temporal', deps.temporal);
  app.decorate('notifier', deps.notifier);
  app.decorate('secrets', deps.secrets);
  app.decorate('captcha', deps.captcha ?? randomCaptcha);
  app.decorate('storage', deps.storage ?? new LocalFileStorage(config.uploads.dir));
  app.decorate('ca', deps.ca);
  app.decorate('payments', deps.payments);
  app.decorate('simulator', config.devOutbox ? (deps.simulator ?? null) : null);
  app.decorate('wechatpay', deps.wechatpay ?? null);
  app.decorate('wechatpaySimulator', config.devOutbox ? (deps.wechatpaySimulator ?? null) : null);
  app.decorate('codec', new AesGcmCodec(config.codec.keys, config.codec.activeKeyId));
  // External plugins.
  await app.register(cookie);
  await app.register(cors, { origin: config.http.corsOrigins, credentials: true });
  await app.register(rateLimit, { global: false });
  await app.register(multipart, {
    limits: { fileSize: config.uploads.maxBytes, files: 1, fields: 5, fieldSize: 1024 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'CA onboarding BPM API',
        version: '1',
        description:
          'Enterprise registration, CA certificate orders, UKey production and CA-lock binding, as durable processes.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: 'bpm_session' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Our plugins.
  await app.register(errorHandlerPlugin);
  await app.register(crossSitePlugin);
  await app.register(authPlugin);
  await app.register(idempotencyPlugin);

  await app.register(routes);
  await app.register(consolePlugin);
  await app.register(lostStartsSweeper);

  const admin = await ensureBootstrapAdmin(
    deps.db,
    config.auth.bootstrapAdminLogin,
    config.auth.bootstrapAdminPassword,
  );
  if (admin) app.log.info({ loginName: admin.login_name }, 'bootstrap admin created');
  return app;
}
