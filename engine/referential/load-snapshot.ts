import { readFileSync } from 'node:fs';
import {
  decodeReferential,
  decodeSnapshotFile,
  SNAPSHOT_FORMAT,
  OLDEST_SNAPSHOT_VERSION,
  SNAPSHOT_VERSION,
  type ReferentialMessage,
  type SnapshotFileMessage,
  type SourceFileMessage,
} from '../../codecs/proto/referential-proto.js';
import { snapshotIdOf } from './snapshot-id.js';
import { ReferentialSnapshotError } from './referential-errors.js';
import { checkSnapshotShape } from './snapshot-shape.js';
import { SnapshotView } from './snapshot-view.js';

export interface LoadOptions {
  /**
   * Recompute the SHA-256 of the body and compare it with the id (default true). Costs one pass
   * over the bytes (a few hundred ms for millions of beneficiaries); a worker handed bytes the
   * main thread already verified may skip it.
   */
  verify?: boolean;
}

/**
 * A snapshot's bytes → the read-only ReferentialView the rules use. The big tables are not
 * decoded row by row: protobufjs hands back views of `bytes`, and the view binary-searches them,
 * so loading costs about the same for ten beneficiaries or millions. `bytes` must stay unchanged
 * for the life of the view (it may live in a SharedArrayBuffer shared by the workers).
 */
export function loadSnapshot(bytes: Uint8Array, options: LoadOptions = {}): SnapshotView {
  const { referential, snapshotId } = decodeCheckedSnapshot(bytes, options);
  return new SnapshotView(referential, snapshotId);
}

/**
 * The checks of loadSnapshot (format, version, content hash unless told otherwise, table shapes)
 * and the decoded tables, for a caller that builds its own view of them (loadPayeeDirectory).
 */
export function decodeCheckedSnapshot(bytes: Uint8Array, options: LoadOptions = {}): { referential: ReferentialMessage; snapshotId: string } {
  const file = decodeFile(bytes);
  if (options.verify ?? true) {
    const actual = snapshotIdOf(file.body);
    if (actual !== file.snapshotId) {
      throw new ReferentialSnapshotError(
        'TPLIQ_REF_SNAPSHOT_HASH',
        `content hash ${actual.slice(0, 16)}… does not match the snapshot id ${file.snapshotId.slice(0, 16)}…: the file is damaged`,
      );
    }
  }
  let referential: ReferentialMessage;
  try {
    referential = decodeReferential(file.body);
  } catch (error) {
    throw new ReferentialSnapshotError('TPLIQ_REF_SNAPSHOT_CORRUPT', `the body cannot be decoded: ${(error as Error).message}`);
  }
  const problem = checkSnapshotShape(referential, file.version);
  if (problem !== undefined) throw new ReferentialSnapshotError('TPLIQ_REF_SNAPSHOT_CORRUPT', problem);
  return { referential, snapshotId: file.snapshotId };
}

/** Reads and loads a snapshot file (verified unless told otherwise). */
export function readSnapshotFile(path: string, options: LoadOptions = {}): SnapshotView {
  return loadSnapshot(readFileSync(path), options);
}

/** The id and provenance of a snapshot without loading its tables (`tpliq referential info`). */
export function snapshotHeader(bytes: Uint8Array): { snapshotId: string; version: number; sources: SourceFileMessage[] } {
  const file = decodeFile(bytes);
  return { snapshotId: file.snapshotId, version: file.version, sources: file.sources };
}

function decodeFile(bytes: Uint8Array): SnapshotFileMessage {
  let file: SnapshotFileMessage;
  try {
    file = decodeSnapshotFile(bytes);
  } catch (error) {
    throw new ReferentialSnapshotError('TPLIQ_REF_SNAPSHOT_FORMAT', `not a referential snapshot: ${(error as Error).message}`);
  }
  if (file.format !== SNAPSHOT_FORMAT) {
    throw new ReferentialSnapshotError('TPLIQ_REF_SNAPSHOT_FORMAT', `not a referential snapshot (format "${file.format}")`);
  }
  // Older layouts stay readable: an archived run replays with the snapshot it was decided with.
  if (file.version < OLDEST_SNAPSHOT_VERSION || file.version > SNAPSHOT_VERSION) {
    throw new ReferentialSnapshotError(
      'TPLIQ_REF_SNAPSHOT_VERSION',
      `snapshot layout version ${file.version}; this engine reads versions ${OLDEST_SNAPSHOT_VERSION}–${SNAPSHOT_VERSION}: recompile the referential`,
    );
  }
  return file;
}
