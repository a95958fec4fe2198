/** Enterprise accounts: live checks, registration, activation, resend, password reset. */
import { Type } from '@sinclair/typebox';
import { LOGIN_NAME_PATTERN, PASSWORD_PATTERN } from '../../domain/validators';
import { BilingualSchema, EmailSchema, MobileSchema, Rule } from './common';

const EntityName = Rule(
  { minLength: 2, maxLength: 100, pattern: '\\S' },
  '主体名称应为营业执照上的名称（2–100 字）',
  'must be the name on the business licence (2–100 characters)',
);
const LoginName = Rule(
  { pattern: LOGIN_NAME_PATTERN },
  '登录名长度 6–15 位，可用英文字母、数字及 _ . - @',
  'must be 6–15 letters, digits or _ . - @',
);
const Password = Rule(
  { pattern: PASSWORD_PATTERN },
  '密码长度 6–15 位，须同时包含字母和数字',
  'must be 6–15 characters with both letters and digits',
);

/** `POST /accounts/check-name` body. */
export const CheckNameBody = Type.Object({ entityName: EntityName }, { additionalProperties: false });
/** `POST /accounts/check-login` body. */
export const CheckLoginBody = Type.Object(
  { loginName: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
/** Whether a name is free, and why not. */
export const AvailabilitySchema = Type.Object({
  available: Type.Boolean(),
  reason: Type.Optional(BilingualSchema),
});

/** `POST /accounts` body. */
export const RegisterBody = Type.Object(
  {
    entityName: EntityName,
    loginName: LoginName,
    password: Password,
    confirmPassword: Type.String({ maxLength: 64 }),
    contactName: Type.String({ minLength: 1, maxLength: 50 }),
    mobile: MobileSchema,
    email: EmailSchema,
  },
  { additionalProperties: false },
);
/** A registered, not yet activated account. */
export const RegisteredSchema = Type.Object({
  id: Type.String(),
  enterpriseId: Type.String(),
  loginName: Type.String(),
  entityName: Type.String(),
  status: Type.Literal('pending_activation'),
});

/** A one-time token from an activation or reset message. */
export const TokenBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
/** An activated account. */
export const ActivatedSchema = Type.Object({ activated: Type.Literal(true), loginName: Type.String() });

/** An account named by its login name (resend, forgotten password). */
export const ByLoginBody = Type.Object(
  { loginName: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
/** A message sent (or not, without saying whether the account exists). */
export const SentSchema = Type.Object({ sent: Type.Boolean() });

/** `POST /accounts/password/reset` body. */
export const ResetPasswordBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    password: Password,
    confirmPassword: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);
/** A reset password. */
export const PasswordResetSchema = Type.Object({ reset: Type.Literal(true), loginName: Type.String() });
