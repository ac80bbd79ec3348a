import { describe, expect, it } from 'vitest';
import type { Invoice } from '../engine/domain/invoice.js';
import { isSignalement, MOTIVES, type MotiveCode } from '../engine/domain/motive.js';
import type { DateYmd } from '../engine/domain/units.js';
import { parseRate } from '../engine/money/rate.js';
import { checkOptionalRubrics } from '../engine/rules/optional-rubrics.js';
import { checkTransmissionDelay, transmissionLimit } from '../engine/rules/transmission-delay.js';
import { assess, codesOf, collect } from './support/assess.js';
import { invoiceOf } from './support/invoice-builder.js';
import { guaranteeOf, ReferentialBuilder } from './support/referential-builder.js';

const ref = new ReferentialBuilder().withGuarantee(guaranteeOf('MEDG', 'TM', parseRate('100'))).build();
const actsOf = (invoice: Invoice) => invoice.lines.map((line) => ref.actDomain(line.actCode));
const late = (invoice: Invoice) => collect((s) => checkTransmissionDelay(invoice, actsOf(invoice), s));
const rubrics = (invoice: Invoice) => collect((s) => checkOptionalRubrics(invoice, actsOf(invoice), s));
/** A G consultation on `actDate`, sent to the RO on `sent`, by `channel`. */
const fse = (actDate: number, sent: number, channel: Invoice['channel'] = 'B2_PS'): Invoice =>
  invoiceOf([{ actDate }], { channel, roSentDate: sent as DateYmd });

describe('R. 161-47: an FSE sent more than 8 working days after its last act is paid with a signalement (S3)', () => {
  it('last act Thu 05/11/2026: 11 November is skipped, the 8th working day is Wed 18/11', () => {
    // Fri 6, Mon 9, Tue 10, (Wed 11 closed), Thu 12, Fri 13, Mon 16, Tue 17, Wed 18.
    expect(transmissionLimit('B2_PS', 20261105 as DateYmd)).toBe(20261118);
    expect(late(fse(20261105, 20261118))).toEqual([]);
    expect(late(fse(20261105, 20261119))).toEqual([{
      code: 'TRANSMISSION_TARDIVE',
      label: 'Feuille de soins transmise après le délai réglementaire (envoyée le 19/11/2026, limite le 18/11/2026 : 8 jours ouvrés après le dernier acte du 05/11/2026)',
    }]);
  });

  it('last act Wed 23/12/2026: Christmas, the weekends and 1 January are skipped → Wed 06/01/2027', () => {
    // Thu 24, (Fri 25 closed, Sat 26, Sun 27), Mon 28, Tue 29, Wed 30, Thu 31, (Fri 1 closed), Mon 4, Tue 5, Wed 6.
    expect(transmissionLimit('DRE', 20261223 as DateYmd)).toBe(20270106);
    expect(late(fse(20261223, 20270106, 'DRE'))).toEqual([]);
    expect(codesOf(late(fse(20261223, 20270107, 'DRE')))).toEqual(['TRANSMISSION_TARDIVE']);
  });

  it('last act Thu 02/04/2026: Good Friday and Easter Monday are skipped → Thu 16/04/2026', () => {
    // (Fri 3 closed, Mon 6 closed), Tue 7, Wed 8, Thu 9, Fri 10, Mon 13, Tue 14, Wed 15, Thu 16.
    expect(transmissionLimit('B2_PS', 20260402 as DateYmd)).toBe(20260416);
  });

  it('an invoice of several days counts from its last act (R. 161-42 10°)', () => {
    const invoice = invoiceOf([{ actDate: 20261102 }, { actDate: 20261105 }], { roSentDate: 20261118 as DateYmd });
    expect(late(invoice)).toEqual([]);
  });

  it('paper under tiers payant: 8 days, not working days (R. 161-47 I 2° b)', () => {
    expect(transmissionLimit('PAPER', 20261105 as DateYmd)).toBe(20261113);
    expect(late(fse(20261105, 20261113, 'PAPER'))).toEqual([]);
    expect(late(fse(20261105, 20261114, 'PAPER')).map((m) => m.label)).toEqual([
      'Feuille de soins transmise après le délai réglementaire (envoyée le 14/11/2026, limite le 13/11/2026 : 8 jours après le dernier acte du 05/11/2026)',
    ]);
  });

  it('not checked: a hospital B2 (no sending date), an invoice without one, only acts the RO does not reimburse', () => {
    expect(late(fse(20261105, 20261201, 'B2_ETAB'))).toEqual([]);
    expect(late(fse(20261105, 0))).toEqual([]);
    const osteo = invoiceOf([{ actCode: 'OST', base: 0, rate: 0, amo: 0, fee: 6000, actDate: 20261105 }], { roSentDate: 20261201 as DateYmd });
    expect(late(osteo)).toEqual([]);
  });

  it('late is never a rejection: the invoice stays payable, the signalement rides beside the motives', () => {
    const assessment = assess(fse(20261105, 20261119), ref);
    expect(assessment.motives).toEqual([]);
    expect(assessment.amcCents).toBe(900);
    expect(codesOf(assessment.signalements)).toEqual(['TRANSMISSION_TARDIVE']);
  });
});

