import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { invoiceKey, openLedger, type Ledger } from '../engine/ledger/ledger.js';
import { TEST_LEDGER_BACKEND } from './support/ledger-backend.js';
import { cents, invoiceRecordOf, runRecordOf, tempLedger } from './support/ledger-fixtures.js';

let fixture: ReturnType<typeof tempLedger>;
let ledger: Ledger;

/** An earlier run: PS A paid invoice 1 (key fk-paid) and had invoice 2 rejected (key fk-rejected). */
beforeEach(() => {
  fixture = tempLedger();
  ledger = fixture.ledger;
  ledger.recordRun(
    runRecordOf({
      runId: 'R1',
      invoices: [
        invoiceRecordOf({ practitionerId: 'PS-A', invoiceNumber: '000000001' }, 'fk-paid'),
        invoiceRecordOf({ practitionerId: 'PS-A', invoiceNumber: '000000002', status: 'REJECTED' }, 'fk-rejected'),
      ],
      pecsConsumed: [{ pecNumber: 'PEC-7', consumedCents: cents(12000), practitionerId: 'PS-A', invoiceNumber: '000000001' }],
    }),
  );
});
afterEach(() => fixture.dispose());

describe('ledger lookups of earlier runs', () => {
  it('knows a file by its SHA-256, with the run and name it came under', () => {
    expect(ledger.fileAlreadyReceived('sha-R1')).toEqual({ runId: 'R1', name: 'inbox/a.b2' });
    expect(ledger.fileAlreadyReceived('sha-other')).toBeUndefined();
  });

  it('knows an invoice the same practitioner was paid for (exact duplicate → DOUBLON)', () => {
    expect(ledger.invoiceKnown('PS-A', '000000001')).toBe(true);
  });

  it('does not count an invoice that was rejected: the practitioner may bill it again', () => {
    expect(ledger.invoiceKnown('PS-A', '000000002')).toBe(false);
  });

  it('keys invoices by practitioner: the same number from another practitioner is new', () => {
    expect(ledger.invoiceKnown('PS-B', '000000001')).toBe(false);
  });

  it('knows functional keys of paid invoices only', () => {
    expect(ledger.functionalKeyKnown('fk-paid')).toBe(true);
    expect(ledger.functionalKeyKnown('fk-rejected')).toBe(false);
    expect(ledger.functionalKeyKnown('')).toBe(false);
  });

  it('knows PECs already consumed', () => {
    expect(ledger.pecConsumed('PEC-7')).toBe(true);
    expect(ledger.pecConsumed('PEC-8')).toBe(false);
  });

  it('answers in batch exactly what the single lookups answer', () => {
    const asked = [
      { practitionerId: 'PS-A', invoiceNumber: '000000001' },
      { practitionerId: 'PS-A', invoiceNumber: '000000002' },
      { practitionerId: 'PS-B', invoiceNumber: '000000001' },
    ];
    expect(ledger.paidInvoicesAmong(asked)).toEqual(new Set([invoiceKey('PS-A', '000000001')]));
    expect(ledger.paidFunctionalKeysAmong(['fk-paid', 'fk-rejected', '', 'fk-none'])).toEqual(new Set(['fk-paid']));
    expect(ledger.consumedPecsAmong(['PEC-7', 'PEC-8'])).toEqual(new Set(['PEC-7']));
    expect(ledger.paidInvoicesAmong([])).toEqual(new Set());
  });

  it('batches agree with single lookups across batch boundaries (property)', () => {
    // 500 paid invoices in a second run, then random questions (some known, some not), more than
    // one batch of keys at a time.
    ledger.recordRun(
      runRecordOf({
        runId: 'R2',
        accountingDate: 20261124 as DateYmd,
        invoices: Array.from({ length: 500 }, (_, i) =>
          invoiceRecordOf({ sequence: i, practitionerId: `PS-${i % 7}`, invoiceNumber: String(i * 3).padStart(9, '0') }, `fk-${i * 3}`),
        ),
      }),
    );
    const question = fc.record({ ps: fc.integer({ min: 0, max: 7 }), n: fc.integer({ min: 0, max: 1600 }) });
    fc.assert(
      fc.property(fc.array(question, { maxLength: 700 }), (questions) => {
        const asked = questions.map((q) => ({ practitionerId: `PS-${q.ps}`, invoiceNumber: String(q.n).padStart(9, '0') }));
        const expected = new Set(
          asked.filter((a) => ledger.invoiceKnown(a.practitionerId, a.invoiceNumber)).map((a) => invoiceKey(a.practitionerId, a.invoiceNumber)),
        );
        expect(ledger.paidInvoicesAmong(asked)).toEqual(expected);
        const hashes = questions.map((q) => `fk-${q.n}`);
        expect(ledger.paidFunctionalKeysAmong(hashes)).toEqual(new Set(hashes.filter((h) => ledger.functionalKeyKnown(h))));
      }),
      { numRuns: 40 },
    );
  });
});

describe.skipIf(TEST_LEDGER_BACKEND === 'postgres')('a read snapshot held on a SQLite ledger (the run intake)', () => {
  it('answers from the ledger as it stood at its first read, lets another connection commit meanwhile, and sees it once let go', () => {
    const release = ledger.holdReadSnapshot();
    expect(ledger.invoiceKnown('PS-C', '000000009')).toBe(false);
    // Another command writes the ledger while the snapshot is held: WAL lets it commit.
    const other = openLedger(fixture.dataDir);
    try {
      other.recordRun(runRecordOf({ runId: 'R2', accountingDate: 20261124 as DateYmd, invoices: [invoiceRecordOf({ practitionerId: 'PS-C', invoiceNumber: '000000009' }, 'fk-later')] }));
    } finally {
      other.close();
    }
    expect(ledger.invoiceKnown('PS-C', '000000009')).toBe(false);
    expect(ledger.paidInvoicesAmong([{ practitionerId: 'PS-C', invoiceNumber: '000000009' }])).toEqual(new Set());
    expect(ledger.functionalKeyKnown('fk-later')).toBe(false);
    expect(ledger.runCount()).toBe(1);
    release();
    expect(ledger.invoiceKnown('PS-C', '000000009')).toBe(true);
    expect(ledger.functionalKeyKnown('fk-later')).toBe(true);
    expect(ledger.runCount()).toBe(2);
    // Let go twice, nothing happens; the ledger still writes.
    release();
    ledger.recordRun(runRecordOf({ runId: 'R3', accountingDate: 20261125 as DateYmd, invoices: [] }));
    expect(ledger.runCount()).toBe(3);
  });
});
