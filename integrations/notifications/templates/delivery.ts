/** The delivery of an order's UKeys: what the handler is told when they are sent or ready at the desk. */
import type { TemplateSet } from './template';

/** Templates by name. */
export const deliveryTemplates: TemplateSet = {
  'order.dispatched': (p) => ({
    sms: `您的证书订单 ${p.orderNo} 的 UKey 已发货：${p.carrier}，运单号 ${p.trackingNo}。收到后请登录平台在“我的签收”中确认签收。`,
    subject: `订单 ${p.orderNo} 的 UKey 已发货 / UKeys dispatched`,
    email: `订单 ${p.orderNo} 的 UKey 已发货。\n快递公司：${p.carrier}\n运单号：${p.trackingNo}\n收到后请登录平台，在“我的签收”中确认签收。\n\nThe UKeys of order ${p.orderNo} were dispatched (${p.carrier}, tracking number ${p.trackingNo}). Confirm receipt under 我的签收 once they arrive.`,
  }),
  'order.pickup_ready': (p) => ({
    sms: `您的证书订单 ${p.orderNo} 的 UKey 已备好，请经办人携带身份证到 CA 服务窗口自取，领取后请在“我的签收”中确认签收。`,
    subject: `订单 ${p.orderNo} 的 UKey 待自取 / UKeys ready for pickup`,
    email: `订单 ${p.orderNo} 的 UKey 已备好，请经办人携带身份证到 CA 服务窗口自取，领取后请登录平台在“我的签收”中确认签收。\n\nThe UKeys of order ${p.orderNo} are ready for pickup at the CA desk: the handler brings their ID card. Confirm receipt under 我的签收 once collected.`,
  }),
};
