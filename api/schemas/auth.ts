/** Signing in: captcha, password login, the session and its user, and login with the CA lock. */
import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../../domain/roles';
import { Nullable, Rule, StringEnum } from './common';

/** The user as sign-in returns it. */
export const UserSchema = Type.Object({
  id: Type.String(),
  loginName: Type.String(),
  displayName: Type.String(),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('applicant')]),
  roles: Type.Array(StringEnum(ROLES)),
  enterpriseId: Nullable(Type.String()),
  department: Nullable(Type.String()),
  mobile: Nullable(Type.String()),
  email: Nullable(Type.String()),
  status: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
/** A user as the API shows it. */
export type UserView = Static<typeof UserSchema>;

/** `GET /auth/captcha`. */
export const CaptchaSchema = Type.Object({ captchaId: Type.String(), image: Type.String(), expiresAt: Type.String() });

/** `POST /auth/login` body. */
export const LoginBody = Type.Object(
  {
    loginName: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    captchaId: Type.String({ minLength: 1, maxLength: 64 }),
    captcha: Type.String({ minLength: 1, maxLength: 16 }),
  },
  { additionalProperties: false },
);

/** A session opened by a login (password or CA lock). */
export const SessionSchema = Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserSchema });

/** `POST /auth/ca/challenge`: the nonce and the exact message a UKey signs to answer it. */
export const ChallengeSchema = Type.Object({
  nonce: Type.String(),
  expiresAt: Type.String(),
  message: Type.String({
    description: 'what the UKey signs: this product’s login, the origin of PUBLIC_URL and the nonce',
  }),
});

/** `POST /auth/ca/login` body. */
export const CaLoginBody = Type.Object(
  {
    nonce: Type.String({ minLength: 1, maxLength: 200 }),
    certificate: Type.String({ minLength: 1, maxLength: 20_000, description: 'base64 DER or PEM' }),
    signature: Rule(
      {
        minLength: 1,
        maxLength: 2_000,
        pattern: '^[A-Za-z0-9+/]+={0,2}$',
        description:
          'base64 RSA-SHA256 (PKCS#1 v1.5) signature of the challenge’s `message` (UTF-8), as the signing agent makes it',
      },
      '签名应为 base64 编码',
      'must be base64',
    ),
  },
  { additionalProperties: false },
);

/** `GET /auth/ca/agent`: where the sign-in page finds the UKey signing agent. */
export const AgentLocationSchema = Type.Object({
  agentUrl: Type.String({
    description: 'the signing agent on the loopback address of the holder’s computer (UKEY_AGENT_URL)',
  }),
});

/** A mobile number (spaces, dashes and +86 allowed) or an email address to sign in with. */
const SignInAddressField = Rule(
  {
    minLength: 1,
    maxLength: 254,
    pattern: '^\\s*(?:(?:\\+86|0086)?[\\s-]*1(?:[\\s-]*[0-9]){10}|[^\\s@]+@[^\\s@]+\\.[^\\s@]+)\\s*$',
    description: 'the mobile number or email address on record for an activated account',
  },
  '请输入手机号或邮箱地址',
  'must be a mobile number or an email address',
);

/** `POST /auth/code` body: where to send a sign-in code, and the captcha answered first. */
export const SignInCodeRequestBody = Type.Object(
  {
    address: SignInAddressField,
    captchaId: Type.String({ minLength: 1, maxLength: 64 }),
    captcha: Type.String({ minLength: 1, maxLength: 16 }),
  },
  { additionalProperties: false },
);

/** The answer to a code request: the same whether or not an account has the number or address. */
export const SignInCodeSentSchema = Type.Object({
  expiresInSeconds: Type.Integer({ description: 'how long a code sent now works' }),
  resendAfterSeconds: Type.Integer({ description: 'when another code may be asked for' }),
});

/** `POST /auth/code/login` body. */
export const CodeLoginBody = Type.Object(
  {
    address: SignInAddressField,
    code: Rule({ pattern: '^[0-9]{6}$' }, '验证码应为 6 位数字', 'must be 6 digits'),
  },
  { additionalProperties: false },
);
