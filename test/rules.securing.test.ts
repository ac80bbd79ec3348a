import { describe, expect, it } from 'vitest';
import type { SecuringMode } from '../engine/domain/invoice.js';
import { checkSecuring } from '../engine/rules/securing.js';
import { collect } from './support/assess.js';
import { invoiceOf } from './support/invoice-builder.js';

describe('S1 — SESAM "dégradé" carries no payment guarantee (seed 004)', () => {
  it('S1: a dégradé invoice → SECURISATION_DEGRADEE', () => {
    const motives = collect((m) => checkSecuring(invoiceOf([{}], { securingMode: 'DEGRADE' }), m));
    expect(motives).toEqual([{ code: 'SECURISATION_DEGRADEE', label: 'Facture SESAM dégradé sans garantie de paiement' }]);
  });

  it.each<SecuringMode>(['VITALE', 'PAPER', 'ETABLISSEMENT'])('S1: a %s invoice keeps its guarantee', (securingMode) => {
    expect(collect((m) => checkSecuring(invoiceOf([{}], { securingMode }), m))).toEqual([]);
  });
});
