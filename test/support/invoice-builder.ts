import type { Invoice, InvoiceLine } from '../../engine/domain/invoice.js';
import type { Cents, DateYmd } from '../../engine/domain/units.js';
import { AMC_NUMBER, BIRTH_DATE, NIR, NIR_KEY, PS_ID } from './referential-builder.js';

/** Default date of care of the test invoices, and a receipt day well inside the 3-month window. */
export const CARE_DATE = 20261112 as DateYmd;
export const RECEIVED_DATE = 20261120 as DateYmd;

/** Amounts in cents, as the tests write them; defaults are a G consultation 30.00 € at 70 %. */
export interface LineAmounts {
  actCode?: string;
  actDate?: number;
  base?: number;
  rate?: number;
  amo?: number;
  fee?: number;
  amc?: number;
  quantity?: number;
  /** Justification d'exonération of the line; blank by default. */
  exoCode?: string;
}

export function lineOf(amounts: LineAmounts = {}, lineNo = 1): InvoiceLine {
  const base = amounts.base ?? 3000;
  return {
    lineNo,
    actDate: (amounts.actDate ?? CARE_DATE) as DateYmd,
    actCode: amounts.actCode ?? 'G',
    quantity: amounts.quantity ?? 1,
    coefficientHundredths: 100,
    unitPriceCents: base as Cents,
    baseCents: base as Cents,
    amoRatePercent: amounts.rate ?? 70,
    amoCents: (amounts.amo ?? 2100) as Cents,
    feeCents: (amounts.fee ?? base) as Cents,
    amcDeclaredCents: (amounts.amc ?? 900) as Cents,
    exoCode: amounts.exoCode ?? ' ',
  };
}

/**
 * An invoice of these lines (numbered 1…n in order) whose declared totals are the sums of its
 * lines unless the overrides say otherwise.
 */
export function invoiceOf(lines: LineAmounts[] = [{}], overrides: Partial<Invoice> = {}): Invoice {
  const invoiceLines = lines.map((amounts, i) => lineOf(amounts, i + 1));
  const sum = (pick: (line: InvoiceLine) => number): Cents => invoiceLines.reduce((s, l) => s + pick(l), 0) as Cents;
  return {
    sequence: 1,
    channel: 'B2_PS',
    location: { file: 'inbox/test.b2', line: 1, byteOffset: 0, lot: '001' },
    practitionerId: PS_ID,
    invoiceNumber: '000000042',
    nature: 'INITIALE',
    securingMode: 'VITALE',
    duplicataOf: '',
    refersTo: '',
    amcNumber: AMC_NUMBER,
    memberNumber: '',
    nir: NIR,
    nirKey: NIR_KEY,
    birthDate: BIRTH_DATE,
    birthRank: 1,
    roSentDate: CARE_DATE,
    horsParcours: false,
    pecNumber: '',
    declaredFeeCents: sum((l) => l.feeCents),
    declaredAmoCents: sum((l) => l.amoCents),
    declaredAmcCents: sum((l) => l.amcDeclaredCents),
    lines: invoiceLines,
    ...overrides,
  };
}
