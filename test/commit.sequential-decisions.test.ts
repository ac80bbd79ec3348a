import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './support/temp-dirs.js';
import type { InvoiceOutcomeMessage } from '../codecs/proto/liquidation-codec.js';
import { CommitStep, type CommittedInvoice } from '../engine/commit/commit-step.js';
import { SpilledKeySet } from '../engine/commit/spilled-key-set.js';
import { EMPTY_LEDGER, type LedgerLookups } from '../engine/commit/ledger-lookups.js';
import type { DateYmd } from '../engine/domain/units.js';
import type { LotRef } from '../engine/pipeline/task.js';
import { codecError } from '../codecs/fixed-width/codec-error.js';
import { returnsTailOf } from '../engine/run/spool-returns-tail.js';

const lot: LotRef = { file: 'a.b2', lot: '001', practitionerId: '991023763', profile: 'b2-ps', channel: 'B2_PS', receivedDate: 20261120, sendDate: 20261120 };

let seq = 0;
const RETURNS_TAIL = returnsTailOf({ nir: '1850475123456', nirKey: '57', amoCents: 2100, natureAssurance: '' });

function outcome(over: Partial<InvoiceOutcomeMessage> = {}): InvoiceOutcomeMessage {
  seq++;
  return {
    sequence: seq, invoiceNumber: String(seq).padStart(9, '0'), amcNumber: '0000012345',
    birthRank: 1, careDate: 20261110, computedAmcCents: 900, claimedAmcCents: 900, motives: [], errors: [],
    functionalKeyHi: seq, functionalKeyLo: seq * 7, pecNumber: '', pecCents: 0, duplicataOf: '', nature: 'INITIALE',
    refersTo: '', feeCents: 3000, returnsTail: RETURNS_TAIL, line: seq * 3, c2sDueDate: 0, c2sFormalNoticeDate: 0, claims: [], ...over,
  };
}

function commitStep(ledger: LedgerLookups = EMPTY_LEDGER, accountingDate = 20261123): { step: CommitStep; out: CommittedInvoice[] } {
  const out: CommittedInvoice[] = [];
  const step = new CommitStep({ accountingDate: accountingDate as DateYmd, calendar: 'TARGET_AND_FR', ledger }, (c) => out.push(c));
  return { step, out };
}

const keysDir = tempDirs('tpliq-commit-keys-');

/** A commit step whose key sets keep two recent keys each and spill the rest into `dir`. */
function spillingCommitStep(): { step: CommitStep; out: CommittedInvoice[]; dir: string } {
  const dir = keysDir();
  const out: CommittedInvoice[] = [];
  const step = new CommitStep({ accountingDate: 20261123 as DateYmd, calendar: 'TARGET_AND_FR', ledger: EMPTY_LEDGER, keySet: (name) => new SpilledKeySet(dir, name, 2) }, (c) => out.push(c));
  return { step, out, dir };
}

const codes = (c: CommittedInvoice): string[] => c.decision.motives.map((m) => m.code);

