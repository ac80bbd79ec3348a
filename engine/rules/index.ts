export { assessInvoice } from './assess-invoice.js';
export type { Assessment, AssessmentContext } from './assessment.js';
export type { PecToConsume } from './pec.js';
export { motive } from './motive-factory.js';
