import { beforeAll, describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { compileReferential } from '../engine/referential/compile-snapshot.js';
import { loadSnapshot } from '../engine/referential/load-snapshot.js';
import type { SnapshotView } from '../engine/referential/snapshot-view.js';
import { GOLDEN_FOLDER } from './fixtures/referential/delivery.js';

const day = (ymd: number): DateYmd => ymd as DateYmd;

let view: SnapshotView;
let snapshotId: string;

beforeAll(async () => {
  const compiled = await compileReferential(GOLDEN_FOLDER);
  snapshotId = compiled.snapshotId;
  view = loadSnapshot(compiled.bytes);
});

describe('referential snapshot answers lookups from the golden delivery', () => {
  it('carries its content hash as a 64-hex snapshot id', () => {
    expect(snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(view.snapshotId).toBe(snapshotId);
  });

  it('counts every row of every file (act domains from the built-in table)', () => {
    expect(view.counts).toMatchObject({ amcs: 3, practitioners: 3, beneficiaries: 8, guarantees: 11, pecs: 2, contracts: 3 });
    expect(view.counts.actDomains).toBeGreaterThan(50);
  });

  describe('AMC', () => {
    it('finds an AMC by its number zero-filled to 10 digits, as B2 carries it, or as written in the CSV', () => {
      expect(view.amc('0012345678')).toEqual({ amcNumber: '0012345678', name: 'Mutuelle Alpha' });
      expect(view.amc('12345678')).toEqual({ amcNumber: '0012345678', name: 'Mutuelle Alpha' });
      expect(view.amc('87654321')?.name).toBe('Mutuelle Bêta');
    });

    it('knows no AMC that is not in amc.csv', () => {
      expect(view.amc('0011111111')).toBeUndefined();
      expect(view.amc('')).toBeUndefined();
    });
  });

  describe('practitioner', () => {
    it('returns every column of a PS, IBAN in electronic form, BIC in capitals, specialty on 2 digits, open convention end', () => {
      expect(view.practitioner('991084948')).toEqual({
        billingId: '991084948',
        kind: 'PS',
        name: 'Dr Claire Lefèvre',
        address: '12 rue de la Paix, 75002 Paris',
        iban: 'FR7630006000011234567890189',
        bic: 'AGRIFRPP',
        email: 'claire.lefevre@example.org',
        optam: true,
        specialty: '01',
        channel: 'EDI',
        conventionFrom: 20200101,
        conventionTo: 99991231,
      });
    });

    it('keeps an establishment without specialty and without e-mail', () => {
      expect(view.practitioner('750712184')).toMatchObject({
        kind: 'ETABLISSEMENT',
        name: 'Hôpital Saint-Exemple',
        email: '',
        specialty: '',
        channel: 'BOTH',
        conventionTo: 20301231,
      });
    });

    it('answers the same frozen object for the same practitioner', () => {
      const first = view.practitioner('991023763');
      expect(first).toBe(view.practitioner('991023763'));
      expect(Object.isFrozen(first)).toBe(true);
    });

    it('knows no practitioner outside the file, nor an id of the wrong width', () => {
      expect(view.practitioner('991023771')).toBeUndefined();
      expect(view.practitioner('99102376')).toBeUndefined();
      expect(view.practitioner('000000000')).toBeUndefined();
      expect(view.practitioner('999999999')).toBeUndefined();
    });
  });

  describe('beneficiaries by NIR', () => {
    it('returns every card entry under the NIR for that AMC — holder, children, twins — in canonical order', () => {
      const entries = view.beneficiariesByNir('0012345678', '1850475123456');
      // Jean twice (two cards), Léa, then the twins Zoé (rank 1) and Tom (rank 2).
      expect(entries.map((b) => [b.birthDate, b.birthRank, b.card.from, b.contract])).toEqual([
        [19850412, 1, 20250101, 'PREMIUM'],
        [19850412, 1, 20260101, 'STD'],
        [20150503, 1, 20260101, 'STD'],
        [20180202, 1, 20260101, 'STD'],
        [20180202, 2, 20260101, 'STD'],
      ]);
    });

    it('keeps effective-dated rights periods with their gap and an open end', () => {
      const jean2026 = view.beneficiariesByNir('12345678', '1850475123456')[1]!;
      expect(jean2026).toEqual({
        amcNumber: '0012345678',
        memberNumber: 'M001',
        nir: '1850475123456',
        nirKey: '57',
        birthDate: 19850412,
        birthRank: 1,
        card: { from: 20260101, to: 20261231 },
        rights: [
          { from: 20260101, to: 20260630 },
          { from: 20260901, to: 99991231 },
        ],
        contract: 'STD',
        c2s: false,
        vitaleOppositionDate: 0,
      });
    });

    it('keeps a lunar birth date, the C2S flag and the Vitale opposition date', () => {
      const [awa] = view.beneficiariesByNir('0087654321', '2951099126111');
      expect(awa).toMatchObject({ birthDate: 19950000, c2s: true, vitaleOppositionDate: 20260315, nirKey: '93', contract: 'C2S' });
    });

    it('finds a Corsican NIR, with an open card and closed rights', () => {
      const [ange] = view.beneficiariesByNir('0087654321', '253072B073004');
      expect(ange).toMatchObject({
        birthDate: 19530700,
        card: { from: 20240101, to: 99991231 },
        rights: [],
      });
    });

    it('finds nothing under another AMC, for an unknown NIR, or for an AMC without beneficiaries', () => {
      expect(view.beneficiariesByNir('0087654321', '1850475123456')).toEqual([]);
      expect(view.beneficiariesByNir('0012345678', '1850475123457')).toEqual([]);
      expect(view.beneficiariesByNir('0099999997', '1850475123456')).toEqual([]);
      expect(view.beneficiariesByNir('0012345678', '185047512345')).toEqual([]);
      expect(view.beneficiariesByNir('0011111111', '1850475123456')).toEqual([]);
    });

    it('finds the first and the last NIR of an AMC range (binary search edges)', () => {
      expect(view.beneficiariesByNir('0012345678', '1790612345678').map((b) => b.memberNumber)).toEqual(['M002']);
      expect(view.beneficiariesByNir('0087654321', '2951099126111').map((b) => b.memberNumber)).toEqual(['A-778']);
    });
  });

  describe('guarantees are effective-dated', () => {
    it('answers the terms in force on the day: 100 % TM until 30 June, 90.5 % TM from 1 July', () => {
      expect(view.guarantee('STD', 'MEDG', day(20260101))?.rate).toBe(1_000_000);
      expect(view.guarantee('STD', 'MEDG', day(20260630))?.rate).toBe(1_000_000);
      expect(view.guarantee('STD', 'MEDG', day(20260701))).toEqual({
        contract: 'STD',
        domain: 'MEDG',
        formula: 'TM',
        rate: 905_000,
        amountCents: 0,
        pecRequired: false,
        responsable: true,
        validity: { from: 20260701, to: 99991231 },
      });
      expect(view.guarantee('STD', 'MEDG', day(20991231))?.rate).toBe(905_000);
    });

    it('has no guarantee before the first version starts', () => {
      expect(view.guarantee('STD', 'MEDG', day(20251231))).toBeUndefined();
      expect(view.guarantee('PREMIUM', 'MEDG', day(20241231))).toBeUndefined();
      expect(view.guarantee('PREMIUM', 'MEDG', day(20250101))?.formula).toBe('FR');
    });

    it('reads amounts in cents and flags as written', () => {
      expect(view.guarantee('STD', 'DEPR', day(20260301))).toMatchObject({ formula: 'FORFAIT', amountCents: 15_000 });
      expect(view.guarantee('STD', 'AMY', day(20260301))).toMatchObject({ formula: 'UNIT', amountCents: 1_250 });
      expect(view.guarantee('STD', 'OPTI', day(20260301))).toMatchObject({ formula: 'PEC', pecRequired: true });
      expect(view.guarantee('STD', 'PHOR', day(20260301))?.formula).toBe('NOT_COVERED');
      expect(view.guarantee('PREMIUM', 'MEDS', day(20260301))).toMatchObject({ formula: 'BR_EXCL_AMO', rate: 3_000_000, responsable: false });
    });

    it('has no guarantee for a domain or contract the delivery does not name', () => {
      expect(view.guarantee('STD', 'KINE', day(20260301))).toBeUndefined();
      expect(view.guarantee('GOLD', 'MEDG', day(20260301))).toBeUndefined();
      expect(view.guarantee('C2S', 'MEDS', day(20260301))).toBeUndefined();
    });
  });

  describe('PEC', () => {
    it('finds a PEC by number with its amount in cents and its validity', () => {
      expect(view.pec('PEC-2026-0002')).toEqual({
        pecNumber: 'PEC-2026-0002',
        amcNumber: '0012345678',
        nir: '1790612345678',
        practitionerId: '750712184',
        domain: 'DEPR',
        grantedCents: 48_050,
        validity: { from: 20260201, to: 20260430 },
      });
      expect(view.pec('PEC-2026-0001')?.grantedCents).toBe(25_000);
    });

    it('knows no other PEC number', () => {
      expect(view.pec('PEC-2026-0003')).toBeUndefined();
      expect(view.pec('PEC-2026-000')).toBeUndefined();
      expect(view.pec('')).toBeUndefined();
    });
  });

  describe('act domains (built-in table)', () => {
    it('maps B2 letter keys to a domain and a family', () => {
      expect(view.actDomain('G')).toEqual({ actCode: 'G', domain: 'MEDG', family: 'MEDECIN', roReimbursable: true, needsAccordPrealable: false });
      expect(view.actDomain('CS')).toMatchObject({ domain: 'MEDS', family: 'MEDECIN' });
      expect(view.actDomain('MCS')).toMatchObject({ domain: 'MEDS', family: 'MEDECIN' });
      expect(view.actDomain('AMI')).toMatchObject({ domain: 'INFI', family: 'AUXILIAIRE' });
      expect(view.actDomain('PH7')).toMatchObject({ domain: 'PHAR', family: 'PHARMACIE' });
      expect(view.actDomain('HN')).toMatchObject({ domain: 'XCMP', family: 'AUTRE', roReimbursable: false });
      expect(view.actDomain('FJ')).toMatchObject({ domain: 'FORF', family: 'HOSPITALISATION' });
    });

    it('maps a CCAM code through its prefix entry when it has no row of its own', () => {
      expect(view.actDomain('HBLD036')).toMatchObject({ actCode: 'HBLD*', domain: 'DEPR', family: 'DENTAIRE' });
      expect(view.actDomain('HBQK002')).toMatchObject({ domain: 'DESO' });
    });

    it('knows no unlisted act code', () => {
      expect(view.actDomain('XYZ')).toBeUndefined();
      expect(view.actDomain('HBL')).toBeUndefined();
      expect(view.actDomain('')).toBeUndefined();
    });
  });
});
