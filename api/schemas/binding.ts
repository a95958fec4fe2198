/** Process 4, CA binding: the UKey read on this computer or at a station. */
import { Type } from '@sinclair/typebox';
import { Moment, Nullable, View } from './common';

/**
 * The UKey to read (获取锁信息): plugged into this computer, as the UKey signing agent read it (its serial
 * and the certificate on it), or in the reader of a token station.
 */
export const LockBody = Type.Union([
  Type.Object(
    {
      tokenSerial: Type.String({ minLength: 1, maxLength: 64, description: '锁号 — the UKey plugged in here' }),
      certificate: Type.String({
        minLength: 1,
        maxLength: 16384,
        description: 'the certificate on it, base64 DER, as `GET /v1/tokens/:serial/certificate` of the agent gives it',
      }),
    },
    { additionalProperties: false, title: 'UKey plugged into this computer' },
  ),
  Type.Object(
    {
      stationId: Type.String({ minLength: 1, maxLength: 64 }),
      tokenSerial: Type.String({ minLength: 1, maxLength: 64, description: '锁号 — the UKey in the station' }),
    },
    { additionalProperties: false, title: "UKey in a station's reader" },
  ),
]);

/** A code and its bilingual label. */
const Labelled = View({ code: Type.String(), label: Type.Unknown() });

/** 获取锁信息 — the inserted UKey: its serial and its certificate, and whether a binding already holds it. */
export const LockInfoSchema = View({
  lockNo: Type.String(),
  certificate: View({
    serial: Type.String(),
    subject: Type.String(),
    issuer: Type.String(),
    notBefore: Moment,
    notAfter: Moment,
    fingerprintSha256: Type.String(),
  }),
  alreadyBound: Type.Boolean(),
});

/** A row of the CA-binding table (序号, 锁号, 主题, 到期时间, 使用状态, 变更状态, 审核状态). */
export const BindingRowSchema = View({
  no: Type.Integer(),
  id: Type.String(),
  lockNo: Type.String(),
  subject: Type.String(),
  certificateSerial: Type.String(),
  expiresAt: Moment,
  usage: Labelled,
  change: Labelled,
  review: Labelled,
  active: Type.Boolean(),
  reason: Type.Unknown(),
  processId: Nullable(Type.String()),
  createdAt: Moment,
});

/** The CA-binding table. */
export const BindingTableSchema = Type.Object({ items: Type.Array(BindingRowSchema) });

/** The table's changes submitted for review. */
export const BindingsSubmittedSchema = View({
  processId: Type.String(),
  changes: Type.Integer(),
  status: Type.String(),
});
