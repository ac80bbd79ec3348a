import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { outputDigestLine, type OutputDigestLookup } from '../ledger/output-digest-file.js';
import type { OutputDigest } from '../ledger/run-record.js';
import { PRIVATE_FILE_MODE } from '../private-files.js';
import { FileAppendBuffer } from './file-append-buffer.js';

/** Files of an output folder that are not the run's result: machine-dependent, or the run's scratch. */
export const UNDIGESTED_ENTRIES: ReadonlySet<string> = new Set(['timings.json', '.spool', '.keys']);

/** Read in slices: decisions.csv of a 10 M-line day is hundreds of MiB, which the run's memory budget does not hold twice. */
const READ_SLICE_BYTES = 1 << 20;
/** The committed list's lines are written 64 KiB at a time. */
const LIST_BUFFER_BYTES = 1 << 16;

/**
 * The SHA-256 and size of every file under `root` (top-level UNDIGESTED_ENTRIES left out), by
 * path with '/' separators, sorted: what a run commits with its ledger rows, and what proves later
 * that a folder holds exactly those outputs.
 *
 * `written` holds digests of files as their writer wrote them (StagedWriter): one is taken when
 * the file's size is still the one written, and the file is read and hashed otherwise. Every file
 * of the folder is listed either way, so one written by other means is hashed from its bytes. A
 * written file may only be appended to afterwards (decisions.csv, whose header is staged before
 * its rows), which its size shows.
 */
export function digestOutputFolder(root: string, written: OutputDigestLookup = new Map()): OutputDigest[] {
  const digests: OutputDigest[] = [];
  visitOutputDigests(root, written, (digest) => digests.push(digest));
  return digests;
}

/**
 * The same digests, written to `path` as lines (ledger/output-digest-file.ts) rather than kept:
 * the list the run commits, which the ledger thread reads from the file. Gives how many.
 */
export function writeOutputDigestFile(root: string, written: OutputDigestLookup, path: string): number {
  const fd = openSync(path, 'w', PRIVATE_FILE_MODE);
  let count = 0;
  try {
    const lines = new FileAppendBuffer(() => fd, LIST_BUFFER_BYTES);
    visitOutputDigests(root, written, (digest) => {
      lines.append(outputDigestLine(digest));
      count++;
    });
    lines.flush();
  } finally {
    closeSync(fd);
  }
  return count;
}

/**
 * Every file's digest, in the order of their paths: each folder's entries sorted, a folder by its
 * name followed by '/', since all its paths begin so. Two siblings' paths then compare as their
 * keys do, whatever follows (a name holds no '/'), so no list of the whole folder is sorted.
 *
 * A folder is listed by name and each entry looked at once (`lstat`: a folder, or a file and its
 * size), not as `Dirent` objects: the 10 M-line day's ARL folder holds 92 000 files, and its
 * entries, listed so and wrapped with their keys for the sort, raised the step's high-water mark
 * by ≈ 30 MiB, measured alone; the step runs at the run's peak, after its returns
 * (docs/performance.md, change 48).
 */
function visitOutputDigests(root: string, written: OutputDigestLookup, visit: (digest: OutputDigest) => void): void {
  const slice = Buffer.allocUnsafe(READ_SLICE_BYTES);
  const walk = (dir: string, prefix: string): void => {
    const names = readdirSync(dir).filter((name) => prefix !== '' || !UNDIGESTED_ENTRIES.has(name));
    // A file's size, or FOLDER; the sort keys are the names, a folder's with its '/'.
    const sizes = names.map((name) => {
      const stats = lstatSync(join(dir, name));
      return stats.isDirectory() ? FOLDER : stats.size;
    });
    const keys = names.map((name, i) => (sizes[i] === FOLDER ? `${name}/` : name));
    const order = names.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
    for (const i of order) {
      const path = join(dir, names[i]!);
      const name = prefix + names[i]!;
      if (sizes[i] === FOLDER) {
        walk(path, `${name}/`);
        continue;
      }
      const known = written.get(name);
      visit(known !== undefined && sizes[i] === known.sizeBytes ? known : digestFile(path, name, slice));
    }
  };
  walk(root, '');
}

/** An entry that is a folder, where a size is kept for a file. */
const FOLDER = -1;

function digestFile(path: string, name: string, slice: Buffer): OutputDigest {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  let sizeBytes = 0;
  try {
    for (;;) {
      const n = readSync(fd, slice, 0, slice.length, null);
      if (n === 0) break;
      hash.update(slice.subarray(0, n));
      sizeBytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { path: name, sha256: hash.digest('hex'), sizeBytes };
}

/** Paths whose digest differs between what was committed and what a folder holds, missing and extra files included. */
export function outputDifferences(committed: readonly OutputDigest[], found: readonly OutputDigest[]): string[] {
  const foundByPath = new Map(found.map((d) => [d.path, d] as const));
  const differences: string[] = [];
  for (const expected of committed) {
    const actual = foundByPath.get(expected.path);
    if (actual === undefined) differences.push(`${expected.path} (missing)`);
    else if (actual.sha256 !== expected.sha256 || actual.sizeBytes !== expected.sizeBytes) differences.push(`${expected.path} (content differs)`);
    foundByPath.delete(expected.path);
  }
  for (const extra of foundByPath.keys()) differences.push(`${extra} (not an output of the run)`);
  return differences;
}
