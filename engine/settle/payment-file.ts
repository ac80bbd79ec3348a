import { pain001Text, type Pain001Account } from '../../codecs/sepa/pain001.js';
import { isBusinessDay } from '../calendar/banking-calendar.js';
import { formatIso } from '../calendar/ymd.js';
import type { Practitioner } from '../domain/referential.js';
import type { DateYmd } from '../domain/units.js';
import type { Transfer } from './transfers.js';

/** What the payment file needs beyond the transfers: all of it from the run parameters. */
export interface PaymentFileParameters {
  /** ≤ 35 SEPA characters, unique for the operator's bank (e.g. derived from the run id). */
  messageId: string;
  /** The run's clock time as an ISO date-time (never the wall clock: replays give the same bytes). */
  createdAt: string;
  /** ReqdExctnDt: a TARGET business day (execution-date.ts), never a day the interbank system is shut. */
  requestedExecutionDate: DateYmd;
  /** The operator's paying account (debtor and initiating party). */
  operator: Pain001Account;
}

/**
 * The run's SEPA pain.001 (rules.md §7.3): one transaction per transfer, paid to the IBAN the
 * referential holds for the practitioner. A transfer to a practitioner the referential does not
 * know is a programmer error — the rules reject such invoices (PS_INCONNU) — so it throws.
 * A run without transfers writes no payment file; the caller checks `transfers.length`.
 * An execution date on a TARGET closing day is a programmer error too: the run parameters only
 * ever hold an open day (run-options.ts refuses the others), so it throws rather than ask a bank
 * for a settlement that cannot happen.
 */
export function buildPaymentFile(
  transfers: readonly Transfer[],
  practitionerOf: (billingId: string) => Practitioner | undefined,
  parameters: PaymentFileParameters,
): string {
  return [...paymentFileText(transfers, practitionerOf, parameters)].join('');
}

/**
 * The same file as pieces of text (pain001Text), which the run writes as they come. The
 * transfers' creditors are all looked up before the first piece.
 */
export function paymentFileText(
  transfers: readonly Transfer[],
  practitionerOf: (billingId: string) => Practitioner | undefined,
  parameters: PaymentFileParameters,
): Iterable<string> {
  if (!isBusinessDay(parameters.requestedExecutionDate, 'TARGET')) {
    throw new Error(`execution date ${formatIso(parameters.requestedExecutionDate)} is a TARGET closing day`);
  }
  return pain001Text({
    messageId: parameters.messageId,
    createdAt: parameters.createdAt,
    initiatingPartyName: parameters.operator.name,
    paymentInfoId: parameters.messageId,
    requestedExecutionDate: formatIso(parameters.requestedExecutionDate),
    debtor: parameters.operator,
    transfers: transfers.map((transfer) => {
      const practitioner = practitionerOf(transfer.practitionerId);
      if (practitioner === undefined) {
        throw new Error(`transfer ${transfer.endToEndId}: practitioner ${transfer.practitionerId} is not in the referential`);
      }
      return {
        endToEndId: transfer.endToEndId,
        amountCents: transfer.amountCents,
        creditor: { name: practitioner.name, iban: practitioner.iban, bic: practitioner.bic },
        remittance: transfer.remittance,
      };
    }),
  });
}
