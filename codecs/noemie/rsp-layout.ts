import type { CompiledField, CompiledLayout } from '../fixed-width/compiled-layout.js';
import type { EntityContract } from '../fixed-width/entity-file.js';
import { assertEntityContract } from '../fixed-width/entity-file.js';
import { loadLayout } from '../fixed-width/load-layout.js';
import { isPrintableAscii, toB2Text } from '../fixed-width/transliterate.js';
import type { RspAct } from './rsp-model.js';

/**
 * The NOEMIE 580 profile (codecs/layouts/noemie-580.json) and the part of it the reader and
 * writer depend on. Positions are data; the entity numbers and field names below are code.
 */

export const RSP_ENTITY = {
  header: '000',
  mandant: '010',
  payee: '020',
  accountingDay: '030',
  transfer: '040',
  lot: '050',
  invoice: '060',
  regularisation: '065',
  /** Majoration C2S: the 10 % increase an AMO fund's late claim is paid with (tpliq's placeholder). */
  c2sIncrease: '067',
  act: '070',
  motive: '080',
  /** Suite du libellé: the rest of a motive label longer than the 080's zone (label-parts.ts). */
  motiveContinuation: '081',
  offset: '085',
  levelTotals: '990',
  fileEnd: '999',
} as const;

/** Levels a 990 closes, by the entity number that opens them (formats.md N4). */
export type RspLevel = typeof RSP_ENTITY.header | typeof RSP_ENTITY.mandant | typeof RSP_ENTITY.lot;

/** Level of the motive in 080: tpliq pays or rejects whole invoices, so always the invoice. */
export const MOTIVE_LEVEL_INVOICE = 'F';
/** Invoice status on the wire: a paid invoice with motives is "paid with signalement". */
export const STATUS_PAID = 'P';
export const STATUS_PAID_WITH_SIGNALEMENT = 'S';
export const STATUS_REJECTED = 'R';
/** Kind of an 080: R rejet, S signalement. */
export const MOTIVE_REJECTION = 'R';
export const MOTIVE_SIGNALEMENT = 'S';

export const RSP_CONTRACT: EntityContract = {
  '000': { reference: 'text', emitterId: 'text', practitionerId: 'text', creationDate: 'number', fileNumber: 'number' },
  '010': { amcNumber: 'text', amcName: 'text' },
  '020': { practitionerId: 'text', practitionerName: 'text' },
  '030': { accountingDate: 'number' },
  '040': { transferReference: 'text', paymentDate: 'number', amountCents: 'number' },
  '050': { lotNumber: 'text', sendDate: 'number', invoiceCount: 'number' },
  '060': { invoiceNumber: 'text', nir: 'text', nirKey: 'text', rank: 'number', careDate: 'number', natureAssurance: 'text', claimedCents: 'number', amoPaidCents: 'number', paidCents: 'number', status: 'text' },
  '065': { nature: 'text', rectifiedInvoice: 'text', previousCents: 'number', newCents: 'number', deltaCents: 'number' },
  '070': { actCode: 'text', actDate: 'number', quantity: 'number', coefficientHundredths: 'number', baseCents: 'number', amoCents: 'number', amcCents: 'number' },
  '080': { kind: 'text', motiveCode: 'text', label: 'text', level: 'text' },
  '081': { sequence: 'number', joint: 'text', label: 'text' },
  '085': { debtInvoice: 'text', originalInvoice: 'text', debtDate: 'number', offsetCents: 'number', remainingCents: 'number' },
  '990': { levelClosed: 'text', entityCount: 'number', paidTotalCents: 'number', rejectedTotalCents: 'number' },
  '999': { entityCount: 'number' },
};

/** The width of a layout's label zones: the 080's for a label's first part, the 081's for the rest. */
export interface MotiveLabelWidths {
  firstChars: number;
  continuationChars: number;
  /** The most 081s one motive may have: what the 081 sequence zone can number. */
  continuationsMax: number;
}

export function motiveLabelWidthsOf(layout: CompiledLayout): MotiveLabelWidths {
  const field = (code: string, name: string): number => {
    const length = layout.records.get(code)?.byName.get(name)?.length;
    if (length === undefined) throw new Error(`layout ${layout.profile} has no field ${name} in entity ${code}`);
    return length;
  };
  return {
    firstChars: field(RSP_ENTITY.motive, 'label'),
    continuationChars: field(RSP_ENTITY.motiveContinuation, 'label'),
    continuationsMax: 10 ** field(RSP_ENTITY.motiveContinuation, 'sequence') - 1,
  };
}

/** The largest values the layout's 070 zones hold, worked out once per layout. */
interface ActZoneLimits {
  actCodeChars: number;
  quantityMax: number;
  coefficientMax: number;
  /** Signed amount zones: digits then a sign. */
  amountMax: number;
}

const actZoneLimits = new WeakMap<CompiledLayout, ActZoneLimits | null>();

function actZoneLimitsOf(layout: CompiledLayout): ActZoneLimits | null {
  let limits = actZoneLimits.get(layout);
  if (limits === undefined) {
    const record = layout.records.get(RSP_ENTITY.act);
    const field = (name: string): CompiledField | undefined => record?.byName.get(name);
    const digitsMax = (name: string): number => {
      const f = field(name);
      if (f === undefined) return -1;
      return 10 ** (f.kind === 'SAMT' ? f.length - 1 : f.length) - 1;
    };
    limits = record === undefined ? null : {
      actCodeChars: field('actCode')?.length ?? 0,
      quantityMax: digitsMax('quantity'),
      coefficientMax: digitsMax('coefficientHundredths'),
      amountMax: Math.min(digitsMax('baseCents'), digitsMax('amoCents'), digitsMax('amcCents')),
    };
    actZoneLimits.set(layout, limits);
  }
  return limits;
}

/**
 * Whether an act line can be written in the layout's 070 zones: the return is written from what
 * the invoice declared, and a layout (an operator's) may have narrower zones than the invoice's
 * format. The caller decides what to do with a line that does not fit; the writer would refuse it.
 * Amounts are the invoice's own, never negative; a date is a yyyymmdd number or 0.
 */
export function actFitsLayout(act: RspAct, layout: CompiledLayout): boolean {
  const limits = actZoneLimitsOf(layout);
  if (limits === null) return false;
  // Printable ASCII is written as it is: transliteration changes nothing but the case.
  const codeChars = isPrintableAscii(act.actCode) ? act.actCode.length : toB2Text(act.actCode).length;
  return codeChars <= limits.actCodeChars
    && withinZone(act.quantity, limits.quantityMax) && withinZone(act.coefficientHundredths, limits.coefficientMax)
    && withinZone(act.baseCents, limits.amountMax) && withinZone(act.amoCents, limits.amountMax) && withinZone(act.amcCents, limits.amountMax)
    && withinZone(act.actDate, 99991231);
}

function withinZone(value: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= max;
}

let shipped: CompiledLayout | undefined;

/** The shipped profile, loaded and checked once. */
export function noemie580Layout(): CompiledLayout {
  shipped ??= loadNoemie580Layout('noemie-580');
  return shipped;
}

/** A profile by name or path (an operator's official layout), checked against the contract. */
export function loadNoemie580Layout(nameOrPath: string): CompiledLayout {
  const layout = loadLayout(nameOrPath);
  assertEntityContract(layout, RSP_CONTRACT);
  return layout;
}