describe('commit step: the sequential, ordered half of liquidation', () => {
  it('holds a lot until its trailer is checked, then pays its clean invoices whole', () => {
    const { step, out } = commitStep();
    step.add(outcome(), lot);
    step.add(outcome({ computedAmcCents: 1234, claimedAmcCents: 1234 }), lot);
    expect(out).toHaveLength(0);
    expect(step.pendingCount).toBe(2);
    step.closeLot([]);
    expect(out.map((c) => [c.decision.status, c.decision.paidCents])).toEqual([['PAID', 900], ['PAID', 1234]]);
  });

  it('finish() lets the key sets go once the input is over, and refuses invoices after it', () => {
    const { step, out } = commitStep();
    step.add(outcome(), lot);
    expect(() => step.finish()).toThrow(/still holds 1 invoices/);
    step.closeLot([]);
    step.finish();
    expect(out.map((c) => c.decision.status)).toEqual(['PAID']);
    expect(() => step.add(outcome(), lot)).toThrow(/already finished/);
  });

  it('abandon() (a failed run) drops held invoices undecided, deletes spilled keys, and refuses invoices after it', () => {
    const { step, out, dir } = spillingCommitStep();
    for (let i = 0; i < 6; i++) step.add(outcome(), lot);
    step.closeLot([]);
    step.add(outcome(), lot);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    step.abandon();
    expect(step.pendingCount).toBe(0);
    expect(out).toHaveLength(6);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => step.add(outcome(), lot)).toThrow(/already finished/);
  });

  it('a broken lot envelope rejects every invoice of the lot with LOT_INVALIDE (negative ARL)', () => {
    const { step, out } = commitStep();
    step.add(outcome(), lot);
    step.add(outcome({ motives: [{ code: 'DROITS_FERMES', label: 'Droits du bénéficiaire non ouverts au 06/11/2026' }] }), lot);
    step.closeLot([codecError('TPLIQ_B2_LOT_COUNT_MISMATCH', 'lot trailer counts 3 invoices, 2 read', { line: 9 })]);
    expect(out.map(codes)).toEqual([['LOT_INVALIDE'], ['LOT_INVALIDE', 'DROITS_FERMES']]);
    expect(out.every((c) => c.decision.paidCents === 0)).toBe(true);
  });

  it('a rejected lot leaves no duplicate key behind: the same invoice resent in a good lot is paid', () => {
    const { step, out } = commitStep();
    const original = outcome();
    step.add(original, lot);
    step.closeLot([codecError('TPLIQ_B2_LOT_UNTERMINATED', 'no trailer')]);
    step.add({ ...original, sequence: 99 }, lot);
    step.closeLot([]);
    expect(out.map((c) => c.decision.status)).toEqual(['REJECTED', 'PAID']);
  });

  it('the same practitioner and invoice number again in the run → DOUBLON; the first stays paid', () => {
    const { step, out } = commitStep();
    const first = outcome();
    step.add(first, lot);
    step.add(outcome({ invoiceNumber: first.invoiceNumber }), lot);
    step.closeLot([]);
    expect(out.map(codes)).toEqual([[], ['DOUBLON']]);
  });

  it('the same care under another number → DOUBLON_FONCTIONNEL; an exact duplicate is not reported twice', () => {
    const { step, out } = commitStep();
    const first = outcome();
    step.add(first, lot);
    step.add(outcome({ functionalKeyHi: first.functionalKeyHi, functionalKeyLo: first.functionalKeyLo }), lot);
    step.add(outcome({ invoiceNumber: first.invoiceNumber, functionalKeyHi: first.functionalKeyHi, functionalKeyLo: first.functionalKeyLo }), lot);
    step.closeLot([]);
    expect(out.map(codes)).toEqual([[], ['DOUBLON_FONCTIONNEL'], ['DOUBLON']]);
  });

  it('a previously rejected invoice may be billed again under the same number', () => {
    const { step, out } = commitStep();
    const first = outcome({ motives: [{ code: 'MONTANT_AMC_DIFFERENT', label: 'x' }] });
    step.add(first, lot);
    step.add(outcome({ invoiceNumber: first.invoiceNumber }), lot);
    step.closeLot([]);
    expect(out.map((c) => c.decision.status)).toEqual(['REJECTED', 'PAID']);
  });

  it('a PEC is used once: the second invoice on it is rejected PEC_DEJA_UTILISEE', () => {
    const { step, out } = commitStep();
    step.add(outcome({ pecNumber: 'PEC1', pecCents: 30000 }), lot);
    step.add(outcome({ pecNumber: 'PEC1', pecCents: 30000 }), lot);
    step.closeLot([]);
    expect(out.map(codes)).toEqual([[], ['PEC_DEJA_UTILISEE']]);
  });

  it('earlier runs count: what the ledger says was paid or used is a duplicate now', () => {
    const ledger: LedgerLookups = {
      invoicePaid: (ps, n) => ps === lot.practitionerId && n === '000000777',
      functionalKeyPaid: (hi, lo) => hi === 4242 && lo === 1,
      pecConsumed: (p) => p === 'PEC9',
      regularisationTarget: () => ({ kind: 'UNKNOWN' }),
      counterConsumed: () => ({ cents: 0, acts: 0 }),
      careCounters: () => [],
    };
    const { step, out } = commitStep(ledger);
    step.add(outcome({ invoiceNumber: '000000777' }), lot);
    step.add(outcome({ functionalKeyHi: 4242, functionalKeyLo: 1 }), lot);
    step.add(outcome({ pecNumber: 'PEC9', pecCents: 100 }), lot);
    step.closeLot([]);
    expect(out.map(codes)).toEqual([['DOUBLON'], ['DOUBLON_FONCTIONNEL'], ['PEC_DEJA_UTILISEE']]);
  });

  it('a duplicata of an FSE never paid is paid; a duplicata of a paid FSE is a DOUBLON (R. 161-47)', () => {
    const { step, out } = commitStep();
    step.add(outcome({ duplicataOf: '000123456' }), lot);
    const paid = outcome();
    step.add(paid, lot);
    step.add(outcome({ duplicataOf: paid.invoiceNumber }), lot);
    step.closeLot([]);
    expect(out.map(codes)).toEqual([[], [], ['DOUBLON']]);
  });

  it('with key sets spilled to disk, duplicates of keys long moved out of memory are still caught', () => {
    // Two recent keys per set: every key below is on disk by the time its duplicate arrives.
    const { step, out, dir } = spillingCommitStep();
    const first = outcome({ pecNumber: 'PEC7', pecCents: 100 });
    step.add(first, lot);
    for (let i = 0; i < 20; i++) step.add(outcome({ pecNumber: `PECX${i}`, pecCents: 100 }), lot);
    step.add(outcome({ invoiceNumber: first.invoiceNumber }), lot);
    step.add(outcome({ functionalKeyHi: first.functionalKeyHi, functionalKeyLo: first.functionalKeyLo }), lot);
    step.add(outcome({ pecNumber: 'PEC7', pecCents: 100 }), lot);
    step.add(outcome(), lot);
    step.closeLot([]);
    expect(out.map(codes)).toEqual([...Array.from({ length: 21 }, () => []), ['DOUBLON'], ['DOUBLON_FONCTIONNEL'], ['PEC_DEJA_UTILISEE'], []]);
    expect(readdirSync(dir).length).toBeGreaterThan(3);
    step.finish();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('due date is D0 + 5 banking days for electronic invoices, + 20 for paper; later payment is flagged', () => {
    const { step, out } = commitStep(EMPTY_LEDGER, 20261211);
    step.add(outcome(), lot);
    step.add(outcome(), { ...lot, channel: 'PAPER' });
    step.closeLot([]);
    // D0 Fri 2026-11-20: +5 → Fri 2026-11-27; +20 → Fri 2026-12-18.
    expect(out.map((c) => c.decision.dueDate)).toEqual([20261127, 20261218]);
    expect(out.map((c) => c.lateBankingDays)).toEqual([true, false]);
  });
});
