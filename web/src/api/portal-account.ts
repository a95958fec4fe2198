/**
 * The applicant's account: registration with its live checks, activation, the forgotten password
 * (`/api/v1/accounts`), and 使用CA锁登录 — the challenge and login at the API, the UKeys and the
 * signature at the UKey signing agent on the loopback address of the person's own computer.
 */
import { msg, type Bilingual } from '../i18n';
import { ApiFailure, call } from './client';
import type { FieldError, User } from './types';

/** Whether a name is free, and why not. */
export interface Availability {
  available: boolean;
  reason?: Bilingual;
}

/** 检测主体名称. */
export const checkEntityName = (entityName: string) =>
  call<Availability>('POST', '/accounts/check-name', { body: { entityName }, auth: 'none' });

/** 检测登录名. */
export const checkLoginName = (loginName: string) =>
  call<Availability>('POST', '/accounts/check-login', { body: { loginName }, auth: 'none' });

/** What the registration form sends (guide 一.2). */
export interface Registration {
  entityName: string;
  loginName: string;
  password: string;
  confirmPassword: string;
  contactName: string;
  mobile: string;
  email: string;
}

/** 马上注册: the account waits for activation from the link sent by email and SMS. */
export const register = (registration: Registration) =>
  call<{ loginName: string; entityName: string }>('POST', '/accounts', { body: registration, auth: 'none' });

/** Activates the account with the token from the message's link. */
export const activate = (token: string) =>
  call<{ loginName: string }>('POST', '/accounts/activate', { body: { token }, auth: 'none' });

/** Sends the activation link again (the answer never says whether the account exists). */
export const resendActivation = (loginName: string) =>
  call<{ sent: boolean }>('POST', '/accounts/activation/resend', { body: { loginName }, auth: 'none' });

/** 忘记密码: sends a one-time reset link to the account's email and mobile. */
export const forgotPassword = (loginName: string) =>
  call<{ sent: boolean }>('POST', '/accounts/password/forgot', { body: { loginName }, auth: 'none' });

/** Sets a new password with the token from the message's link. */
export const resetPassword = (body: { token: string; password: string; confirmPassword: string }) =>
  call<{ loginName: string }>('POST', '/accounts/password/reset', { body, auth: 'none' });

/** Where this product's signing agent answers (`UKEY_AGENT_URL`). */
export const agentLocation = () => call<{ agentUrl: string }>('GET', '/auth/ca/agent', { auth: 'none' });

/** A UKey plugged into this computer, as the agent reads it. */
export interface UKey {
  serial: string;
  label: string;
  model: string;
  manufacturer: string;
  hasCertificate: boolean;
  pinLocked: boolean;
  pinAttemptsLeft: number;
}

/** A refusal of the agent: the API's shape, with the PIN attempts left when a PIN was refused. */
export class AgentFailure extends ApiFailure {
  constructor(
    status: number,
    code: string,
    bilingual: Bilingual,
    fields: FieldError[],
    /** Wrong PINs the UKey still takes before it locks (PIN refusals only). */
    readonly attemptsLeft?: number,
  ) {
    super(status, code, bilingual, fields);
  }
}

/** The agent did not answer: not installed, not running, or another port. */
export const AGENT_UNREACHABLE = 'AGENT_UNREACHABLE';

async function agentCall<T>(agentUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${agentUrl}/v1${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    throw new AgentFailure(
      0,
      AGENT_UNREACHABLE,
      msg(
        '未连接到 UKey 助手：请确认已安装并启动 UKey 助手，然后插入 CA 锁',
        'The UKey helper did not answer: make sure it is installed and running, then plug in the CA lock',
      ),
      [],
    );
  }
  const answer = (await res.json().catch(() => null)) as {
    error?: { code: string; message: Bilingual; fields?: FieldError[]; attemptsLeft?: number };
  } | null;
  if (res.ok) return answer as T;
  const e = answer?.error;
  if (!e) throw new AgentFailure(res.status, 'BAD_RESPONSE', msg('UKey 助手出错', 'The UKey helper failed'), []);
  throw new AgentFailure(res.status, e.code, e.message, e.fields ?? [], e.attemptsLeft);
}

/** The UKeys plugged into this computer. */
export const listUKeys = async (agentUrl: string) =>
  (await agentCall<{ items: UKey[] }>(agentUrl, 'GET', '/tokens')).items;

/** The certificate on a UKey plugged into this computer (base64 DER), as the agent reads it (no PIN). */
export const readUKeyCertificate = async (agentUrl: string, serial: string) =>
  (await agentCall<{ certificate: string }>(agentUrl, 'GET', `/tokens/${encodeURIComponent(serial)}/certificate`))
    .certificate;

/**
 * 使用CA锁登录: a challenge from the API, signed by the UKey at the agent (the PIN goes only there),
 * then the login at the API, which sets the session cookie.
 */
export async function signInWithUKey(agentUrl: string, serial: string, pin: string): Promise<User> {
  const { nonce } = await call<{ nonce: string }>('POST', '/auth/ca/challenge', { auth: 'none' });
  const signed = await agentCall<{ signature: string; certificate: string }>(
    agentUrl,
    'POST',
    `/tokens/${encodeURIComponent(serial)}/login-signature`,
    { nonce, pin },
  );
  const session = await call<{ user: User }>('POST', '/auth/ca/login', {
    body: { nonce, signature: signed.signature, certificate: signed.certificate },
    auth: 'none',
  });
  return session.user;
}
