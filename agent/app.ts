/**
 * The signing agent's HTTP interface (UKey helper): on 127.0.0.1 only, answering only the web origins it
 * trusts, it lists the UKeys plugged into this machine, shows a UKey's certificate, and signs a CA-lock
 * login challenge with a UKey's key given the PIN the person typed. The PIN and the key never leave
 * this machine; the product's server sees only the challenge, the signature and the certificate.
 * Every refusal is `{ error: { code, message: { zh, en }, fields?, attemptsLeft? } }` (README.md here).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { caLockLoginMessage, isLoginChallenge } from '../contracts/ca-lock';
import { msg, type Bilingual } from '../domain/text';
import { certificateSummary } from '../integrations/ca/x509';
import type { TokenLocks } from '../integrations/token/locks';
import {
  PinIncorrectError,
  PinLockedError,
  TokenNotFoundError,
  type Pkcs11Module,
  type TokenInfo,
} from '../integrations/token/pkcs11';

/** Version of the agent's HTTP interface (the path prefix). */
export const AGENT_API_VERSION = 1;

/** What the agent works with. */
export interface AgentDeps {
  module: Pkcs11Module;
  /** One operation at a time per token, shared with a station in the same process. */
  locks: TokenLocks;
  /** Web origins (`scheme://host[:port]`) whose pages may call the agent. */
  trustedOrigins: readonly string[];
  /** Runs before each listing (SoftHSM2: notice tokens added since the module was opened). */
  beforeListing?: () => void;
  /** Logger, or false for none. */
  logger?: Logger | false;
}

/** A problem with one input field. */
interface FieldProblem {
  field: string;
  code: string;
  message: Bilingual;
}

/** A refusal with its HTTP status, stable code and bilingual message. */
class AgentError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly extra: { fields?: FieldProblem[]; attemptsLeft?: number } = {},
  ) {
    super(bilingual.en);
  }

  body() {
    return { error: { code: this.code, message: this.bilingual, ...this.extra } };
  }
}

function field(name: string, code: string, zh: string, en: string): FieldProblem {
  return { field: name, code, message: msg(zh, en) };
}

function invalid(fields: FieldProblem[]): AgentError {
  return new AgentError(
    400,
    'VALIDATION_FAILED',
    msg('提交的信息有误，请检查标出的字段', 'Some fields are invalid; see fields'),
    {
      fields,
    },
  );
}

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost)(?::(\d{1,5}))?$/i;

/** True when the Host header names this agent on the loopback address (a rebound DNS name does not). */
function loopbackHost(host: string | undefined, port: number | undefined): boolean {
  const m = host ? LOOPBACK_HOST.exec(host) : null;
  return !!m && (port === undefined || Number(m[1] ?? 80) === port);
}

/** The body of a login-signature request, or a 400 naming each problem. */
function loginRequest(body: unknown): { nonce: string; pin: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid([field('body', 'type', '请求体应为 JSON 对象', 'must be a JSON object')]);
  const { nonce, pin, ...rest } = body as Record<string, unknown>;
  const fields = Object.keys(rest).map((k) => field(k, 'additionalProperties', '不支持的字段', 'is not a known field'));
  if (typeof nonce !== 'string') fields.push(field('nonce', 'required', '请提供挑战码', 'is required'));
  else if (!isLoginChallenge(nonce))
    fields.push(
      field(
        'nonce',
        'not_a_login_challenge',
        '只能签名本系统登录时下发的挑战码',
        'only a login challenge issued by the product can be signed',
      ),
    );
  if (typeof pin !== 'string') fields.push(field('pin', 'required', '请输入 PIN 码', 'is required'));
  else if (pin.length < 4 || pin.length > 64 || /[\u0000-\u001f]/.test(pin))
    fields.push(field('pin', 'invalid', 'PIN 码应为 4–64 个字符', 'must be 4 to 64 characters'));
  if (fields.length) throw invalid(fields);
  return { nonce: nonce as string, pin: pin as string };
}

