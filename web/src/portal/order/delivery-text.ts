/** The words of an order's delivery (物流信息, 我的签收), shared by the order's details and 我的签收. */
import type { Delivery } from '../../api/types';
import { msg, type Bilingual } from '../../i18n';

/** Each delivery status as the applicant reads it. */
export const DELIVERY_STATUS: Record<Delivery['status'], Bilingual> = {
  awaiting_dispatch: msg('待发货', 'Awaiting dispatch'),
  dispatched: msg('已发货', 'Dispatched'),
  awaiting_pickup: msg('待自取', 'Ready for pickup'),
  received: msg('已签收', 'Received'),
};

/** A received delivery's status, saying when receipt confirmed itself. */
export const deliveryStatus = (d: Pick<Delivery, 'status' | 'confirmedBy'>): Bilingual =>
  d.status === 'received' && d.confirmedBy === 'auto'
    ? msg('已签收（自动签收）', 'Received (confirmed automatically)')
    : DELIVERY_STATUS[d.status];

/** How the UKeys travel. */
export const DELIVERY_METHOD: Record<string, Bilingual> = {
  courier: msg('快递', 'Courier'),
  pickup: msg('自取', 'Pickup at the desk'),
};
