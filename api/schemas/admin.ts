/** Staff management by admins. */
import { Type } from '@sinclair/typebox';
import { ROLES, STAFF_ROLES } from '../../domain/roles';
import { EmailSchema, MobileSchema, PageQuery, StringEnum } from './common';

const StaffRoleSchema = StringEnum(STAFF_ROLES);

/** Staff passwords: at least 8 characters with letters and digits. */
export const StaffPasswordSchema = Type.String({
  minLength: 8,
  maxLength: 128,
  pattern: '^(?=.*[A-Za-z])(?=.*\\d).+$',
});

/** Body of `POST /api/v1/admin/users` (also checked by `npm run create-user`). */
export const CreateStaffBody = Type.Object(
  {
    loginName: Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.@-]+$' }),
    password: StaffPasswordSchema,
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    roles: Type.Array(StaffRoleSchema, { minItems: 1, maxItems: STAFF_ROLES.length }),
    department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    mobile: Type.Optional(MobileSchema),
    email: Type.Optional(EmailSchema),
  },
  { additionalProperties: false },
);

/** Body of `PATCH /api/v1/admin/users/:id`: what changes. */
export const ChangeStaffBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    roles: Type.Optional(Type.Array(StaffRoleSchema, { minItems: 1, maxItems: STAFF_ROLES.length })),
    department: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
    mobile: Type.Optional(Type.Union([MobileSchema, Type.Null()])),
    email: Type.Optional(Type.Union([EmailSchema, Type.Null()])),
    status: Type.Optional(StringEnum(['active', 'disabled'] as const)),
    password: Type.Optional(StaffPasswordSchema),
  },
  { additionalProperties: false },
);

/** `GET /api/v1/admin/users` filters. */
export const UserListQuery = Type.Object({
  ...PageQuery,
  role: Type.Optional(StringEnum(ROLES)),
  kind: Type.Optional(StringEnum(['staff', 'applicant'] as const)),
});
