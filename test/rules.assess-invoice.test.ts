import { describe, expect, it } from 'vitest';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { MOTIVES } from '../engine/domain/motive.js';
import { assess, codesOf } from './support/assess.js';
import { assessInvoice } from '../engine/rules/assess-invoice.js';
import { RECEIVED_DATE } from './support/invoice-builder.js';
import { invoiceOf, type LineAmounts } from './support/invoice-builder.js';
import { beneficiaryOf, guaranteeOf, ReferentialBuilder } from './support/referential-builder.js';
import { parseRate } from '../engine/money/rate.js';

const medg100Tm = guaranteeOf('MEDG', 'TM', parseRate('100'));
const standard = () => new ReferentialBuilder().withGuarantee(medg100Tm);

describe('assessInvoice runs every stateless rule on one invoice', () => {
  it('G 30 € consultation, 100 % TM, everything in order → payable, AMC 9.00', () => {
    const assessment = assess(invoiceOf(), standard().build());
    expect(assessment).toEqual({ motives: [], amcCents: 900, lineAmcCents: [900], pecToConsume: null, careDate: 20261112, auditMismatches: 0, claims: [], signalements: [] });
  });

  it('--audit-arithmetic recomputes the lines with decimal.js and finds them equal', () => {
    const ref = standard().build();
    const assessment = assessInvoice(invoiceOf(), ref, { receivedDate: RECEIVED_DATE as DateYmd, auditArithmetic: true });
    expect(assessment.amcCents).toBe(900);
    expect(assessment.auditMismatches).toBe(0);
  });

  it('reports every motive found, not only the first, in the fixed family order', () => {
    const ref = standard()
      .withPractitioner({ conventionTo: 20261031 as DateYmd })
      .withBeneficiaries(beneficiaryOf({ rights: [{ from: 20260101 as DateYmd, to: 20261031 as DateYmd }] }))
      .build();
    const invoice = invoiceOf([{ amc: 950 }], { securingMode: 'DEGRADE', nirKey: '99', roSentDate: 20260601 as DateYmd });
    const assessment = assess(invoice, ref);
    expect(codesOf(assessment.motives)).toEqual([
      'NIR_INVALIDE',
      'SECURISATION_DEGRADEE',
      'PS_NON_CONVENTIONNE',
      'DROITS_FERMES',
      'HORS_DELAI',
      'MONTANT_AMC_DIFFERENT',
    ]);
    // The recomputation is still reported: the practitioner sees what would have been paid.
    expect(assessment.amcCents).toBe(900);
  });

  it('never reports the same motive code twice for one invoice', () => {
    const invoice = invoiceOf([{ actCode: 'ZZ1', amc: 100 }, { actCode: 'ZZ2', amc: 100 }, { amo: 1, actDate: 0 }, { amo: 2, actCode: '' }]);
    const codes = codesOf(assess(invoice, standard().build()).motives);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain('DOMAINE_NON_COUVERT');
    expect(codes).toContain('MONTANT_INCOHERENT');
    expect(codes).toContain('RUBRIQUE_MANQUANTE');
  });

  it('no beneficiary → nothing needing the contract is evaluated, and no amount is computed', () => {
    const assessment = assess(invoiceOf([{}], { nir: '2850775123456', nirKey: '' }), standard().build());
    expect(codesOf(assessment.motives)).toEqual(['NIR_INVALIDE', 'BENEF_INCONNU']);
    expect(assessment.amcCents).toBe(0);
    expect(assessment.lineAmcCents).toEqual([0]);
  });

  it('unknown practitioner → OPTAM status unknown, so no amount and no amount comparison', () => {
    const assessment = assess(invoiceOf([{ amc: 12_345 }]), standard().withoutPractitioners().build());
    expect(codesOf(assessment.motives)).toEqual(['PS_INCONNU']);
    expect(assessment.amcCents).toBe(0);
  });

  it('P6: an invoice is paid whole or rejected whole — one wrong line rejects it with its recomputation', () => {
    const assessment = assess(invoiceOf([{}, { amc: 800 }]), standard().build());
    expect(codesOf(assessment.motives)).toEqual(['MONTANT_AMC_DIFFERENT']);
    expect(assessment.lineAmcCents).toEqual([900, 900]);
  });

  it('rules.md §2.10 pharmacy invoice (PHOR box billed at 0.00 on a PHNO/PHCO card) → payable 9.10', () => {
    const ref = new ReferentialBuilder()
      .withGuarantee(guaranteeOf('PHNO', 'TM', parseRate('100')), guaranteeOf('PHCO', 'TM', parseRate('100')), guaranteeOf('PHOR', 'NOT_COVERED', 0))
      .build();
    const boxes: LineAmounts[] = [
      { actCode: 'PH7', base: 1000, rate: 65, amo: 650, fee: 1000, amc: 350 },
      { actCode: 'PH4', base: 800, rate: 30, amo: 240, fee: 800, amc: 560 },
      { actCode: 'PH2', base: 400, rate: 15, amo: 60, fee: 400, amc: 0 },
    ];
    const assessment = assess(invoiceOf(boxes), ref);
    expect(assessment.motives).toEqual([]);
    expect(assessment.lineAmcCents).toEqual([350, 560, 0]);
    expect(assessment.amcCents).toBe(910);
  });

  it('the same pharmacy invoice claiming 3.40 on the PHOR box is rejected whole', () => {
    const ref = new ReferentialBuilder()
      .withGuarantee(guaranteeOf('PHNO', 'TM', parseRate('100')), guaranteeOf('PHOR', 'NOT_COVERED', 0))
      .build();
    const boxes: LineAmounts[] = [
      { actCode: 'PH7', base: 1000, rate: 65, amo: 650, fee: 1000, amc: 350 },
      { actCode: 'PH2', base: 400, rate: 15, amo: 60, fee: 400, amc: 340 },
    ];
    expect(assess(invoiceOf(boxes), ref).motives.map((m) => m.label)).toEqual([
      'Prestation non couverte (ligne 2 : PH2, domaine PHOR)',
    ]);
  });

  it('non-OPTAM 200 % BR responsable from the referential → 180 %: declared 25.30 is payable', () => {
    const ref = new ReferentialBuilder()
      .withPractitioner({ optam: false })
      .withGuarantee(guaranteeOf('MEDS', 'BR_INCL_AMO', parseRate('200')))
      .build();
    const invoice = invoiceOf([{ actCode: 'C', base: 2300, rate: 70, amo: 1610, fee: 6000, amc: 2530 }]);
    const assessment = assess(invoice, ref);
    expect(assessment.motives).toEqual([]);
    expect(assessment.amcCents).toBe(2530);
  });

  it('an établissement is never capped as a non-OPTAM doctor', () => {
    const ref = new ReferentialBuilder()
      .withPractitioner({ optam: false, kind: 'ETABLISSEMENT' })
      .withGuarantee(guaranteeOf('MEDS', 'BR_INCL_AMO', parseRate('200')))
      .build();
    const invoice = invoiceOf([{ actCode: 'C', base: 2300, rate: 70, amo: 1610, fee: 6000, amc: 2990 }]);
    expect(assess(invoice, ref).amcCents).toBe(2990);
  });

  it('hors parcours G 30 € on a responsable 100 % TM card: declared 9.00 is payable', () => {
    const invoice = invoiceOf([{ base: 3000, rate: 30, amo: 900, fee: 3000, amc: 900 }], { horsParcours: true });
    expect(assess(invoice, standard().build()).motives).toEqual([]);
  });

  it('a malformed invoice is a list of motives, never an exception that loses the batch', () => {
    const ref = standard().withGuarantee(guaranteeOf('INFI', 'UNIT', 0, { amountCents: 500 as Cents })).build();
    const garbled = invoiceOf([{ actDate: 20261399, quantity: 1.5, actCode: 'AMI', base: -5, amc: 7 }], { birthDate: 0 as DateYmd });
    expect(codesOf(assess(garbled, ref).motives)).toEqual([
      'RUBRIQUE_MANQUANTE',
      'STRUCTURE_INVALIDE',
      'BENEF_HORS_CARTE',
      'MONTANT_INCOHERENT',
    ]);
    const empty = assess(invoiceOf([]), ref);
    expect(empty.careDate).toBe(0);
    expect(codesOf(empty.motives)).toEqual(['RUBRIQUE_MANQUANTE']);
  });

  it('the date of care is the earliest act date', () => {
    const invoice = invoiceOf([{ actDate: 20261112 }, { actDate: 20261103 }]);
    expect(assess(invoice, standard().build()).careDate).toBe(20261103);
  });

  it('is deterministic: the same invoice gives the same assessment', () => {
    const invoice = invoiceOf([{ amc: 1 }, { actCode: 'ZZZ' }], { securingMode: 'DEGRADE' });
    const ref = standard().build();
    expect(assess(invoice, ref)).toEqual(assess(invoice, ref));
  });

  it('every motive label starts with the clear label of its code', () => {
    const invoice = invoiceOf([{ amc: 1 }, { actCode: 'ZZZ' }], { securingMode: 'DEGRADE', nirKey: '00' });
    for (const m of assess(invoice, standard().build()).motives) expect(m.label.startsWith(MOTIVES[m.code].label)).toBe(true);
  });
});
