import type { Invoice } from '../../engine/domain/invoice.js';
import type { Motive, MotiveCode } from '../../engine/domain/motive.js';
import type { ReferentialView } from '../../engine/domain/referential-view.js';
import type { DateYmd } from '../../engine/domain/units.js';
import { assessInvoice } from '../../engine/rules/assess-invoice.js';
import type { Assessment } from '../../engine/rules/assessment.js';
import { RECEIVED_DATE } from './invoice-builder.js';

export const codesOf = (motives: readonly Motive[]): MotiveCode[] => motives.map((m) => m.code);

export const assess = (invoice: Invoice, ref: ReferentialView, receivedDate: number = RECEIVED_DATE): Assessment =>
  assessInvoice(invoice, ref, { receivedDate: receivedDate as DateYmd });

/** Runs one rule family that pushes into a motives array and returns what it pushed. */
export function collect(run: (motives: Motive[]) => void): Motive[] {
  const motives: Motive[] = [];
  run(motives);
  return motives;
}
