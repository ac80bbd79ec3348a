import { describe, expect, it } from 'vitest';
import type { SecuringMode } from '../engine/domain/invoice.js';
import { checkSecuring } from '../engine/rules/securing.js';
import { checkOperationNature } from '../engine/rules/operation-nature.js';
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

describe('operation nature (DRE initiale / annulation / rectificative)', () => {
  it('a DRE annulation is never paid as a new invoice: it is set aside for regularisation', () => {
    const motives = collect((m) => checkOperationNature({ ...invoiceOf(), nature: 'ANNULATION', refersTo: '000000042' }, m));
    expect(motives).toEqual([{ code: 'ANNULATION_A_REGULARISER', label: "Demande d'annulation : régularisation à traiter (demande n° 000000042)" }]);
    expect(collect((m) => checkOperationNature({ ...invoiceOf(), nature: 'RECTIFICATIVE', refersTo: '000000042' }, m))).toEqual([]);
  });
});
