import { describe, expect, it } from 'vitest';
import type { C2sClaim } from '../engine/domain/c2s-claim.js';
import type { Invoice } from '../engine/domain/invoice.js';
import type { DateYmd } from '../engine/domain/units.js';
import { parseRate } from '../engine/money/rate.js';
import { assess, codesOf } from './support/assess.js';
import { invoiceOf } from './support/invoice-builder.js';
import { beneficiaryOf, guaranteeOf, PS_ID, ReferentialBuilder, VALID_IBAN } from './support/referential-builder.js';

/**
 * The rules on a fund's C2S claim (rules/c2s-claim.ts): the fund is the payee; the beneficiary must
 * be under C2S at the AMC; the practitioner's protocol terms (securing, 3-month window,
 * transmission delay) were the fund's affair; the claim must give what dates it.
 */
const FUND = '011751234';
const claimOf = (over: Partial<C2sClaim> = {}): C2sClaim => ({
  treatingPractitionerId: PS_ID, transmission: 'FSE', startDate: 20261113 as DateYmd, wrongFund: false, formalNoticeDate: 0 as DateYmd, ...over,
});
const claimInvoice = (over: Partial<Invoice> = {}, claim: Partial<C2sClaim> = {}): Invoice =>
  invoiceOf([{}], { channel: 'C2S', practitionerId: FUND, roSentDate: 0 as DateYmd, c2s: claimOf(claim), ...over });

const referential = (): ReferentialBuilder => new ReferentialBuilder()
  .withPractitioner({ billingId: FUND, kind: 'CAISSE', name: 'CPAM DE PARIS', iban: VALID_IBAN, optam: false, specialty: '' })
  .withBeneficiaries(beneficiaryOf({ c2s: true }))
  .withGuarantee(guaranteeOf('MEDG', 'TM', parseRate('100')), guaranteeOf('MEDE', 'TM', parseRate('100')));

describe('a C2S claim is liquidated like any invoice and paid to the fund', () => {
  it('a well-formed claim of a known fund for a C2S beneficiary: no motive, the TM computed exactly', () => {
    const a = assess(claimInvoice(), referential().build());
    expect(codesOf(a.motives)).toEqual([]);
    expect(a.amcCents).toBe(900);
  });

  it('the fund must be a CAISSE of the payee referential: unknown, or a practitioner\'s number, is CAISSE_INCONNUE', () => {
    expect(codesOf(assess(claimInvoice({ practitionerId: '011691000' }), referential().build()).motives)).toEqual(['CAISSE_INCONNUE']);
    expect(codesOf(assess(claimInvoice({ practitionerId: PS_ID }), referential().build()).motives)).toEqual(['CAISSE_INCONNUE']);
  });

  it('a fund whose IBAN no SEPA transfer can reach is CAISSE_IBAN_INVALIDE', () => {
    const ref = referential().withPractitioner({ billingId: FUND, kind: 'CAISSE', iban: 'FR7630006000011234567890188' }).build();
    expect(codesOf(assess(claimInvoice(), ref).motives)).toEqual(['CAISSE_IBAN_INVALIDE']);
  });

  it('a practitioner\'s lot emitted under a fund\'s number is PS_INCONNU: a fund is paid for its claims only', () => {
    expect(codesOf(assess(invoiceOf([{}], { practitionerId: FUND }), referential().build()).motives)).toContain('PS_INCONNU');
  });

  it('a beneficiary the referential does not mark C2S is C2S_NON_OUVERTE; the opposition list rejects at the date of care', () => {
    expect(codesOf(assess(claimInvoice(), referential().withBeneficiaries(beneficiaryOf({ c2s: false })).build()).motives)).toEqual(['C2S_NON_OUVERTE']);
    const opposed = referential().withBeneficiaries(beneficiaryOf({ c2s: true, vitaleOppositionDate: 20261112 as DateYmd })).build();
    expect(codesOf(assess(claimInvoice(), opposed).motives)).toEqual(['OPPOSITION_VITALE']);
    const later = referential().withBeneficiaries(beneficiaryOf({ c2s: true, vitaleOppositionDate: 20261113 as DateYmd })).build();
    expect(codesOf(assess(claimInvoice(), later).motives)).toEqual([]);
  });

  it('the practitioner\'s protocol terms do not apply: SESAM dégradé, the 3-month window and the RO date are the fund\'s affair', () => {
    const old = claimInvoice({ securingMode: 'DEGRADE' });
    // Received five months after the care: HORS_DELAI for a practitioner, not for the fund.
    expect(codesOf(assess(old, referential().build(), 20270415).motives)).toEqual([]);
    expect(codesOf(assess(invoiceOf([{}], { securingMode: 'DEGRADE', roSentDate: 0 as DateYmd }), referential().build(), 20270415).motives))
      .toEqual(expect.arrayContaining(['SECURISATION_DEGRADEE', 'HORS_DELAI']));
  });

  it('a claim without its ARL (FSE) or sending date (paper) cannot be dated: RUBRIQUE_MANQUANTE naming which', () => {
    const fse = assess(claimInvoice({}, { startDate: 0 as DateYmd }), referential().build());
    expect(fse.motives).toEqual([{ code: 'RUBRIQUE_MANQUANTE', label: "Rubrique obligatoire absente : date de l'accusé de réception logique (ARL)" }]);
    const paper = assess(claimInvoice({}, { transmission: 'PAPER', startDate: 0 as DateYmd }), referential().build());
    expect(paper.motives[0]?.label).toBe("Rubrique obligatoire absente : date d'envoi de la feuille papier");
  });

  it('the treating practitioner need not be known: an unknown one is liquidated as not capped', () => {
    const a = assess(claimInvoice({}, { treatingPractitionerId: '' }), referential().withoutPractitioners()
      .withPractitioner({ billingId: FUND, kind: 'CAISSE', iban: VALID_IBAN }).build());
    expect(codesOf(a.motives)).toEqual([]);
    expect(a.amcCents).toBe(900);
  });
});
