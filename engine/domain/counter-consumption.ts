/** What one paid invoice took from a counter (or, negative, what a regularisation gave back). */
export interface CounterConsumption {
  key: string;
  /** yyyymmdd: the date of care the counter is consumed at. */
  careDate: number;
  cents: number;
  acts: number;
  practitionerId: string;
  invoiceNumber: string;
  /** The first invoice of the care: a regularisation finds what the care took by it. */
  originalInvoice: string;
}

/** A counter's consumption over a window of care dates. */
export interface CounterTotal {
  cents: number;
  acts: number;
}
