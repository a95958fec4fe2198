/** A certificate's lifetime: its expiry coming. */
import type { TemplateSet } from './template';

/** Templates by name. */
export const certificateLifecycleTemplates: TemplateSet = {
  'certificate.expiring': (p) => ({
    sms: `您的数字证书（锁号 ${p.tokenSerial}）将于 ${p.notAfter} 到期（还剩 ${p.daysLeft} 天），请及时办理续期。`,
    subject: `数字证书 ${p.daysLeft} 天后到期 / Certificate expires in ${p.daysLeft} days`,
    email: `您的数字证书（锁号 ${p.tokenSerial}，证书序列号 ${p.serialHex}）将于 ${p.notAfter} 到期（还剩 ${p.daysLeft} 天），请及时办理续期。\n\nYour certificate (UKey ${p.tokenSerial}, serial ${p.serialHex}) expires on ${p.notAfter}, in ${p.daysLeft} days.`,
  }),
};