describe('non-blocking rubrics of R. 161-42 (S4, P8): a missing one is a signalement', () => {
  it('an FSE, a DRE or a paper invoice without its RO date: MENTION_MANQUANTE, still payable', () => {
    for (const channel of ['B2_PS', 'DRE', 'PAPER'] as const) {
      expect(rubrics(fse(20261105, 0, channel))).toEqual([{ code: 'MENTION_MANQUANTE', label: "Rubrique non bloquante absente : date d'élaboration et d'envoi de la facture RO" }]);
    }
    const assessment = assess(fse(20261105, 0), ref);
    expect(assessment.motives).toEqual([]);
    expect(codesOf(assessment.signalements)).toEqual(['MENTION_MANQUANTE']);
  });

  it('no signalement where the rubric is not due or not in the format: hospital B2, annulation, non-RO acts, date present', () => {
    expect(rubrics(fse(20261105, 0, 'B2_ETAB'))).toEqual([]);
    expect(rubrics(invoiceOf([{ actDate: 20261105 }], { roSentDate: 0 as DateYmd, nature: 'ANNULATION' }))).toEqual([]);
    expect(rubrics(invoiceOf([{ actCode: 'OST', base: 0, rate: 0, amo: 0, fee: 6000, actDate: 20261105 }], { roSentDate: 0 as DateYmd }))).toEqual([]);
    expect(rubrics(fse(20261105, 20261106))).toEqual([]);
  });
});

/** The rubric tests' referential: TO (orthodontie) needs an accord préalable, PH1 and GHS are 100 % by nature. */
const apRef = new ReferentialBuilder()
  .withGuarantee(guaranteeOf('MEDG', 'TM', parseRate('100')))
  .withGuarantee(guaranteeOf('DEOR', 'TM', parseRate('100')))
  .withAct('TO', 'DEOR', 'DENTAIRE', true, true)
  .withAct('PH1', 'PHAR', 'PHARMACIE')
  .withAct('GHS', 'HOSP', 'HOSPITALISATION')
  .build();
const rubricsOf = (invoice: Invoice) =>
  collect((s) => checkOptionalRubrics(invoice, invoice.lines.map((line) => apRef.actDomain(line.actCode)), s));
/** A G consultation line at 100 % (ALD, AMO 30.00, TM 0) with this exonération code. */
const g100 = (exoCode: string, actCode = 'G') => ({ actCode, rate: 100, amo: 3000, amc: 0, exoCode });
const hospital = (overrides: Partial<Invoice>): Invoice => invoiceOf([{}], { channel: 'B2_ETAB', roSentDate: 0 as DateYmd, natureAssurance: '10', accidentReference: '', ...overrides });
const MISSING = 'Rubrique non bloquante absente : ';

describe("R. 161-42 4°: a hospital invoice under nature d'assurance 41 (AT/MP) names its accident", () => {
  it('nature 41 without an AT number or date: MENTION_MANQUANTE, still payable', () => {
    expect(rubricsOf(hospital({ natureAssurance: '41' }))).toEqual([
      { code: 'MENTION_MANQUANTE', label: `${MISSING}numéro ou date de l'accident du travail (nature d'assurance 41)` },
    ]);
  });

  it('nature 41 with its AT reference: nothing to say', () => {
    expect(rubricsOf(hospital({ natureAssurance: '41', accidentReference: '000261103' }))).toEqual([]);
  });

  it('not due: maladie (10) without a reference; not carried: an FSE has no accident zones', () => {
    expect(rubricsOf(hospital({ natureAssurance: '10' }))).toEqual([]);
    expect(rubricsOf(invoiceOf([{}]))).toEqual([]);
  });
});

