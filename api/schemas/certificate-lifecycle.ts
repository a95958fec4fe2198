/** Issued certificates: revocation by the CA administrator, a lost or broken UKey reported by its enterprise. */
import { Type } from '@sinclair/typebox';
import { StringEnum } from './common';

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
