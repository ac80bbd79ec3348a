import { describe, expect, it } from 'vitest';
import { RowCache } from '../engine/referential/row-cache.js';

describe('RowCache: objects of table rows in a bounded number of slots', () => {
  it('builds a row once while it keeps its slot, and answers the same object', () => {
    const cache = new RowCache<{ row: number }>(8);
    const built: number[] = [];
    const build = (row: number): { row: number } => (built.push(row), { row });
    const first = cache.get(3, build);
    expect(cache.get(3, build)).toBe(first);
    expect(cache.get(4, build)).toEqual({ row: 4 });
    expect(built).toEqual([3, 4]);
  });

  it('answers the right row when two rows share a slot (each replaces the other)', () => {
    const cache = new RowCache<{ row: number }>(8);
    const built: number[] = [];
    const build = (row: number): { row: number } => (built.push(row), { row });
    for (const row of [5, 13, 5, 13, 21]) expect(cache.get(row, build).row).toBe(row);
    expect(built).toEqual([5, 13, 5, 13, 21]);
    // Row 0 on a fresh slot is built: the empty mark (-1) is no row.
    expect(cache.get(0, build).row).toBe(0);
    expect(built.at(-1)).toBe(0);
  });

  it('holds at most its slot count of objects, however many rows were asked for', () => {
    const cache = new RowCache<object>(16);
    const live = new Set<object>();
    for (let row = 0; row < 10_000; row++) live.add(cache.get(row, () => ({})));
    const held = new Set<object>();
    for (let row = 10_000 - 16; row < 10_000; row++) held.add(cache.get(row, () => ({})));
    expect(held.size).toBe(16);
    for (const object of held) expect(live.has(object)).toBe(true);
    // A row asked for long ago has lost its slot: it is built again.
    let rebuilt = false;
    cache.get(0, () => ((rebuilt = true), {}));
    expect(rebuilt).toBe(true);
  });

  it('refuses a slot count that is not a power of two', () => {
    for (const slots of [0, 3, 1000, 1.5, -8]) expect(() => new RowCache(slots)).toThrow(RangeError);
  });
});
