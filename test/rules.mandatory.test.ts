import { describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { checkMandatory } from '../engine/rules/mandatory.js';
import { codesOf, collect } from './support/assess.js';
import { invoiceOf } from './support/invoice-builder.js';

describe('P8 / S4 — mandatory rubrics of an invoice (R. 161-42, protocol §5-2)', () => {
  it('P8: a complete invoice lacks no rubric', () => {
    expect(collect((m) => checkMandatory(invoiceOf(), m))).toEqual([]);
  });

  it('S4: a zero invoice number is a missing rubric, named in the label', () => {
    const motives = collect((m) => checkMandatory(invoiceOf([{}], { invoiceNumber: '000000000' }), m));
    expect(motives).toEqual([{ code: 'RUBRIQUE_MANQUANTE', label: 'Rubrique obligatoire absente : n° de facture' }]);
  });

  it('P8: one motive lists every missing rubric of the invoice and of its lines', () => {
    const invoice = invoiceOf([{}, { actDate: 0, actCode: '  ' }], {
      nir: '',
      birthDate: 0 as DateYmd,
      birthRank: 0,
      amcNumber: '0000000000',
      practitionerId: '',
    });
    const motives = collect((m) => checkMandatory(invoice, m));
    expect(motives).toEqual([
      {
        code: 'RUBRIQUE_MANQUANTE',
        label:
          'Rubrique obligatoire absente : identifiant du professionnel, n° AMC, NIR, date de naissance, rang de naissance, date des soins (ligne 2), code acte (ligne 2)',
      },
    ]);
  });

  it('P8: an invoice without lines misses its lines', () => {
    const motives = collect((m) => checkMandatory(invoiceOf([]), m));
    expect(motives.map((m) => m.label)).toEqual(['Rubrique obligatoire absente : ligne de facture']);
  });

  it('a date of care that names no day is malformed, not missing', () => {
    const motives = collect((m) => checkMandatory(invoiceOf([{ actDate: 20261341 }]), m));
    expect(motives).toEqual([{ code: 'STRUCTURE_INVALIDE', label: 'Facture mal formée : date des soins (ligne 1) invalide' }]);
  });

  it('a "lunar" birth date (unknown day) is accepted: the card must carry the same', () => {
    expect(collect((m) => checkMandatory(invoiceOf([{}], { birthDate: 19850700 as DateYmd }), m))).toEqual([]);
  });

  it('S4: a NIR whose key is wrong → NIR_INVALIDE', () => {
    expect(codesOf(collect((m) => checkMandatory(invoiceOf([{}], { nirKey: '09' }), m)))).toEqual(['NIR_INVALIDE']);
  });

  it('a missing NIR is reported once, as a missing rubric, not also as a bad key', () => {
    expect(codesOf(collect((m) => checkMandatory(invoiceOf([{}], { nir: '', nirKey: '' }), m)))).toEqual(['RUBRIQUE_MANQUANTE']);
  });
});
