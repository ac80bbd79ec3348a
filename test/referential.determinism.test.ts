import { afterAll, describe, expect, it } from 'vitest';
import { decodeSnapshotFile, SNAPSHOT_VERSION } from '../codecs/proto/referential-proto.js';
import { compileReferential } from '../engine/referential/compile-snapshot.js';
import { loadSnapshot } from '../engine/referential/load-snapshot.js';
import { snapshotIdOf } from '../engine/referential/snapshot-id.js';
import { editedDelivery, GOLDEN_FOLDER, removeTemporaryFolders, replaceLine } from './fixtures/referential/delivery.js';

afterAll(removeTemporaryFolders);

/** Data rows reversed, header kept: same content, another order. */
const reversedRows = (lines: string[]): string[] => [lines[0]!, ...lines.slice(1).reverse()];

/** Columns in another order (the header names them), for a file without quoted commas. */
const rotatedColumns = (lines: string[]): string[] =>
  lines.map((line) => {
    const fields = line.split(',');
    return [...fields.slice(1), fields[0]].join(',');
  });

describe('referential snapshot is deterministic and content-hashed', () => {
  it('compiles the same CSV files to the same bytes and the same id', async () => {
    const first = await compileReferential(GOLDEN_FOLDER);
    const second = await compileReferential(editedDelivery());
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(second.snapshotId).toBe(first.snapshotId);
  });

  it('gives the same id and body when rows and columns come in another order; only the provenance differs', async () => {
    const original = await compileReferential(GOLDEN_FOLDER);
    const shuffled = await compileReferential(
      editedDelivery({
        'amc.csv': reversedRows,
        'beneficiaries.csv': reversedRows,
        'guarantees.csv': (lines) => rotatedColumns(reversedRows(lines)),
        'pecs.csv': reversedRows,
        'practitioners.csv': reversedRows,
      }),
    );
    expect(shuffled.snapshotId).toBe(original.snapshotId);
    const a = decodeSnapshotFile(original.bytes);
    const b = decodeSnapshotFile(shuffled.bytes);
    expect(Buffer.from(b.body).equals(Buffer.from(a.body))).toBe(true);
    expect(b.sources.find((s) => s.name === 'amc.csv')?.sha256).not.toBe(a.sources.find((s) => s.name === 'amc.csv')?.sha256);
  });

  it('changes the id when one rate changes', async () => {
    const original = await compileReferential(GOLDEN_FOLDER);
    const changed = await compileReferential(
      editedDelivery({ 'guarantees.csv': replaceLine(2, 'STD,MEDG,TM,90.6,,0,1,2026-07-01,') }),
    );
    expect(changed.snapshotId).not.toBe(original.snapshotId);
    expect(loadSnapshot(changed.bytes).guarantee('STD', 'MEDG', 20260801 as never)?.rate).toBe(906_000);
  });

  it('names the snapshot by the SHA-256 of its body', async () => {
    const compiled = await compileReferential(GOLDEN_FOLDER);
    const file = decodeSnapshotFile(compiled.bytes);
    expect(snapshotIdOf(file.body)).toBe(compiled.snapshotId);
    expect(file.snapshotId).toBe(compiled.snapshotId);
    expect(file.format).toBe('tpliq.referential');
    expect(file.version).toBe(SNAPSHOT_VERSION);
  });
});
