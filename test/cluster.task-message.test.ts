import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTaskMessage, encodeTaskMessage, partitionOf } from '../engine/cluster/task-message.js';
import type { LiquidationTask } from '../engine/pipeline/task.js';

const lot = fc.record({
  file: fc.string(), lot: fc.string(), practitionerId: fc.stringMatching(/^[0-9]{9}$/), profile: fc.constantFrom('b2-ps', 'dre'),
  channel: fc.constantFrom('B2' as const, 'DRE' as const, 'PAPER' as const), receivedDate: fc.integer({ min: 20260101, max: 20261231 }), sendDate: fc.nat(),
});

describe('a batch task as a NATS message', () => {
  it('comes back as the task the local workers receive: bytes, index, lots, framing errors (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.array(fc.double({ noNaN: true }), { maxLength: 200 }), fc.array(lot, { maxLength: 4 }), fc.nat(), (bytes, index, lots, batch) => {
        const task = { batch, bytes, index: Float64Array.from(index), invoiceCount: index.length, lots, framingErrors: [] } as unknown as LiquidationTask;
        const back = decodeTaskMessage(encodeTaskMessage(task));
        expect(back.batch).toBe(batch);
        expect([...back.bytes]).toEqual([...bytes]);
        expect([...back.index]).toEqual([...Float64Array.from(index)]);
        expect(back.lots).toEqual(lots);
        expect(back.invoiceCount).toBe(index.length);
      }),
    );
  });

  it('keeps byte offsets of multi-GiB files exact (float64, not 32-bit)', () => {
    const task: LiquidationTask = { batch: 7, bytes: new Uint8Array([1, 2, 3]), index: Float64Array.from([0, 3, 12, 6_442_450_944, 0]), invoiceCount: 1, lots: [], framingErrors: [{ at: 0, errors: [] }] };
    const back = decodeTaskMessage(encodeTaskMessage(task));
    expect(back.index[3]).toBe(6_442_450_944);
    expect(back.framingErrors).toEqual([{ at: 0, errors: [] }]);
  });

  it('refuses a message cut short', () => {
    const message = encodeTaskMessage({ batch: 1, bytes: new Uint8Array(10), index: new Float64Array(5), invoiceCount: 1, lots: [], framingErrors: [] });
    expect(() => decodeTaskMessage(message.subarray(0, message.length - 1))).toThrow(/header says otherwise/);
  });

  it('shards a practitioner the same way every time, over every partition', () => {
    const shards = new Set<number>();
    for (let n = 0; n < 2000; n += 1) {
      const id = String(100_000_000 + n * 7919);
      expect(partitionOf(id, 16)).toBe(partitionOf(id, 16));
      shards.add(partitionOf(id, 16));
    }
    expect(shards.size).toBe(16);
    expect(partitionOf('991023763', 16)).toBe(partitionOf('991023763', 16));
  });
});
