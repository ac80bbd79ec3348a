import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputDigest } from '../ledger/run-record.js';

/** Files of an output folder that are not the run's result: machine-dependent, or the run's scratch. */
export const UNDIGESTED_ENTRIES: ReadonlySet<string> = new Set(['timings.json', '.spool', '.keys']);

/** Read in slices: decisions.csv of a 10 M-line day is hundreds of MiB, which the run's memory budget does not hold twice. */
const READ_SLICE_BYTES = 1 << 20;

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
export function digestOutputFolder(root: string, written: ReadonlyMap<string, OutputDigest> = new Map()): OutputDigest[] {
  const digests: OutputDigest[] = [];
  const slice = Buffer.allocUnsafe(READ_SLICE_BYTES);
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (prefix === '' && UNDIGESTED_ENTRIES.has(entry.name)) continue;
      const path = join(dir, entry.name);
      const name = prefix + entry.name;
      if (entry.isDirectory()) {
        walk(path, `${name}/`);
        continue;
      }
      const known = written.get(name);
      digests.push(known !== undefined && statSync(path).size === known.sizeBytes ? known : digestFile(path, name, slice));
    }
  };
  walk(root, '');
  return digests.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

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
