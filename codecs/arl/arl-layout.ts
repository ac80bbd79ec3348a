import type { CompiledLayout } from '../fixed-width/compiled-layout.js';
import type { EntityContract } from '../fixed-width/entity-file.js';
import { assertEntityContract } from '../fixed-width/entity-file.js';
import { loadLayout } from '../fixed-width/load-layout.js';
import type { ArlErrorLevel } from './arl-model.js';

/** The ARL profile (codecs/layouts/arl.json) and the part of it the reader and writer depend on. */

export const ARL_ENTITY = { header: '000', counts: '010', error: '020', end: '999' } as const;

/** Error levels as written in entity 020: words, so that a plain-text ARL reads by itself. */
export const ARL_LEVEL_ON_WIRE: Record<ArlErrorLevel, string> = { file: 'FICHIER', lot: 'LOT', invoice: 'FACTURE' };

export const ARL_CONTRACT: EntityContract = {
  '000': {
    emitterId: 'text', lotNumber: 'text', fileNumber: 'text', constitutionDate: 'number',
    receiverId: 'text', receptionDate: 'number', status: 'text',
  },
  '010': {
    invoicesReceived: 'number', invoicesAccepted: 'number', receivedAmountCents: 'number',
    declaredInvoices: 'number', declaredAmountCents: 'number',
  },
  '020': { level: 'text', errorCode: 'text', invoiceNumber: 'text', line: 'number', label: 'text' },
  '999': { entityCount: 'number' },
};

let shipped: CompiledLayout | undefined;

/** The shipped profile, loaded and checked once. */
export function arlLayout(): CompiledLayout {
  shipped ??= loadArlLayout('arl');
  return shipped;
}

/** A profile by name or path, checked against the contract. */
export function loadArlLayout(nameOrPath: string): CompiledLayout {
  const layout = loadLayout(nameOrPath);
  assertEntityContract(layout, ARL_CONTRACT);
  return layout;
}
