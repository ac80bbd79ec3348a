import { renameSync, writeFileSync } from 'node:fs';
import { PRIVATE_FILE_MODE } from '../private-files.js';
import {
  encodeReferential,
  encodeSnapshotFile,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
} from '../../codecs/proto/referential-proto.js';
import type { ReferentialMessage, SourceFileMessage } from '../../codecs/proto/referential-proto.js';
import { importReferential } from './import-referential.js';
import { ReferentialImportError } from './referential-errors.js';
import { snapshotIdOf } from './snapshot-id.js';

/**
 * `tpliq referential compile`: CSV delivery folder → one snapshot file (codecs/proto/referential.proto).
 * The snapshot id is the SHA-256 of the encoded referential (the `body`), whose rows are in
 * canonical order: the same content gives the same bytes and the same id, whatever the order of
 * the CSV rows; the run summary quotes the id, so a replay can prove it used the same rights.
 */

export interface CompiledReferential {
  /** The snapshot file's bytes. */
  bytes: Uint8Array;
  /** Lowercase hex SHA-256 of the body (64 characters; the first 16 are enough to show). */
  snapshotId: string;
}

/** Encodes imported tables as a snapshot file. */
export function encodeSnapshot(referential: ReferentialMessage, sources: SourceFileMessage[]): CompiledReferential {
  const body = encodeReferential(referential);
  const snapshotId = snapshotIdOf(body);
  const bytes = encodeSnapshotFile({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, snapshotId, body, sources });
  return { bytes, snapshotId };
}

/** Imports the folder and encodes it; throws ReferentialImportError listing every issue found. */
export async function compileReferential(folder: string): Promise<CompiledReferential> {
  const imported = await importReferential(folder);
  if (!imported.ok) throw new ReferentialImportError(imported.issues);
  return encodeSnapshot(imported.referential, imported.sources);
}

/**
 * Compiles the folder and writes the snapshot to `outFile`, through a temporary file renamed into
 * place: a reader never sees half a snapshot, and a failed compile leaves the old one untouched.
 */
export async function writeSnapshot(folder: string, outFile: string): Promise<{ snapshotId: string; byteLength: number }> {
  const { bytes, snapshotId } = await compileReferential(folder);
  const temporary = `${outFile}.partial`;
  // The snapshot holds every beneficiary's NIR and birth date.
  writeFileSync(temporary, bytes, { mode: PRIVATE_FILE_MODE });
  renameSync(temporary, outFile);
  return { snapshotId, byteLength: bytes.byteLength };
}
