import { describe, expect, it } from 'vitest';
import type { SecuringMode } from '../engine/domain/invoice.js';
import { checkSecuring } from '../engine/rules/securing.js';
import { assessAnnulation } from '../engine/rules/operation-nature.js';
import type { Cents } from '../engine/domain/units.js';
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
  it('an annulation asks for nothing: only its own form is checked, its computed part is 0 (the commit step judges it)', () => {
    const annulation = { ...invoiceOf([{ amc: 900 }]), nature: 'ANNULATION' as const, refersTo: '000000042' };
    const assessment = assessAnnulation(annulation);
    expect(assessment.motives).toEqual([]);
    expect(assessment.amcCents).toBe(0);
    expect(assessment.pecToConsume).toBeNull();
  });

  it('an annulation whose totals contradict its lines is still refused for that', () => {
    const broken = { ...invoiceOf([{}]), nature: 'ANNULATION' as const, refersTo: '000000042', declaredFeeCents: 1 as Cents };
    expect(assessAnnulation(broken).motives.map((m) => m.code)).toEqual(['TOTAL_INCOHERENT']);
  });
});
