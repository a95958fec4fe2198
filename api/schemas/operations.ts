/** Operations: health and readiness, the codec endpoint, the development outbox. */
import { Type, type Static } from '@sinclair/typebox';

/** `GET /health`. */
export const HealthSchema = Type.Object({ status: Type.Literal('ok') });

/** One dependency's check. */
const CheckSchema = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) });
/** `GET /ready`: each dependency's check. */
export const ReadinessSchema = Type.Object({ status: Type.String(), checks: Type.Record(Type.String(), CheckSchema) });

/** A payload as the Temporal codec server protocol carries it (base64 metadata and data). */
export const JsonPayloadSchema = Type.Object({
  metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
  data: Type.Optional(Type.String()),
});
/** A payload as the codec protocol carries it. */
export type JsonPayload = Static<typeof JsonPayloadSchema>;
/** The codec endpoints' body, in and out. */
export const PayloadsSchema = Type.Object({ payloads: Type.Array(JsonPayloadSchema, { maxItems: 1000 }) });

/** `GET /dev/outbox` filters. */
export const OutboxQuery = Type.Object({
  to: Type.Optional(Type.String({ maxLength: 254, description: 'a mobile number or an email address' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});
/** A message the development outbox holds. */
const OutboxMessageSchema = Type.Object({
  channel: Type.String(),
  to: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  at: Type.String(),
});
/** The messages the development outbox holds, newest first. */
export const OutboxListSchema = Type.Object({ items: Type.Array(OutboxMessageSchema) });
