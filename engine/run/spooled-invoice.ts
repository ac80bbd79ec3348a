import type { Channel } from '../domain/invoice.js';
import type { Decision } from '../domain/decision.js';
import type { Cents, DateYmd } from '../domain/units.js';
import { NO_ACT_LINES } from '../../codecs/binary/packed-act-lines.js';
import { returnsTailOf } from './spool-returns-tail.js';

/** What a run must remember of each decided invoice until the end-of-run outputs are written. */
export interface SpooledInvoice {
  decision: Decision;
  channel: Channel;
  nir: string;
  nirKey: string;
  birthRank: number;
  careDate: DateYmd;
  /** The functional-duplicate key's 64 bits (rules.md §5.3), high and low halves, unsigned. */
  functionalKeyHi: number;
  functionalKeyLo: number;
  pecNumber: string;
  pecCents: Cents;
  /** The AMO part the invoice declares: the return's 060 writes it (montant payé AMO). */
  amoCents: Cents;
  /** The invoice's act lines for the return's 070s, packed (codecs/binary/packed-act-lines.ts). */
  actLines: Uint8Array;
  /** The nature d'assurance the invoice carries ('' when its format has none), for the 060. */
  natureAssurance: string;
  /** Its lot's date from the lot header, yyyymmdd (0: none, paper), for the 050. */
  lotSendDate: DateYmd;
  lateBankingDays: boolean;
}

/**
 * What the spool writes of an invoice (spool-row-codec.ts): the fields only the returns read come
 * as the bytes the worker made of them (spool-returns-tail.ts), which the main thread copies
 * without reading; the spool reads them back as SpooledInvoice's fields.
 */
export interface SpoolRowInput extends Omit<SpooledInvoice, 'nir' | 'nirKey' | 'amoCents' | 'actLines' | 'natureAssurance'> {
  returnsTail: Uint8Array;
}

/**
 * A row to fill again for each invoice the run spools (DayBook): the spool encodes it at once and
 * keeps nothing of it, so one object does for the night instead of one an invoice.
 */
export function emptySpoolRowInput(): SpoolRowInput {
  return {
    decision: {
      sequence: 0, file: '', lot: '', line: 0, invoiceNumber: '', practitionerId: '', amcNumber: '', status: 'REJECTED',
      paidCents: 0 as Cents, claimedCents: 0 as Cents, motives: [], receivedDate: 0 as DateYmd, dueDate: 0 as DateYmd,
    },
    channel: 'B2_PS', birthRank: 0, careDate: 0 as DateYmd, functionalKeyHi: 0, functionalKeyLo: 0,
    pecNumber: '', pecCents: 0 as Cents, returnsTail: EMPTY_RETURNS_TAIL, lotSendDate: 0 as DateYmd,
    lateBankingDays: false,
  };
}

/**
 * An invoice for the spool's reader to fill (SpoolRowReader.invoiceInto). The decision's optional
 * fields are there from the start, so that every invoice read has one shape whatever its row holds.
 */
export function emptySpooledInvoice(): SpooledInvoice {
  return {
    decision: {
      sequence: 0, file: '', lot: '', line: 0, invoiceNumber: '', practitionerId: '', amcNumber: '', status: 'REJECTED',
      paidCents: 0 as Cents, claimedCents: 0 as Cents, motives: [], receivedDate: 0 as DateYmd, dueDate: 0 as DateYmd,
      channel: undefined, c2sIncreaseCents: undefined,
    },
    channel: 'B2_PS', nir: '', nirKey: '', birthRank: 0, careDate: 0 as DateYmd, functionalKeyHi: 0, functionalKeyLo: 0,
    pecNumber: '', pecCents: 0 as Cents, amoCents: 0 as Cents, actLines: NO_ACT_LINES, natureAssurance: '', lotSendDate: 0 as DateYmd,
    lateBankingDays: false,
  };
}

/** The row the spool writes for an invoice it would read back as `inv` (tests, tools: not a hot path). */
export function spoolRowInputOf(inv: SpooledInvoice): SpoolRowInput {
  const { nir, nirKey, amoCents, actLines, natureAssurance, ...rest } = inv;
  return { ...rest, returnsTail: returnsTailOf({ nir, nirKey, amoCents, natureAssurance }, actLines) };
}

const EMPTY_RETURNS_TAIL = returnsTailOf({ nir: '', nirKey: '', amoCents: 0, natureAssurance: '' });
