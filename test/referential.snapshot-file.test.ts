import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeReferential, decodeSnapshotFile, encodeReferential, encodeSnapshotFile, SNAPSHOT_VERSION, type ReferentialMessage } from '../codecs/proto/referential-proto.js';
import { littleEndianBytes, stringColumn } from '../engine/referential/column-builders.js';
import { compileReferential, writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { DayColumn } from '../engine/referential/day-column.js';
import { loadSnapshot, readSnapshotFile, snapshotHeader } from '../engine/referential/load-snapshot.js';
import { ReferentialSnapshotError } from '../engine/referential/referential-errors.js';
import { snapshotIdOf } from '../engine/referential/snapshot-id.js';
import { GOLDEN_FOLDER, removeTemporaryFolders, temporaryFolder } from './fixtures/referential/delivery.js';

afterAll(removeTemporaryFolders);

function loadError(bytes: Uint8Array, verify = true): ReferentialSnapshotError {
  try {
    loadSnapshot(bytes, { verify });
  } catch (error) {
    if (error instanceof ReferentialSnapshotError) return error;
    throw error;
  }
  throw new Error('expected the load to fail');
}

describe('referential snapshot file: written, read back, refused when damaged', () => {
  it('writes a file that reads back with the same id and the provenance of each CSV', async () => {
    const out = join(temporaryFolder('tpliq-ref-file-'), 'referential.snapshot');
    const written = await writeSnapshot(GOLDEN_FOLDER, out);
    const view = readSnapshotFile(out);
    expect(view.snapshotId).toBe(written.snapshotId);
    expect(view.practitioner('991023763')?.name).toBe('Dr Paul Martin');
    const header = snapshotHeader(readFileSync(out));
    expect(header.sources.map((s) => s.name)).toEqual([
      'amc.csv',
      'guarantees.csv',
      'practitioners.csv',
      'beneficiaries.csv',
      'default:act-domains.csv',
      'pecs.csv',
    ]);
    const beneficiaries = header.sources.find((s) => s.name === 'beneficiaries.csv')!;
    expect(beneficiaries.rows).toBe(8);
    expect(beneficiaries.sha256).toBe(createHash('sha256').update(readFileSync(join(GOLDEN_FOLDER, 'beneficiaries.csv'))).digest('hex'));
  });

  it('refuses a snapshot whose body was altered (one byte), unless told not to verify', async () => {
    const { bytes } = await compileReferential(GOLDEN_FOLDER);
    const damaged = Uint8Array.from(bytes);
    const text = Buffer.from(damaged).indexOf('A-778');
    damaged[text] = 'X'.charCodeAt(0);
    expect(loadError(damaged).code).toBe('TPLIQ_REF_SNAPSHOT_HASH');
    expect(loadSnapshot(damaged, { verify: false }).beneficiariesByNir('87654321', '2951099126111')[0]?.memberNumber).toBe('X-778');
  });

  it('carries no beneficiary name, and keeps the card and rights dates in two bytes each', async () => {
    const { bytes } = await compileReferential(GOLDEN_FOLDER);
    for (const name of ['DUPONT', 'MARTIN Awa', 'CASANOVA', 'LEROY']) expect(Buffer.from(bytes).indexOf(name)).toBe(-1);
    const b = decodeReferential(decodeSnapshotFile(bytes).body).beneficiaries;
    expect(b.name ?? null).toBeNull();
    expect([b.cardFrom.byteLength, b.cardTo.byteLength, b.vitaleOppositionDate.byteLength]).toEqual([2 * 8, 2 * 8, 2 * 8]);
    expect([b.rightsFrom.byteLength, b.rightsTo.byteLength]).toEqual([2 * 8, 2 * 8]);
  });

  it('reads a layout-2 snapshot (names, four-byte dates) as it was decided with: an archived run replays on it', async () => {
    const compiled = await compileReferential(GOLDEN_FOLDER);
    const current = loadSnapshot(compiled.bytes);
    const file = decodeSnapshotFile(compiled.bytes);
    const body = encodeReferential(asLayout2(decodeReferential(file.body)));
    const old = loadSnapshot(encodeSnapshotFile({ ...file, version: 2, body, snapshotId: snapshotIdOf(body) }));
    for (const [amc, nir] of [['12345678', '1850475123456'], ['87654321', '2951099126111'], ['87654321', '253072B073004'], ['12345678', '1790612345678']] as const) {
      expect(old.beneficiariesByNir(amc, nir)).toEqual(current.beneficiariesByNir(amc, nir));
      expect(old.beneficiariesByNir(amc, nir).length).toBeGreaterThan(0);
    }
  });

  it('refuses two-byte dates in a snapshot that says layout 2', async () => {
    const file = decodeSnapshotFile((await compileReferential(GOLDEN_FOLDER)).bytes);
    const error = loadError(encodeSnapshotFile({ ...file, version: 2 }));
    expect(error.code).toBe('TPLIQ_REF_SNAPSHOT_CORRUPT');
    expect(error.message).toContain('beneficiaries.card_from: 16 bytes for 8 dates');
  });

  it('refuses bytes that are not a snapshot', () => {
    expect(loadError(new TextEncoder().encode('amc_number,name\n')).code).toBe('TPLIQ_REF_SNAPSHOT_FORMAT');
    expect(loadError(encodeSnapshotFile({ format: 'other', version: 1, snapshotId: '', body: new Uint8Array(), sources: [] })).code).toBe(
      'TPLIQ_REF_SNAPSHOT_FORMAT',
    );
  });

  it('refuses a snapshot of another layout version', async () => {
    const file = decodeSnapshotFile((await compileReferential(GOLDEN_FOLDER)).bytes);
    const error = loadError(encodeSnapshotFile({ ...file, version: SNAPSHOT_VERSION + 1 }));
    expect(error.code).toBe('TPLIQ_REF_SNAPSHOT_VERSION');
    expect(error.message).toContain('recompile');
  });

  it('refuses a body whose columns disagree with their counts, even with a matching id', async () => {
    const file = decodeSnapshotFile((await compileReferential(GOLDEN_FOLDER)).bytes);
    const referential = decodeReferential(file.body);
    referential.beneficiaries.nir = referential.beneficiaries.nir.subarray(0, 13 * 7);
    const body = encodeReferential(referential);
    const error = loadError(encodeSnapshotFile({ ...file, body, snapshotId: snapshotIdOf(body) }));
    expect(error.code).toBe('TPLIQ_REF_SNAPSHOT_CORRUPT');
    expect(error.message).toContain('beneficiaries.nir');
  });

  it('refuses a guarantee that refers past the contract dictionary', async () => {
    const file = decodeSnapshotFile((await compileReferential(GOLDEN_FOLDER)).bytes);
    const referential = decodeReferential(file.body);
    const contract = Uint8Array.from(referential.guarantees.contract);
    contract[0] = 200;
    referential.guarantees.contract = contract;
    const body = encodeReferential(referential);
    const error = loadError(encodeSnapshotFile({ ...file, body, snapshotId: snapshotIdOf(body) }));
    expect(error.code).toBe('TPLIQ_REF_SNAPSHOT_CORRUPT');
    expect(error.message).toContain('guarantees.contract');
  });

  it('loads from a copy at an odd byte offset (columns are read without alignment)', async () => {
    const { bytes } = await compileReferential(GOLDEN_FOLDER);
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    const view = loadSnapshot(shifted.subarray(3));
    expect(view.guarantee('STD', 'MEDG', 20260701 as never)?.rate).toBe(905_000);
    expect(view.beneficiariesByNir('87654321', '2951099126111')[0]?.vitaleOppositionDate).toBe(20260315);
  });
});

/** The same tables as layout 2 wrote them: a name per beneficiary, every date in four bytes. */
function asLayout2(referential: ReferentialMessage): ReferentialMessage {
  const b = referential.beneficiaries;
  const periods = new DataView(b.rightsStart.buffer, b.rightsStart.byteOffset).getUint32(b.count * 4, true);
  const fourBytes = (column: Uint8Array, rows: number): Uint8Array => {
    const dates = new DayColumn(column, rows);
    return littleEndianBytes(Int32Array.from({ length: rows }, (_, row) => dates.at(row)));
  };
  return {
    ...referential,
    beneficiaries: {
      ...b,
      name: stringColumn(Array.from({ length: b.count }, (_, row) => `NAME ${row}`)),
      cardFrom: fourBytes(b.cardFrom, b.count),
      cardTo: fourBytes(b.cardTo, b.count),
      vitaleOppositionDate: fourBytes(b.vitaleOppositionDate, b.count),
      rightsFrom: fourBytes(b.rightsFrom, periods),
      rightsTo: fourBytes(b.rightsTo, periods),
    },
  };
}
