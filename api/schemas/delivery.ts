/** Schemas of the delivery of an order's UKeys (物流信息, 我的签收). */
import { Type } from '@sinclair/typebox';
import { DELIVERY_STATUSES } from '../../domain/delivery';
import { BilingualSchema, Moment, Nullable, StringEnum, View } from './common';

const deliveryFields = {
  status: StringEnum(DELIVERY_STATUSES),
  method: Nullable(StringEnum(['courier', 'pickup'])),
  carrier: Nullable(Type.String()),
  carrierLabel: Nullable(BilingualSchema),
  trackingNo: Nullable(Type.String()),
  dispatchedAt: Nullable(Moment),
  autoConfirmAt: Nullable(Moment),
  receivedAt: Nullable(Moment),
  confirmedBy: Nullable(StringEnum(['applicant', 'auto'])),
};

/** The delivery of an order's UKeys: dispatched by a carrier or set aside for pickup, and its receipt. */
export const DeliverySchema = View(deliveryFields);

/** 我的签收 — dispatched orders, each with its delivery. */
export const DeliveryListSchema = Type.Object({
  items: Type.Array(
    View({
      orderId: Type.String(),
      orderNo: Type.String(),
      name: Type.String(),
      quantity: Type.Integer(),
      shipping: Type.Unknown(),
      ...deliveryFields,
    }),
  ),
});
