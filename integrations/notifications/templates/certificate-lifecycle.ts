/** A certificate's lifetime: its expiry coming, and its renewal (续期) done. */
import type { TemplateSet } from './template';

/** Templates by name. */
export const certificateLifecycleTemplates: TemplateSet = {
  'certificate.expiring': (p) => ({
    sms: `您的数字证书（锁号 ${p.tokenSerial}）将于 ${p.notAfter} 到期（还剩 ${p.daysLeft} 天），请及时办理续期：${p.renewUrl}`,
    subject: `数字证书 ${p.daysLeft} 天后到期 / Certificate expires in ${p.daysLeft} days`,
    email: `您的数字证书（锁号 ${p.tokenSerial}，证书序列号 ${p.serialHex}）将于 ${p.notAfter} 到期（还剩 ${p.daysLeft} 天），请及时办理续期：${p.renewUrl}\n\nYour certificate (UKey ${p.tokenSerial}, serial ${p.serialHex}) expires on ${p.notAfter}, in ${p.daysLeft} days. Renew it here: ${p.renewUrl}`,
  }),
  'certificate.renewed': (p) => ({
    sms: `您的续期订单 ${p.orderNo} 已完成：UKey（锁号 ${p.tokenSerial}）已写入新证书，原证书已作废。`,
    subject: `证书续期完成 / Certificate renewed`,
    email: `续期订单 ${p.orderNo} 已完成：UKey（锁号 ${p.tokenSerial}）已写入新证书，原证书已作废（superseded）。\n\nRenewal order ${p.orderNo} is complete: UKey ${p.tokenSerial} holds its new certificate; the old one is superseded.`,
  }),
};