/** A token as the agent lists it. */
function tokenView(t: TokenInfo) {
  return {
    serial: t.serial,
    label: t.label,
    model: t.model,
    manufacturer: t.manufacturer,
    hasCertificate: t.hasCertificate,
    pinLocked: t.pinLocked,
    pinAttemptsLeft: t.pinAttemptsLeft,
  };
}

const locked = (serial: string) =>
  new AgentError(
    409,
    'PIN_LOCKED',
    msg(
      `UKey ${serial} 的 PIN 已锁定，请持 UKey 到 CA 服务网点解锁`,
      `UKey ${serial} is locked after too many wrong PINs; the CA desk can unlock it`,
    ),
    { attemptsLeft: 0 },
  );

/** Token failures in words a person reads; anything else is passed on. */
function tokenRefusal(err: unknown, serial: string): unknown {
  if (err instanceof TokenNotFoundError)
    return new AgentError(
      404,
      'TOKEN_NOT_FOUND',
      msg(`没有找到 UKey ${serial}，请确认已插入本机`, `UKey ${serial} is not plugged into this computer`),
    );
  if (err instanceof PinLockedError) return locked(serial);
  if (err instanceof PinIncorrectError) {
    if (err.attemptsLeft === 0)
      return new AgentError(
        409,
        'PIN_LOCKED',
        msg(
          `PIN 码不正确，UKey ${serial} 已锁定，请持 UKey 到 CA 服务网点解锁`,
          `Wrong PIN: UKey ${serial} is now locked; the CA desk can unlock it`,
        ),
        { attemptsLeft: 0 },
      );
    const left = err.attemptsLeft;
    return new AgentError(
      400,
      'PIN_INCORRECT',
      msg(`PIN 码不正确，还可尝试 ${left} 次`, `Wrong PIN; ${left} ${left === 1 ? 'attempt' : 'attempts'} left`),
      {
        fields: [
          field(
            'pin',
            'wrong',
            `PIN 码不正确，还可尝试 ${left} 次`,
            `wrong PIN; ${left} ${left === 1 ? 'attempt' : 'attempts'} left`,
          ),
        ],
        attemptsLeft: left,
      },
    );
  }
  return err;
}

const noCertificate = (serial: string) =>
  new AgentError(409, 'NO_CERTIFICATE', msg(`UKey ${serial} 中没有证书`, `UKey ${serial} holds no certificate`));

