/**
 * A certificate's lifetime, from installation on a UKey to its end: reminders to the handler and the
 * enterprise contact at the configured days before expiry (30, 7, 1 …), the certificate and its binding
 * marked expired at not-after — or revoked earlier (by the CA administrator, or a lost or broken UKey),
 * which deactivates the binding at once — or superseded by a renewal of its UKey (recorded by the station).
 *
 * Live patch IDs: none.
 */
import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BindingActivities } from '../activities/binding';
import {
  revokeUpdate,
  supersededSignal,
  type LifecycleEnd,
  type LifecycleInput,
  type RevokeInput,
} from '../contracts/certificate-lifecycle';
import { msg } from '../domain/text';
import { EFFECT_ACTIVITY } from './activity-options';

const acts = proxyActivities<BindingActivities>(EFFECT_ACTIVITY);

const DAY = 86_400_000;

/** Follows one certificate until it expires or is revoked. */
export async function certificateLifecycle(input: LifecycleInput): Promise<LifecycleEnd> {
  const notAfter = Date.parse(input.notAfter);
  const now = () => new Date().getTime();
  let revocation: RevokeInput | null = null;
  let ended = false;

  setHandler(
    revokeUpdate,
    async (r) => {
      revocation = r;
      return acts.revokeCertificate({
        serialHex: input.serialHex,
        reason: r.reason,
        actorId: r.actorId,
        note: r.note ?? null,
      });
    },
    {
      validator: (_r: RevokeInput) => {
        if (ended || revocation) {
          const en = revocation ? 'The certificate is already revoked' : 'The certificate has expired';
          throw ApplicationFailure.create({
            type: 'CertificateEnded',
            message: en,
            details: [{ message: msg(revocation ? '证书已吊销' : '证书已过期', en) }],
            nonRetryable: true,
          });
        }
      },
    },
  );
  setHandler(supersededSignal, ({ by }) => {
    if (!ended) revocation ??= { reason: 'superseded', actorId: 'renewal', note: `superseded by ${by}` };
  });
  const revoked = () => revocation !== null;

  for (const days of [...new Set(input.reminderDays)].sort((a, b) => b - a)) {
    const remindAt = notAfter - days * DAY;
    if (remindAt <= now() && notAfter - now() < (days - 1) * DAY) continue; // a threshold already well past
    if (remindAt > now() && (await condition(revoked, remindAt - now()))) break;
    if (revoked()) break;
    await acts.remindExpiry({ serialHex: input.serialHex, daysLeft: days, notAfter: input.notAfter });
  }
  if (!revoked() && notAfter > now()) await condition(revoked, notAfter - now());
  if (revoked()) {
    await condition(allHandlersFinished);
    return 'revoked';
  }
  ended = true;
  await acts.markExpired({ serialHex: input.serialHex });
  return 'expired';
}
