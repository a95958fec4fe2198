/** Certificate renewal (续期): the pre-filled renewal order and the order placed. */
import { Type } from '@sinclair/typebox';
import { Moment, Nullable, View } from './common';

/** `GET /enterprise/certificates/:serial/renewal` — the renewal order pre-filled. */
export const RenewalPrefillSchema = View({
  certificate: View({
    serial: Type.String(),
    tokenSerial: Type.String({ description: '锁号 — the UKey renewed (the same one gets the new certificate)' }),
    ukeyModel: Type.String(),
    subject: Type.String(),
    notAfter: Moment,
    status: Type.String(),
  }),
  service: View({ id: Type.String(), name: Type.String(), termYears: Type.Integer() }),
  renewalPriceFen: Type.Integer({ description: 'The catalogue’s renewal price of the service' }),
  graceEndsAt: Type.String({ format: 'date-time', description: 'Expiry plus RENEWAL_GRACE_DAYS: the last renewal' }),
  reviewNeeded: Type.Boolean({ description: 'The enterprise record changed since issue: materials are reviewed' }),
  changedFields: Type.Array(Type.String()),
  registration: Type.Unknown(),
  openOrder: Nullable(View({ id: Type.String(), orderNo: Type.String(), status: Type.String() })),
});

/** `POST /enterprise/certificates/:serial/renewal` — the renewal order placed. */
export const RenewalPlacedSchema = Type.Object({
  id: Type.String(),
  orderNo: Type.String(),
  totalFen: Type.Integer(),
  status: Type.Literal('unpaid'),
  processId: Type.String(),
  reviewNeeded: Type.Boolean(),
});