/** Builds the agent's HTTP app (not yet listening). */
export async function buildAgent(deps: AgentDeps): Promise<FastifyInstance> {
  const { module, locks } = deps;
  const trusted = new Set(deps.trustedOrigins);
  const app = Fastify({
    bodyLimit: 4096,
    ...(deps.logger ? { loggerInstance: deps.logger as FastifyBaseLogger } : { logger: false }),
  });

  // Who may call: a page of a trusted origin (CORS without credentials), reaching this agent by a
  // loopback name. Refused requests get no CORS headers, so a page elsewhere cannot even read why.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!loopbackHost(request.headers.host, request.raw.socket.localPort))
      throw new AgentError(
        403,
        'HOST_NOT_ALLOWED',
        msg('只接受以 127.0.0.1 或 localhost 访问', 'Only requests addressed to 127.0.0.1 or localhost are answered'),
      );
    const origin = request.headers.origin;
    if (!origin || !trusted.has(origin))
      throw new AgentError(
        403,
        'ORIGIN_NOT_TRUSTED',
        msg('该网页无权使用本机的 UKey', 'This web page may not use the UKeys of this computer'),
      );
    reply.headers({ 'access-control-allow-origin': origin, vary: 'Origin', 'cache-control': 'no-store' });
    if (request.method === 'OPTIONS') {
      reply.headers({
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      // Chrome's Private Network Access: a public page asks before calling the loopback address.
      if (request.headers['access-control-request-private-network'] === 'true')
        reply.header('access-control-allow-private-network', 'true');
      return reply.code(204).send();
    }
  });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof AgentError) return reply.code(err.statusCode).send(err.body());
    const fe = err as { statusCode?: number; code?: string };
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
      return reply
        .code(400)
        .send(invalid([field('body', 'invalid_json', '不是有效的 JSON', 'is not valid JSON')]).body());
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
      return reply
        .code(fe.statusCode)
        .send(new AgentError(fe.statusCode, fe.code ?? 'BAD_REQUEST', msg('请求无效', 'Bad request')).body());
    request.log.error({ err }, 'agent request failed');
    return reply
      .code(500)
      .send(new AgentError(500, 'INTERNAL', msg('UKey 助手内部错误', 'The UKey helper failed')).body());
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        new AgentError(
          404,
          'NOT_FOUND',
          msg(`没有这个接口：${request.method} ${request.url}`, `No route ${request.method} ${request.url}`),
        ).body(),
      ),
  );

  const base = `/v${AGENT_API_VERSION}`;

  app.get(base, async () => ({
    name: 'ca-onboarding-bpm UKey helper',
    version: AGENT_API_VERSION,
    pinAttemptLimit: module.pinAttemptLimit,
  }));

  app.get(`${base}/tokens`, async () => {
    deps.beforeListing?.();
    // (an uninitialised slot, such as SoftHSM2's spare one, holds no token)
    return {
      items: module
        .listTokens()
        .filter((t) => t.initialized)
        .map(tokenView),
    };
  });

  app.get<{ Params: { serial: string } }>(`${base}/tokens/:serial/certificate`, async (request) => {
    const { serial } = request.params;
    return locks.run(serial, async () => {
      let certificates;
      try {
        certificates = module.publicCertificates(serial);
      } catch (err) {
        throw tokenRefusal(err, serial);
      }
      if (certificates.length === 0) throw noCertificate(serial);
      const der = certificates[0].der;
      const summary = certificateSummary(der);
      return {
        tokenSerial: serial,
        certificate: der.toString('base64'),
        serial: summary.serialHex,
        subject: summary.subjectDn,
        issuer: summary.issuerDn,
        notBefore: summary.notBefore.toISOString(),
        notAfter: summary.notAfter.toISOString(),
      };
    });
  });

  app.post<{ Params: { serial: string } }>(`${base}/tokens/:serial/login-signature`, async (request) => {
    const { serial } = request.params;
    const { nonce, pin } = loginRequest(request.body);
    // (the onRequest hook admitted only a trusted origin)
    const origin = request.headers.origin as string;
    const message = caLockLoginMessage(origin, nonce);
    try {
      const signed = await locks.run(serial, () =>
        module.withSession(
          serial,
          pin,
          async (s) => {
            const [cert] = s.certificates();
            const signature = await s.sign(cert.id, Buffer.from(message, 'utf8'));
            return { signature: signature.toString('base64'), certificate: cert.der.toString('base64') };
          },
          // A token without a certificate cannot log in: refused before its PIN is tried.
          (publicView) => {
            if (publicView.certificates().length === 0) throw noCertificate(serial);
          },
        ),
      );
      request.log.info({ tokenSerial: serial, origin }, 'CA-lock login challenge signed');
      return { tokenSerial: serial, origin, message, ...signed };
    } catch (err) {
      const refusal = tokenRefusal(err, serial);
      if (refusal instanceof AgentError && refusal.extra.attemptsLeft !== undefined)
        request.log.warn({ tokenSerial: serial, attemptsLeft: refusal.extra.attemptsLeft }, 'PIN refused');
      throw refusal;
    }
  });

  return app;
}

/** A listening agent. */
export interface RunningAgent {
  app: FastifyInstance;
  /** Where it answers, e.g. http://127.0.0.1:47310. */
  url: string;
  close(): Promise<void>;
}

/** Builds the agent and listens on 127.0.0.1 (never another interface) at `port` (0: a free one). */
export async function startAgent(deps: AgentDeps & { port: number }): Promise<RunningAgent> {
  const app = await buildAgent(deps);
  await app.listen({ host: '127.0.0.1', port: deps.port });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('the agent is not listening on a TCP port');
  return { app, url: `http://${address.address}:${address.port}`, close: () => app.close() };
}
