/** Processes 2 and 3, the certificate order: what the applicant and the handler are told. */
import { documentReasons, sentence, type TemplateSet } from './template';

/** Templates by name. */
export const certificateOrderTemplates: TemplateSet = {
  // The guide's wording of the SMS that carries the authorisation code and the initial PIN.
  'order.auth_code': (p) => ({
    sms: `尊敬的${p.handlerName}，您申请购买的证书已经完成审核，制证授权码：${p.authCode}，ukey 初始 pin 码：${p.pin}，请在收到 ukey 后登录制证页面 ${p.toolUrl}，并自行完成 ukey 制作。如有问题，请联系统一客服热线 4000878198.感谢您的使用！`,
    subject: `订单 ${p.orderNo} 已审核通过 / Order approved`,
    email: `尊敬的${p.handlerName}：\n\n订单 ${p.orderNo} 的申请材料已审核通过。制证授权码与 UKey 初始 PIN 码已通过短信发送至您的手机，请妥善保管。\n收到 UKey 后请在 ${p.toolUrl} 完成制证。\n\nOrder ${p.orderNo} is approved. The authorisation code and the UKey's initial PIN were sent to your mobile by SMS.`,
  }),
  'order.materials_rejected': (p) => ({
    sms: `您的证书订单 ${p.orderNo} 申请材料未通过审核：${sentence(p.documents ? documentReasons(p.documents, 'zh') : p.reason)}请更换材料后重新提交。`,
    subject: `订单 ${p.orderNo} 材料退回 / Materials refused`,
    email: `订单 ${p.orderNo} 的申请材料未通过审核。\n意见：${p.reason}\n${documentReasons(p.documents, 'zh')}\n请更换相应材料后重新提交。\n\nThe materials of order ${p.orderNo} were refused: ${p.reason}\n${documentReasons(p.documents, 'en')}`,
  }),
  'order.transfer_refused': (p) => ({
    sms: `您的证书订单 ${p.orderNo} 的银行汇款未能确认：${sentence(p.reason)}`,
    subject: `订单 ${p.orderNo} 汇款未确认 / Transfer not confirmed`,
    email: `订单 ${p.orderNo} 的银行汇款未能确认：${p.reason}\n\nThe bank transfer for order ${p.orderNo} was not confirmed: ${p.reason}`,
  }),
  'order.completed': (p) => ({
    sms: `您的证书订单 ${p.orderNo} 已完成，共制作 UKey ${p.quantity} 个。`,
    subject: `订单 ${p.orderNo} 已完成 / Order completed`,
    email: `订单 ${p.orderNo} 已完成，共制作 UKey ${p.quantity} 个。\n\nOrder ${p.orderNo} is complete: ${p.quantity} UKey(s) made.`,
  }),
};
