import { describe, expect, it } from 'vitest';
import type { LotRecord } from '../engine/ledger/run-record.js';
import { LotRecordLog } from '../engine/run/lot-record-log.js';

describe('LotRecordLog: the lots a run read, compact until the ledger header takes them', () => {
  it('gives back every lot, in order, with its file, number and ARL status, past several growths', () => {
    const log = new LotRecordLog();
    const expected: LotRecord[] = [];
    for (let i = 0; i < 5_000; i++) {
      const lot = { file: `b2/ps-${Math.floor(i / 7)}.b2`, lotNumber: String((i % 7) + 1).padStart(3, '0'), arlPositive: i % 11 !== 0 };
      expected.push(lot);
      log.add({ ...lot });
    }
    expect(log.size).toBe(5_000);
    expect(log.toArray()).toEqual(expected);
  });

  it('refuses a lot number logged twice for one file (intake must have refused the repeat), and allows it in another file', () => {
    const log = new LotRecordLog();
    log.add({ file: 'a.dre', lotNumber: '001', arlPositive: true });
    log.add({ file: 'a.dre', lotNumber: '002', arlPositive: true });
    expect(() => log.add({ file: 'a.dre', lotNumber: '001', arlPositive: false })).toThrow(/lot 001 of a\.dre logged twice/);
    log.add({ file: 'b.dre', lotNumber: '001', arlPositive: true });
    expect(log.toArray().map((l) => `${l.file}#${l.lotNumber}`)).toEqual(['a.dre#001', 'a.dre#002', 'b.dre#001']);
  });

  it('is empty when no lot was read', () => {
    expect(new LotRecordLog().toArray()).toEqual([]);
  });
});