describe('R. 161-42 6°: an act the RO pays after an accord préalable carries its reference', () => {
  it('a TO line without a reference: MENTION_MANQUANTE naming the line, still payable', () => {
    const invoice = invoiceOf([{}, { actCode: 'TO' }], { accordPrealableReference: '' });
    expect(rubricsOf(invoice)).toEqual([{ code: 'MENTION_MANQUANTE', label: `${MISSING}référence de l'accord préalable (ligne 2)` }]);
    const assessment = assess(invoiceOf([{ actCode: 'TO' }, { actCode: 'TO' }], { accordPrealableReference: '' }), apRef);
    expect(codesOf(assessment.signalements)).toEqual(['MENTION_MANQUANTE']);
    expect(assessment.signalements[0]!.label).toBe(`${MISSING}référence de l'accord préalable (lignes 1, 2)`);
    expect(assessment.motives).toEqual([]);
    expect(assessment.amcCents).toBe(1800);
  });

  it('present: nothing to say', () => {
    expect(rubricsOf(invoiceOf([{ actCode: 'TO' }], { accordPrealableReference: 'AP12345' }))).toEqual([]);
  });

  it('not due: acts that need none; not carried: a format without the zone (absent field)', () => {
    expect(rubricsOf(invoiceOf([{}, { actCode: 'AMK' }], { accordPrealableReference: '' }))).toEqual([]);
    expect(rubricsOf(invoiceOf([{ actCode: 'TO' }]))).toEqual([]);
  });
});

describe('R. 161-42 9°: a line the AMO pays at 100 % says which exonération [INFERRED rule]', () => {
  it('a G line at 100 % with a blank or 0 code: MENTION_MANQUANTE naming the lines', () => {
    expect(rubricsOf(invoiceOf([g100(' ')]))).toEqual([
      { code: 'MENTION_MANQUANTE', label: `${MISSING}justification d'exonération du ticket modérateur (ligne 1 à 100 %)` },
    ]);
    expect(rubricsOf(invoiceOf([g100('0'), {}, g100(' ')], { channel: 'DRE' })).map((m) => m.label)).toEqual([
      `${MISSING}justification d'exonération du ticket modérateur (lignes 1, 3 à 100 %)`,
    ]);
    expect(rubricsOf(hospital({ lines: invoiceOf([g100(' ', 'C')]).lines }))).toHaveLength(1);
  });

  it('present (ALD, code 4): nothing to say', () => {
    expect(rubricsOf(invoiceOf([g100('4')]))).toEqual([]);
  });

  it('not due: a line at 70 %, PH1 (100 % by nature, R. 160-8), a hospital stay, an act unknown to the referential', () => {
    expect(rubricsOf(invoiceOf([{}]))).toEqual([]);
    expect(rubricsOf(invoiceOf([g100(' ', 'PH1')]))).toEqual([]);
    expect(rubricsOf(hospital({ lines: invoiceOf([g100(' ', 'GHS')]).lines }))).toEqual([]);
    expect(rubricsOf(invoiceOf([g100(' ', 'XYZ')]))).toEqual([]);
  });

  it('not carried: paper has no exonération zone', () => {
    expect(rubricsOf(invoiceOf([g100('0')], { channel: 'PAPER' }))).toEqual([]);
  });
});

describe('several missing mentions: one signalement each, in the order of R. 161-42, none on an annulation', () => {
  it('4° and 9° on a hospital invoice (which has no accord préalable zone); 6°, 9°, 10° on an FSE', () => {
    const etab = hospital({ natureAssurance: '41', lines: invoiceOf([g100(' ', 'TO')]).lines });
    expect(rubricsOf(etab).map((m) => m.label.slice(MISSING.length, MISSING.length + 12))).toEqual(['numéro ou da', 'justificatio']);
    const fse = invoiceOf([g100(' ', 'TO')], { roSentDate: 0 as DateYmd, accordPrealableReference: '' });
    expect(rubricsOf(fse).map((m) => m.label.slice(MISSING.length, MISSING.length + 12))).toEqual(['référence de', 'justificatio', "date d'élabo"]);
    expect(rubricsOf({ ...fse, nature: 'ANNULATION' })).toEqual([]);
  });
});

describe('which motives are signalements', () => {
  it('the regularisation, the three warnings and the C2S increase only; every other motive rejects', () => {
    const codes = Object.keys(MOTIVES) as MotiveCode[];
    expect(codes.filter(isSignalement)).toEqual(['REGULARISATION', 'TRANSMISSION_TARDIVE', 'MENTION_MANQUANTE', 'PLAFOND_PROCHE', 'MAJORATION_C2S']);
    expect(codes.filter(isSignalement).map((c) => MOTIVES[c].noemie)).toEqual(['R002', 'N001', 'N002', 'N003', 'N004']);
  });
});
