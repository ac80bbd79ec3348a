import { describe, expect, it } from 'vitest';
import { IssueSink } from '../codecs/csv/referential-issue.js';
import type { LimitCsvRow } from '../codecs/csv/limits-csv.js';
import { guaranteeLimitMessages } from '../engine/referential/limit-table.js';

/**
 * limits.csv versions of one (contract, domain) must not overlap: "the ceiling on that day" has
 * one answer. A version is held to every earlier one of its key, not only the one just before it.
 */
const row = (line: number, validFrom: number, validTo: number, limitId = `L${line}`): LimitCsvRow => ({
  line, contract: 'OSTEO-40', domain: 'XCMP', limitId, amountText: '160.00', count: 0, period: 'CALENDAR_YEAR', years: 0, validFrom, validTo,
});

const overlapsOf = (rows: LimitCsvRow[]): number[] => {
  const issues = new IssueSink();
  guaranteeLimitMessages(rows, 'limits.csv', issues);
  return issues.issues().filter((i) => i.code === 'TPLIQ_REF_OVERLAPPING_PERIODS').map((i) => i.line);
};

describe('limits.csv: versions of one guarantee do not overlap', () => {
  it('reports a version inside a long earlier one even when a short one comes between them', () => {
    // 2026 whole, then March, then June: both later versions fall inside the first.
    expect(overlapsOf([row(2, 20260101, 20261231), row(3, 20260301, 20260331), row(4, 20260601, 20260630)])).toEqual([3, 4]);
  });

  it('accepts versions that follow one another', () => {
    expect(overlapsOf([row(2, 20250101, 20251231), row(3, 20260101, 20260630), row(4, 20260701, 99991231)])).toEqual([]);
  });

  it('holds each guarantee to its own versions only', () => {
    expect(overlapsOf([row(2, 20260101, 20261231), { ...row(3, 20260301, 20260331), domain: 'KINE' }])).toEqual([]);
  });
});
