import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileReferential } from '../engine/referential/compile-snapshot.js';
import { loadSnapshot } from '../engine/referential/load-snapshot.js';
import { loadPayeeDirectory } from '../engine/referential/payee-directory.js';
import { ReferentialSnapshotError } from '../engine/referential/referential-errors.js';
import { GOLDEN_FOLDER } from './fixtures/referential/delivery.js';

const column = (file: string): string[] =>
  readFileSync(join(GOLDEN_FOLDER, file), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]!);

async function sharedGoldenSnapshot(): Promise<Uint8Array> {
  const { bytes } = await compileReferential(GOLDEN_FOLDER);
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}

describe('payee directory: the practitioners and AMCs of a snapshot, in memory of their own', () => {
  it('answers every practitioner and AMC as the full view does, under the same snapshot id', async () => {
    const bytes = await sharedGoldenSnapshot();
    const full = loadSnapshot(bytes);
    const payees = loadPayeeDirectory(bytes);
    const practitioners = column('practitioners.csv');
    const amcs = column('amc.csv');
    expect(practitioners.length).toBeGreaterThan(1);
    expect(payees.snapshotId).toBe(full.snapshotId);
    for (const id of practitioners) {
      expect(full.practitioner(id)).toBeDefined();
      expect(payees.practitioner(id)).toEqual(full.practitioner(id));
    }
    for (const amc of amcs) {
      expect(full.amc(amc)).toBeDefined();
      expect(payees.amc(amc)).toEqual(full.amc(amc));
    }
    expect(payees.practitioner('000000000')).toBeUndefined();
    expect(payees.amc('99999999')).toBeUndefined();
  });

  it('still answers once the shared bytes it was loaded from are overwritten: it keeps no view of them', async () => {
    const bytes = await sharedGoldenSnapshot();
    const expected = loadSnapshot(bytes).practitioner('991084948');
    expect(expected?.iban).toBe('FR7630006000011234567890189');
    const payees = loadPayeeDirectory(bytes);
    bytes.fill(0);
    expect(payees.practitioner('991084948')).toEqual(expected);
    expect(payees.amc('12345678')?.name).toBe('Mutuelle Alpha');
  });

  it('refuses a damaged snapshot as loadSnapshot does, before any worker would start', async () => {
    const bytes = await sharedGoldenSnapshot();
    bytes[Buffer.from(bytes).indexOf('A-778')] = 'X'.charCodeAt(0);
    expect(() => loadPayeeDirectory(bytes)).toThrow(ReferentialSnapshotError);
    try {
      loadPayeeDirectory(bytes);
    } catch (error) {
      expect((error as ReferentialSnapshotError).code).toBe('TPLIQ_REF_SNAPSHOT_HASH');
    }
  });
});
