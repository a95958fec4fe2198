/** Every workflow the main worker runs (one file per process). */
export { certificateOrder } from './certificate-order';
export { registrationReview } from './registration';
export { stationInventory } from './station';
