/** Every workflow the main worker runs (one file per process). */
export { registrationReview } from './registration';
