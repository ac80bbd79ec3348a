import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpilledKeyRuns } from '../engine/ledger/spilled-key-runs.js';

const ascending = (keys: readonly bigint[]): bigint[] => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Every run but the last set aside, each sorted, the last one kept in memory: what the merge gives back. */
function merged(runs: readonly (readonly bigint[])[]): bigint[] {
  const spilled = new SpilledKeyRuns();
  for (const run of runs.slice(0, -1)) spilled.append(BigInt64Array.from(run).sort());
  const out: bigint[] = [];
  spilled.drainInOrder(BigInt64Array.from(runs.at(-1) ?? []).sort(), (key) => out.push(key));
  return out;
}

const openFileCount = (): number => readdirSync('/proc/self/fd').length;
const keyFolders = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('tpliq-keys-'));

describe('SpilledKeyRuns', () => {
  it('gives back every key of every run, equal ones included, in signed order', () => {
    // Low halves past 2^31 and high halves of both signs: an order on signed low halves, or on
    // unsigned high halves, puts some of these in the wrong place.
    const keys = [
      [5n, -1n, 0xffff_ffffn, -(2n ** 63n)],
      [0x8000_0000n, 2n ** 63n - 1n, 5n, -0x1_0000_0000n],
      [0x7fff_ffffn, -0x8000_0000n, 0n],
    ];
    expect(merged(keys)).toEqual(ascending(keys.flat()));
  });

  it('matches a sort of all the keys, however they are split into runs', () => {
    const key = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    fc.assert(
      fc.property(fc.array(fc.array(key, { maxLength: 40 }), { minLength: 1, maxLength: 8 }), (runs) => {
        expect(merged(runs)).toEqual(ascending(runs.flat()));
      }),
      { numRuns: 300 },
    );
  });

  it('reads runs longer than its read buffer, and runs of one key', () => {
    let random = 0x9e37_79b9;
    const next = (): bigint => BigInt.asIntN(64, (BigInt((random = (Math.imul(random, 1_103_515_245) + 12_345) >>> 0)) << 32n) | BigInt((random = (Math.imul(random, 1_103_515_245) + 12_345) >>> 0)));
    const runs = [Array.from({ length: 20_000 }, next), [next()], Array.from({ length: 8_193 }, next), Array.from({ length: 5_000 }, next)];
    expect(merged(runs)).toEqual(ascending(runs.flat()));
  });

  it('keeps no file in sight and closes the one it used', () => {
    const before = keyFolders();
    const files = openFileCount();
    const spilled = new SpilledKeyRuns();
    spilled.append(BigInt64Array.of(3n, 1n).sort());
    expect(spilled.runCount).toBe(1);
    expect(keyFolders()).toEqual(before);
    expect(openFileCount()).toBe(files + 1);
    const out: bigint[] = [];
    spilled.drainInOrder(BigInt64Array.of(2n), (k) => out.push(k));
    expect(out).toEqual([1n, 2n, 3n]);
    expect(spilled.runCount).toBe(0);
    expect(openFileCount()).toBe(files);
  });

  it('closes its file when the keys are dropped unread', () => {
    const files = openFileCount();
    const spilled = new SpilledKeyRuns();
    spilled.append(BigInt64Array.of(7n));
    spilled.close();
    spilled.close();
    expect(openFileCount()).toBe(files);
    expect(spilled.runCount).toBe(0);
  });
});
