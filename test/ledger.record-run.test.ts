import { afterEach, describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import type { Ledger } from '../engine/ledger/ledger.js';
import { motiveOf } from './support/decision-builder.js';
import { cents, invoiceRecordOf, runRecordOf, tempLedger } from './support/ledger-fixtures.js';

let fixture: ReturnType<typeof tempLedger> | undefined;
function ledger(): Ledger {
  fixture = tempLedger();
  return fixture.ledger;
}
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
});

function countRows(table: string): number {
  if (fixture === undefined) throw new Error('no ledger');
  const db = fixture.inspect();
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

const ALL_TABLES = ['runs', 'files', 'lots', 'invoices', 'transfers', 'pecs_consumed'] as const;

describe('Ledger.recordRun', () => {
  it('writes the run, its files, lots, invoices, transfers and PECs, and returns the totals it stored', () => {
    const l = ledger();
    const totals = l.recordRun(
      runRecordOf({
        invoices: [
          invoiceRecordOf({ sequence: 1, invoiceNumber: '000000001', claimedCents: cents(1000) }, 'fk-1'),
          invoiceRecordOf({ sequence: 2, invoiceNumber: '000000002', claimedCents: cents(250) }, 'fk-2'),
          invoiceRecordOf({ sequence: 3, invoiceNumber: '000000003', status: 'REJECTED', claimedCents: cents(700) }),
        ],
        transfers: [
          { practitionerId: '991023763', accountingDate: 20261123 as DateYmd, amountCents: cents(1250), endToEndId: 'TPLIQ-20261123-991023763' },
        ],
        pecsConsumed: [{ pecNumber: 'PEC-1', consumedCents: cents(1000), practitionerId: '991023763', invoiceNumber: '000000001' }],
      }),
    );
    expect(totals).toEqual({
      invoiceCount: 3,
      claimedCents: 1950,
      paidCount: 2,
      paidCents: 1250,
      rejectedCount: 1,
      rejectedClaimedCents: 700,
      transferCount: 1,
      transferCents: 1250,
    });
    expect(ALL_TABLES.map(countRows)).toEqual([1, 1, 1, 3, 1, 1]);
    expect(l.fileAlreadyReceived('sha-RUN-20261123')).toEqual({ runId: 'RUN-20261123', name: 'inbox/a.b2' });
  });

  it('accepts the invoices as a generator (a run need not hold them twice)', () => {
    const l = ledger();
    function* invoices() {
      for (let i = 1; i <= 1000; i++) yield invoiceRecordOf({ sequence: i, invoiceNumber: String(i).padStart(9, '0') });
    }
    expect(l.recordRun(runRecordOf({ invoices: invoices() })).invoiceCount).toBe(1000);
    expect(countRows('invoices')).toBe(1000);
  });

  it('stores motive codes and the run parameters with sorted keys', () => {
    const l = ledger();
    l.recordRun(
      runRecordOf({
        parameters: { zeta: 1, alpha: 'x' },
        invoices: [invoiceRecordOf({ status: 'REJECTED', motives: [motiveOf('DOUBLON'), motiveOf('HORS_DELAI')] })],
      }),
    );
    const db = fixture!.inspect();
    expect(db.prepare('SELECT motive_codes FROM invoices').pluck().get()).toBe('DOUBLON|HORS_DELAI');
    expect(db.prepare('SELECT parameters_json FROM runs').pluck().get()).toBe('{"alpha":"x","zeta":1}');
    db.close();
  });

  describe('is all or nothing', () => {
    const failures: [string, () => Parameters<Ledger['recordRun']>[0]][] = [
      ['an invoice names a file the run does not list', () => runRecordOf({ invoices: [invoiceRecordOf({ file: 'inbox/other.b2' })] })],
      ['a lot names a file the run does not list', () => runRecordOf({ lots: [{ file: 'inbox/x.b2', lotNumber: '9', arlPositive: false }] })],
      [
        'the same invoice is paid twice in the run',
        () => runRecordOf({ invoices: [invoiceRecordOf({ sequence: 1 }), invoiceRecordOf({ sequence: 2 })] }),
      ],
      [
        'a transfer of zero',
        () =>
          runRecordOf({
            invoices: [invoiceRecordOf()],
            transfers: [{ practitionerId: '991023763', accountingDate: 20261123 as DateYmd, amountCents: cents(0), endToEndId: 'E' }],
          }),
      ],
      [
        'the invoice generator throws half-way',
        () =>
          runRecordOf({
            invoices: (function* () {
              yield invoiceRecordOf({ sequence: 1, invoiceNumber: '000000001' });
              throw new Error('decoder blew up');
            })(),
          }),
      ],
    ];
    for (const [what, build] of failures) {
      it(`writes nothing when ${what}`, () => {
        const l = ledger();
        expect(() => l.recordRun(build())).toThrow();
        expect(ALL_TABLES.map(countRows)).toEqual([0, 0, 0, 0, 0, 0]);
        expect(l.fileAlreadyReceived('sha-RUN-20261123')).toBeUndefined();
      });
    }
  });

  it('refuses, with nothing written, a run that would pay an invoice an earlier run paid', () => {
    const l = ledger();
    l.recordRun(runRecordOf({ runId: 'R1', invoices: [invoiceRecordOf()] }));
    expect(() => l.recordRun(runRecordOf({ runId: 'R2', accountingDate: 20261124 as DateYmd, invoices: [invoiceRecordOf()] }))).toThrow(
      /unique/i,
    );
    expect(countRows('runs')).toBe(1);
  });

  it('receives a file delivered again, and still names the run that first received it', () => {
    const l = ledger();
    l.recordRun(runRecordOf({ runId: 'R1' }));
    const again = { sha256: 'sha-R1', name: 'inbox/a.b2', sizeBytes: 1, receivedDate: 20261121 as DateYmd };
    l.recordRun(runRecordOf({ accountingDate: 20261124 as DateYmd, runId: 'R2', files: [again], lots: [], invoices: [], transfers: [], pecsConsumed: [] }));
    expect(countRows('files')).toBe(2);
    expect(l.fileAlreadyReceived('sha-R1')?.runId).toBe('R1');
    expect(l.runCount()).toBe(2);
  });

  it('lets a previously rejected invoice be paid by a later run', () => {
    const l = ledger();
    l.recordRun(runRecordOf({ runId: 'R1', invoices: [invoiceRecordOf({ status: 'REJECTED' })] }));
    l.recordRun(runRecordOf({ runId: 'R2', accountingDate: 20261124 as DateYmd, invoices: [invoiceRecordOf()] }));
    expect(countRows('invoices')).toBe(2);
  });

  it('refuses a run id used before and a PEC consumed before', () => {
    const l = ledger();
    l.recordRun(runRecordOf({ runId: 'R1', pecsConsumed: [{ pecNumber: 'P1', consumedCents: cents(5), practitionerId: 'x', invoiceNumber: '1' }] }));
    const later = { accountingDate: 20261124 as DateYmd };
    expect(() => l.recordRun(runRecordOf({ ...later, runId: 'R1', files: [], lots: [] }))).toThrow(/unique/i);
    expect(() =>
      l.recordRun(runRecordOf({ ...later, runId: 'R3', pecsConsumed: [{ pecNumber: 'P1', consumedCents: cents(5), practitionerId: 'x', invoiceNumber: '2' }] })),
    ).toThrow(/unique|primary/i);
    expect(countRows('runs')).toBe(1);
  });

  it('refuses a second transfer to a practitioner on the same accounting day (P7), even from another run', () => {
    const l = ledger();
    const transfer = { practitionerId: '991023763', accountingDate: 20261123 as DateYmd, amountCents: cents(1234), endToEndId: 'TPLIQ-20261123-991023763' };
    l.recordRun(runRecordOf({ runId: 'R1', transfers: [transfer] }));
    expect(() => l.recordRun(runRecordOf({ runId: 'R2', transfers: [transfer] }))).toThrow(/unique/i);
  });
});
