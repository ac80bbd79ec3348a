import { describe, expect, it } from 'vitest';
import { DayColumn, dayColumnBytes } from '../engine/referential/day-column.js';

const roundTrip = (dates: number[]): { bytesPerRow: number; read: number[] } => {
  const bytes = dayColumnBytes(Int32Array.from(dates));
  const column = new DayColumn(bytes, dates.length);
  return { bytesPerRow: bytes.byteLength / dates.length, read: dates.map((_, row) => column.at(row)) };
};

describe('snapshot date columns (d16: a date in two bytes)', () => {
  it('keeps none (0), open-ended (99991231) and every day from 1900-01-01 to 2079-06-04 in two bytes', () => {
    const dates = [0, 19000101, 19000228, 19000301, 19850412, 20000229, 20261123, 20790604, 99991231];
    expect(roundTrip(dates)).toEqual({ bytesPerRow: 2, read: dates });
  });

  it('reads back every code of the range as the day it stands for (no gap, no repeat)', () => {
    const days: number[] = [];
    for (let year = 1900; year <= 2079; year++) {
      for (let month = 1; month <= 12; month++) {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        for (let day = 1; day <= last; day++) if (year < 2079 || month < 6 || (month === 6 && day <= 4)) days.push(year * 10000 + month * 100 + day);
      }
    }
    expect(days).toHaveLength(65_534);
    expect(roundTrip(days)).toEqual({ bytesPerRow: 2, read: days });
  });

  it.each([
    ['a day before 1900', 18991231],
    ['a day after 2079-06-04', 20790605],
    ['a card valid to 2099', 20991231],
    ['a date that is not a day', 20260230],
  ])('writes the whole column as i32 when it holds %s', (_what, odd) => {
    const dates = [20260101, odd, 99991231, 0];
    expect(roundTrip(dates)).toEqual({ bytesPerRow: 4, read: dates });
  });
});
