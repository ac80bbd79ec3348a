import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBic, checkBillingId, checkFiness, checkIban, checkNir } from '../codecs/identifiers/index.js';
import { generateDay } from '../scripts/generate/index.js';
import { readCsv, ymdOfIso, type Row } from './generate.day-reader.js';

/** ISO 13616 check, redone here: rotate, letters to numbers, mod 97 must be 1. */
function ibanMod97(iban: string): number {
  const rotated = iban.slice(4) + iban.slice(0, 4);
  const digits = [...rotated].map((c) => (c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c)).join('');
  return Number(BigInt(digits) % 97n);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

describe('generated referential', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tpliq-gen-ref-'));
  const csv = (name: string): Row[] => readCsv(join(dir, 'referential', name));
  let amcs: Row[];
  let practitioners: Row[];
  let beneficiaries: Row[];
  let guarantees: Row[];
  let pecs: Row[];
  beforeAll(async () => {
    await generateDay({ outDir: dir, seed: 5, targetLines: 15_000 });
    amcs = csv('amc.csv');
    practitioners = csv('practitioners.csv');
    beneficiaries = csv('beneficiaries.csv');
    guarantees = csv('guarantees.csv');
    pecs = csv('pecs.csv');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the agreed columns, in order', () => {
    expect(Object.keys(amcs[0] ?? {})).toEqual(['amc_number', 'name']);
    expect(Object.keys(practitioners[0] ?? {})).toEqual([
      'billing_id', 'kind', 'name', 'address', 'iban', 'bic', 'email', 'optam', 'specialty', 'channel', 'convention_from', 'convention_to',
    ]);
    expect(Object.keys(beneficiaries[0] ?? {})).toEqual([
      'amc_number', 'member_number', 'nir', 'nir_key', 'birth_date', 'birth_rank', 'name', 'card_from', 'card_to', 'contract', 'c2s',
      'vitale_opposition_date', 'rights',
    ]);
    expect(Object.keys(guarantees[0] ?? {})).toEqual(['contract', 'domain', 'formula', 'rate', 'amount', 'pec_required', 'responsable', 'valid_from', 'valid_to']);
    expect(Object.keys(pecs[0] ?? {})).toEqual(['pec_number', 'amc_number', 'nir', 'practitioner_id', 'domain', 'granted', 'valid_from', 'valid_to']);
  });

  it('AMC numbers are 10 digits and distinct', () => {
    for (const a of amcs) expect(a['amc_number']).toMatch(/^\d{10}$/);
    expect(new Set(amcs.map((a) => a['amc_number'])).size).toBe(amcs.length);
  });

  it('every practitioner has a keyed id (AM number or FINESS) — a fund its code of 9 digits — a valid French IBAN with its RIB key, and a BIC', () => {
    for (const p of practitioners) {
      const id = p['billing_id'] ?? '';
      // An AMO fund paid for its C2S claims: régime 01 + caisse 3 + centre 4, no key; no specialty.
      if (p['kind'] === 'CAISSE') expect([id, p['specialty']], id).toEqual([expect.stringMatching(/^01\d{7}$/), '']);
      else expect(p['kind'] === 'PS' ? checkBillingId(id) : checkFiness(id), id).toEqual({ ok: true });
      const iban = p['iban'] ?? '';
      expect(iban).toMatch(/^FR\d{25}$/);
      expect(ibanMod97(iban), iban).toBe(1);
      expect(checkIban(iban), iban).toEqual({ ok: true }); // ibantools also checks the RIB key
      expect(checkBic(p['bic'] ?? '')).toEqual({ ok: true });
      expect(['0', '1']).toContain(p['optam']);
      if (p['kind'] !== 'CAISSE') expect(p['specialty']).toMatch(/^\d{2}$/);
      expect(['EDI', 'PAPER', 'BOTH']).toContain(p['channel']);
      expect(p['convention_from']).toMatch(ISO_DAY);
    }
    expect(new Set(practitioners.map((p) => p['billing_id'])).size).toBe(practitioners.length);
    expect(practitioners.some((p) => p['kind'] === 'ETABLISSEMENT')).toBe(true);
    expect(practitioners.filter((p) => p['kind'] === 'CAISSE')).toHaveLength(3);
    expect(practitioners.some((p) => p['optam'] === '1')).toBe(true);
  });

  it('every beneficiary has a NIR with its key, ISO dates, rights periods, a known AMC and contract — and no NIR twice under an AMC', () => {
    const amcNumbers = new Set(amcs.map((a) => a['amc_number']));
    const contracts = new Set(guarantees.map((g) => g['contract']));
    const seen = new Set<string>();
    for (const b of beneficiaries) {
      expect(checkNir(b['nir'] ?? '', b['nir_key'] ?? ''), b['nir']).toEqual({ ok: true });
      expect(amcNumbers.has(b['amc_number'])).toBe(true);
      expect(contracts.has(b['contract'])).toBe(true);
      expect(b['member_number']).toMatch(/^\d{10}$/);
      for (const d of [b['birth_date'], b['card_from'], b['card_to']]) expect(d).toMatch(ISO_DAY);
      expect(['1', '2']).toContain(b['birth_rank']);
      expect(['0', '1']).toContain(b['c2s']);
      expect(b['rights']).toMatch(/^\d{4}-\d{2}-\d{2}\.\.(\d{4}-\d{2}-\d{2})?(\|\d{4}-\d{2}-\d{2}\.\.(\d{4}-\d{2}-\d{2})?)*$/);
      expect(ymdOfIso(b['card_from'] ?? '')).toBeLessThan(ymdOfIso(b['card_to'] ?? ''));
      const key = `${b['amc_number']}|${b['nir']}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    expect(beneficiaries.some((b) => b['c2s'] === '1' && b['contract'] === 'C2S')).toBe(true);
  });

  it('guarantees use the formula vocabulary with exact decimal rates, amounts only for UNIT / FORFAIT, PEC for optique and prothèse', () => {
    for (const g of guarantees) {
      expect(['TM', 'BR_INCL_AMO', 'BR_EXCL_AMO', 'FR', 'UNIT', 'FORFAIT', 'PEC', 'NOT_COVERED']).toContain(g['formula']);
      const percentage = ['TM', 'BR_INCL_AMO', 'BR_EXCL_AMO', 'FR'].includes(g['formula'] ?? '');
      expect(g['rate']).toMatch(percentage ? /^\d+(\.\d+)?$/ : /^$/);
      expect(g['amount']).toMatch(g['formula'] === 'UNIT' || g['formula'] === 'FORFAIT' ? /^\d+\.\d{2}$/ : /^$/);
      expect(g['pec_required']).toBe(g['formula'] === 'PEC' ? '1' : '0');
      if (g['formula'] === 'PEC') expect(['OPTI', 'DEPR']).toContain(g['domain']);
    }
    expect(guarantees.some((g) => g['rate'] === '175.5')).toBe(true);
    // One effective-dated change: two rows for the same contract and domain, consecutive.
    const dated = guarantees.filter((g) => g['valid_to'] !== '');
    expect(dated.length).toBeGreaterThan(0);
  });

  it('every PEC names a beneficiary on the card, a practitioner and a positive amount', () => {
    const nirs = new Set(beneficiaries.map((b) => `${b['amc_number']}|${b['nir']}`));
    const ps = new Set(practitioners.map((p) => p['billing_id']));
    const unknownNir = pecs.filter((p) => !nirs.has(`${p['amc_number']}|${p['nir']}`));
    // Only the PECs of invoices built for an unknown beneficiary name someone off the cards.
    expect(unknownNir.every((p) => (p['nir'] ?? '').slice(5, 7) === '99')).toBe(true);
    for (const p of pecs) {
      expect(ps.has(p['practitioner_id'])).toBe(true);
      expect(Number(p['granted'])).toBeGreaterThan(0);
      expect(p['pec_number']).toMatch(/^PEC\d{9}$/);
    }
    expect(new Set(pecs.map((p) => p['pec_number'])).size).toBe(pecs.length);
  });
});
