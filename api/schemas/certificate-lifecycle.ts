/** Issued certificates: revocation by the CA administrator, a lost or broken UKey reported by its enterprise. */
import { Type } from '@sinclair/typebox';
import { Moment, Nullable, StringEnum, View } from './common';

/** Path parameter `:serial` (hex). */
export const SerialParams = Type.Object({ serial: Type.String({ pattern: '^[0-9a-fA-F]{1,64}$' }) });

/** `POST /ca/certificates/:serial/revoke` body. */
export const RevokeBody = Type.Object(
  {
    reason: StringEnum([
      'unspecified',
      'keyCompromise',
      'affiliationChanged',
      'superseded',
      'cessationOfOperation',
    ] as const),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** `POST /enterprise/certificates/:serial/report-lost` body. */
export const ReportLostBody = Type.Object(
  {
    kind: StringEnum(['lost', 'broken'] as const, { description: 'lost (遗失) or broken (损坏)' }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** Issued certificates. */
export const CertificateListSchema = Type.Object({
  items: Type.Array(
    View({
      serial: Type.String(),
      orderId: Type.String(),
      enterpriseId: Type.String(),
      tokenSerial: Type.Unknown(),
      subject: Type.String(),
      notBefore: Moment,
      notAfter: Moment,
      status: Type.String(),
      lifecycle: Type.String(),
      revokedAt: Nullable(Moment),
      revocationReason: Type.Unknown(),
      subjectOutdated: Type.Boolean({
        description: 'the subject names the enterprise as it was before a change of its name or credit code',
      }),
      reissue: Nullable(
        View({ serviceId: Type.String(), quantity: Type.Integer() }, 'the re-issue order to offer (subject outdated)'),
      ),
      supersededBy: Nullable(Type.String({ description: 'The certificate a renewal put on the UKey in its place' })),
      renewal: View(
        {
          state: Type.Union([Type.Literal('available'), Type.Literal('ordered'), Type.Literal('closed')]),
          orderId: Nullable(Type.String()),
          orderNo: Nullable(Type.String()),
          graceEndsAt: Moment,
          reason: Type.Unknown(),
        },
        '续期 — whether the certificate can be renewed, its renewal order, or why not (a new order is needed)',
      ),
    }),
  ),
});

/** A certificate revoked (a lost UKey's report also answers the pre-filled re-issue order as `reissue`). */
export const RevokedSchema = View({
  serial: Type.String(),
  status: Type.String(),
  revokedAt: Type.Unknown(),
  reissue: Type.Optional(Type.Unknown()),
});
