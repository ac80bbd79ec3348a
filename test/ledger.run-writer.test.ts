import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { outputDigestLine } from '../engine/ledger/output-digest-file.js';
import type { DateYmd } from '../engine/domain/units.js';
import { cents, invoiceRecordOf, runRecordOf, tempLedger } from './support/ledger-fixtures.js';

let fixture: ReturnType<typeof tempLedger> | undefined;
const open = (): ReturnType<typeof tempLedger> => (fixture = tempLedger());
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
});

/** A second connection, as an operator's sqlite3 shell or another run would see the ledger. */
function rows<T>(sql: string): T[] {
  const db = fixture!.inspect();
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('RunWriter (a run streamed into the ledger in one transaction)', () => {
  it('stores every streamed invoice, whole multi-row statements and the remainder alike, and the totals', () => {
    const { ledger } = open();
    const writer = ledger.beginRun(runRecordOf());
    // 123 = two statements of 50 rows and 23 single rows.
    for (let i = 1; i <= 123; i++) {
      writer.addInvoice(invoiceRecordOf({ sequence: i, invoiceNumber: String(i).padStart(9, '0'), status: i % 10 === 0 ? 'REJECTED' : 'PAID', claimedCents: cents(100 + i) }));
    }
    const totals = writer.commit({ transfers: [], pecsConsumed: [] });
    const paid = Array.from({ length: 123 }, (_, k) => k + 1).filter((i) => i % 10 !== 0);
    expect(totals).toMatchObject({
      invoiceCount: 123,
      paidCount: paid.length,
      paidCents: paid.reduce((s, i) => s + 100 + i, 0),
      rejectedCount: 12,
    });
    const stored = rows<{ sequence: number; claimed_cents: number }>('SELECT sequence, claimed_cents FROM invoices ORDER BY sequence');
    expect(stored.map((r) => r.sequence)).toEqual(Array.from({ length: 123 }, (_, k) => k + 1));
    expect(stored.every((r) => r.claimed_cents === 100 + r.sequence)).toBe(true);
  });

  it('shows nothing to another connection before the commit', () => {
    const { ledger } = open();
    const writer = ledger.beginRun(runRecordOf());
    for (let i = 1; i <= 60; i++) writer.addInvoice(invoiceRecordOf({ sequence: i, invoiceNumber: String(i).padStart(9, '0') }));
    expect(rows('SELECT 1 FROM runs')).toHaveLength(0);
    expect(rows('SELECT 1 FROM invoices')).toHaveLength(0);
    writer.commit({ transfers: [], pecsConsumed: [] });
    expect(rows('SELECT 1 FROM invoices')).toHaveLength(60);
  });

  it('leaves the ledger as it was after abort, and refuses further use', () => {
    const { ledger } = open();
    const writer = ledger.beginRun(runRecordOf());
    for (let i = 1; i <= 75; i++) writer.addInvoice(invoiceRecordOf({ sequence: i, invoiceNumber: String(i).padStart(9, '0') }));
    writer.addPecConsumed({ pecNumber: 'PEC000000001', consumedCents: cents(5000), practitionerId: '991023763', invoiceNumber: '000000001' });
    writer.abort();
    for (const table of ['runs', 'files', 'lots', 'invoices', 'pecs_consumed']) expect(rows(`SELECT 1 FROM ${table}`)).toHaveLength(0);
    expect(() => writer.addInvoice(invoiceRecordOf())).toThrow(/no longer being written/);
    // The ledger takes the next run normally.
    ledger.recordRun(runRecordOf({ invoices: [invoiceRecordOf()] }));
    expect(rows('SELECT 1 FROM invoices')).toHaveLength(1);
  });

  it('fails and writes nothing when a multi-row statement would pay an invoice number twice', () => {
    const { ledger } = open();
    const writer = ledger.beginRun(runRecordOf());
    // Twice a statement's rows, the repeat inside the first statement: the add that fills it fails.
    const perBatch = writer.invoiceRowsPerBatch;
    const count = 2 * perBatch;
    expect(() => {
      for (let i = 1; i <= count; i++) writer.addInvoice(invoiceRecordOf({ sequence: i, invoiceNumber: String(i === perBatch - 5 ? 3 : i).padStart(9, '0') }));
    }).toThrow(/unique/i);
    expect(() => writer.commit({ transfers: [], pecsConsumed: [] })).toThrow(/no longer being written/);
    expect(rows('SELECT 1 FROM runs')).toHaveLength(0);
  });

  it('writes what it gathered and the settlement before the commit is asked (writeSettlement), unseen until the commit, with the same rows as a commit alone', () => {
    // 123 invoices: whole statements and a remainder still gathered; every paid one with a functional key.
    const record = (i: number): ReturnType<typeof invoiceRecordOf> =>
      invoiceRecordOf(
        { sequence: i, invoiceNumber: String(i).padStart(9, '0'), status: i % 10 === 0 ? 'REJECTED' : 'PAID', claimedCents: cents(100 + i) },
        (0x9e3779b97f4a7c15n * BigInt(i) % (1n << 64n)).toString(16).padStart(16, '0'),
      );
    const settlement = {
      transfers: [{ practitionerId: '991023763', accountingDate: 20261123 as DateYmd, amountCents: cents(4321), endToEndId: 'E2E-991023763' }],
      pecsConsumed: [{ pecNumber: 'PEC000000001', consumedCents: cents(101), practitionerId: '991023763', invoiceNumber: '000000001' }],
    };
    const outputs = { outputs: [{ path: 'summary.json', sha256: 'cd'.repeat(32), sizeBytes: 99 }] };
    const ledgerRows = (): unknown[] => [
      ...rows('SELECT sequence, invoice_number, status, claimed_cents, functional_key FROM invoices ORDER BY id'),
      ...rows('SELECT functional_key, run FROM paid_functional_keys ORDER BY functional_key'),
      ...rows('SELECT id, run, practitioner_id, amount_cents, end_to_end_id FROM transfers ORDER BY id'),
      ...rows('SELECT pec_number, consumed_cents FROM pecs_consumed ORDER BY pec_number'),
      ...rows('SELECT path, sha256, size_bytes FROM run_outputs ORDER BY path'),
      ...rows('SELECT invoice_count, paid_count, transfer_count, transfer_cents, first_invoice, last_invoice FROM runs'),
    ];

    const { ledger } = open();
    const commitAlone = ledger.beginRun(runRecordOf());
    for (let i = 1; i <= 123; i++) commitAlone.addInvoice(record(i));
    const alone = commitAlone.commit({ ...settlement, ...outputs });
    const expected = ledgerRows();
    expect(rows('SELECT 1 FROM paid_functional_keys')).toHaveLength(111);
    expect(rows('SELECT 1 FROM transfers')).toHaveLength(1);
    fixture!.dispose();

    const second = open();
    const writer = second.ledger.beginRun(runRecordOf());
    for (let i = 1; i <= 123; i++) writer.addInvoice(record(i));
    // The writer's own connection sees its transaction: the last rows are written by writeSettlement, not before.
    const last = record(121);
    expect(second.ledger.invoiceKnown(last.practitionerId, last.invoiceNumber)).toBe(false);
    expect(second.ledger.functionalKeyKnown(last.functionalKeyHash)).toBe(false);
    writer.writeSettlement(settlement);
    expect(second.ledger.invoiceKnown(last.practitionerId, last.invoiceNumber)).toBe(true);
    expect(second.ledger.functionalKeyKnown(last.functionalKeyHash)).toBe(true);
    for (const table of ['invoices', 'paid_functional_keys', 'transfers', 'pecs_consumed']) expect(rows(`SELECT 1 FROM ${table}`)).toHaveLength(0);
    const totals = writer.commitOutputs(outputs);
    expect(totals).toMatchObject({ invoiceCount: 123, paidCount: 111, rejectedCount: 12, transferCount: 1, transferCents: 4321 });
    expect(totals).toEqual(alone);
    expect(ledgerRows()).toEqual(expected);
  });

  it('writes the settlement once, and commits only with it, leaving nothing otherwise', () => {
    const { ledger } = open();
    const twice = ledger.beginRun(runRecordOf());
    twice.addInvoice(invoiceRecordOf());
    twice.writeSettlement({ transfers: [], pecsConsumed: [] });
    expect(() => twice.writeSettlement({ transfers: [], pecsConsumed: [] })).toThrow(/already written/);
    // The refusal is the writer's own state, not SQLite's: the run is still open and commits.
    expect(twice.commitOutputs({}).invoiceCount).toBe(1);
    expect(rows('SELECT 1 FROM invoices')).toHaveLength(1);

    const without = ledger.beginRun(runRecordOf({ runId: 'RUN-WITHOUT-SETTLEMENT' }));
    without.addInvoice(invoiceRecordOf({ invoiceNumber: '000000002' }));
    expect(() => without.commitOutputs({})).toThrow(/without its settlement/);
    expect(() => without.commitOutputs({})).toThrow(/no longer being written/);
    expect(rows('SELECT run_id FROM runs')).toEqual([{ run_id: runRecordOf().runId }]);
    expect(rows('SELECT 1 FROM invoices')).toHaveLength(1);
  });

  it('stores the run\'s output digests read from their list file as it stores them given whole', () => {
    const digests = Array.from({ length: 130 }, (_, k) => ({ path: `arl/F${String(k).padStart(4, '0')}.arl`, sha256: k.toString(16).padStart(64, 'a'), sizeBytes: 100 + k }));
    const stored = (): unknown[] => rows('SELECT path, sha256, size_bytes FROM run_outputs ORDER BY path');

    const given = open();
    given.ledger.beginRun(runRecordOf()).commit({ transfers: [], pecsConsumed: [], outputs: digests });
    const expected = stored();
    expect(expected).toHaveLength(130);
    fixture!.dispose();

    const listed = open();
    const listPath = join(listed.dataDir, 'output-digests.tsv');
    writeFileSync(listPath, digests.map(outputDigestLine).join(''));
    listed.ledger.beginRun(runRecordOf()).commit({ transfers: [], pecsConsumed: [], outputsPath: listPath });
    expect(stored()).toEqual(expected);
  });

  it('rolls back everything when a gathered row fails as it is written early', () => {
    const { ledger } = open();
    const writer = ledger.beginRun(runRecordOf());
    // Fewer rows than a statement: all still gathered, the repeated invoice number among them.
    writer.addInvoice(invoiceRecordOf({ sequence: 1, invoiceNumber: '000000007' }));
    writer.addInvoice(invoiceRecordOf({ sequence: 2, invoiceNumber: '000000007' }));
    expect(() => writer.writeSettlement({ transfers: [], pecsConsumed: [] })).toThrow(/unique/i);
    expect(() => writer.commit({ transfers: [], pecsConsumed: [] })).toThrow(/no longer being written/);
    expect(rows('SELECT 1 FROM runs')).toHaveLength(0);
  });

  it('refuses a PEC consumed twice in the same run, with nothing written', () => {
    const { ledger } = open();
    const writer = ledger.beginRun(runRecordOf());
    const pec = { pecNumber: 'PEC000000009', consumedCents: cents(100), practitionerId: '991023763', invoiceNumber: '000000001' };
    writer.addPecConsumed(pec);
    expect(() => writer.addPecConsumed({ ...pec, invoiceNumber: '000000002' })).toThrow(/unique|primary/i);
    expect(rows('SELECT 1 FROM pecs_consumed')).toHaveLength(0);
  });

  it("writes the run's id and date into every invoice and paid key row, whole statements and the remainder alike", () => {
    const { ledger } = open();
    const writer = ledger.beginRun(runRecordOf());
    // 450 rows: two whole statements and a remainder on SQLite, one COPY on PostgreSQL.
    for (let i = 1; i <= 450; i++) {
      const invoiceNumber = String(i).padStart(9, '0');
      writer.addInvoice(invoiceRecordOf({ sequence: i, invoiceNumber }, (0x1000 + i).toString(16).padStart(16, '0')));
      writer.addPecConsumed({ pecNumber: `PEC${String(1000 - i).padStart(9, '0')}`, consumedCents: cents(i), practitionerId: '991023763', invoiceNumber });
    }
    writer.commit({ transfers: [], pecsConsumed: [{ pecNumber: 'PEC999999999', consumedCents: cents(7), practitionerId: '991023763', invoiceNumber: '000000001' }] });
    const [run] = rows<{ id: number; accounting_date: number }>('SELECT id, accounting_date FROM runs');
    expect(run!.accounting_date).toBe(20261123);
    expect(rows('SELECT DISTINCT run, accounting_date FROM invoices')).toEqual([{ run: run!.id, accounting_date: 20261123 }]);
    expect(rows('SELECT DISTINCT run FROM paid_functional_keys')).toEqual([{ run: run!.id }]);
    expect(rows<{ n: number }>('SELECT count(*) AS n FROM paid_functional_keys')[0]!.n).toBe(450);
    const pecs = rows<{ pec_number: string; run: number; consumed_cents: number; invoice_number: string }>('SELECT pec_number, run, consumed_cents, invoice_number FROM pecs_consumed');
    expect(pecs).toHaveLength(451);
    expect(new Set(pecs.map((p) => p.run))).toEqual(new Set([run!.id]));
    const byNumber = new Map(pecs.map((p) => [p.pec_number, p] as const));
    for (let i = 1; i <= 450; i++) expect(byNumber.get(`PEC${String(1000 - i).padStart(9, '0')}`)).toMatchObject({ consumed_cents: i, invoice_number: String(i).padStart(9, '0') });
    expect(byNumber.get('PEC999999999')).toMatchObject({ consumed_cents: 7 });
  });
});
