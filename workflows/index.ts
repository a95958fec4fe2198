/** Every workflow the main worker runs (one file per process). */
export { bindingApproval } from './binding';
export { certificateLifecycle } from './certificate-lifecycle';
export { certificateOrder } from './certificate-order';
export { certificateRenewal } from './certificate-renewal';
export { registrationReview } from './registration';
export { stationOperation } from './station-call';
export { enterpriseChange } from './enterprise-change';
export { orderRefund } from './order-refund';
