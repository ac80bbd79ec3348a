import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { FILTER_BITS_PER_KEY, KeyBlockFilter } from '../commit/key-block-filter.js';
import type { PaidKeySource, RunMark } from '../ledger/paid-key-source.js';
import { PRIVATE_FILE_MODE } from '../private-files.js';
import { PaidKeyFilter } from './paid-key-filter.js';

/** Beside the ledger in the data folder, readable by its owner only (hashes of care, still health data). */
export const PAID_KEY_FILTER_FILE = 'paid-keys.filter';

const FORMAT = 'tpliq paid-key filter';
/** The layout below and the hashing of key-block-filter.ts: change either, bump it (old files are rebuilt). */
const FORMAT_VERSION = 1;

/** How large a filter is made: at least, and at most (tests make them small). */
export interface PaidKeyFilterBounds {
  minCapacityKeys: number;
  maxFilterBytes: number;
}

/** Room for a million keys at least (1 MiB a filter): a young ledger is not rebuilt night after night. */
const MIN_CAPACITY_KEYS = 1 << 20;
/**
 * 32 MiB a filter at most (≈ 33 M keys at 8 bits). A larger ledger keeps this size: its filter
 * says "maybe" more often (≈ 22 % of new keys at twice the keys, ≈ 60 % at four times), so the
 * run asks the ledger more often; it is never wrong, and the run's memory stays bounded.
 */
const MAX_FILTER_BYTES = 32 << 20;
const DEFAULT_BOUNDS: PaidKeyFilterBounds = { minCapacityKeys: MIN_CAPACITY_KEYS, maxFilterBytes: MAX_FILTER_BYTES };

interface Header {
  format: string;
  version: number;
  endianness: string;
  ledgerId: string;
  coveredRun: RunMark | null;
  exact: { keys: number; words: number };
  functional: { keys: number; words: number } | null;
  sha256: string;
}

/** What opening the filter took: read as saved, caught up with runs recorded since, or rebuilt from the ledger. */
export type PaidKeyFilterOrigin = 'saved' | 'caught-up' | 'rebuilt';

/**
 * The data folder's filter of paid keys, made to hold every paid key of the ledger as it stands:
 * the saved one when it names this ledger and its last run is still the ledger's run at that row
 * id (a ledger restored from an older copy is not), caught up with the runs recorded since; or one
 * rebuilt from the whole ledger when there is none, it does not check out (truncated, altered, of
 * another format), or the runs since would overfill it. Saved again whenever it changed.
 *
 * Called by a run holding the data-folder lock, so no other process records a run meanwhile. The
 * run does not add its own invoices while it decides (its key sets, commit/, find the duplicates
 * within the run): the ledger thread adds them as it records them, and saves the filter covering
 * the run once it is committed (savePaidKeyFilterAfterRun), so the next run has nothing to catch up.
 */
export function openPaidKeyFilter(
  dataDir: string,
  source: PaidKeySource,
  bounds: PaidKeyFilterBounds = DEFAULT_BOUNDS,
): { filter: PaidKeyFilter; origin: PaidKeyFilterOrigin } {
  const path = join(dataDir, PAID_KEY_FILTER_FILE);
  const ledgerId = source.ledgerId();
  const lastRun = source.lastRun();
  const textKeys = source.hasTextFunctionalKeys();
  const saved = readSaved(path, ledgerId);
  const throughRowId = lastRun?.rowId ?? 0;
  if (saved !== undefined && (saved.functional === undefined) === textKeys && isStillInLedger(saved.coveredRun, source, throughRowId)) {
    const afterRowId = saved.coveredRun?.rowId ?? 0;
    if (afterRowId === throughRowId) return { filter: saved, origin: 'saved' };
    const pending = source.paidCount(afterRowId, throughRowId);
    if (paidKeyFilterHasRoomFor(saved, pending, bounds)) {
      fill(saved, source, afterRowId, throughRowId);
      const caughtUp = saved.coveringThrough(lastRun!);
      save(path, caughtUp);
      return { filter: caughtUp, origin: 'caught-up' };
    }
  }
  const capacity = capacityFor(source.paidCount(0, throughRowId), bounds);
  const rebuilt = new PaidKeyFilter(
    ledgerId,
    lastRun,
    new KeyBlockFilter(capacity),
    textKeys ? undefined : new KeyBlockFilter(capacity),
    { exact: 0, functional: 0 },
  );
  if (lastRun !== undefined) fill(rebuilt, source, 0, throughRowId);
  save(path, rebuilt);
  return { filter: rebuilt, origin: 'rebuilt' };
}

/**
 * Whether the filter has room for `pending` more keys, or is as large as it may get: to catch up
 * with the runs since, and for the ledger thread to be given it with the night's invoice count (a
 * bound on the night's paid keys). Without the room the filter is not handed over, and the next
 * run rebuilds it from the ledger, larger. Rebuilding it on the ledger thread instead, from the
 * ledger as the run found it, would read fewer rows (the night's own come from the thread), but
 * the larger filter would then be held through the ledger's commit, the other memory peak of a
 * run (docs/performance.md, change 25: 512 and 515 MiB against 498–502 at 10 M).
 */
export function paidKeyFilterHasRoomFor(filter: PaidKeyFilter, pending: number, bounds: PaidKeyFilterBounds = DEFAULT_BOUNDS): boolean {
  const atMost = (f: KeyBlockFilter): boolean => f.bytes >= bounds.maxFilterBytes;
  const exactFits = filter.counts.exact + pending <= filter.exact.capacityKeys || atMost(filter.exact);
  const functional = filter.functional;
  const functionalFits = functional === undefined || filter.counts.functional + pending <= functional.capacityKeys || atMost(functional);
  return exactFits && functionalFits;
}

/**
 * Saves the filter that holds the run's paid keys too (the returns added them), as covering `run`,
 * once the run is committed (by the ledger thread); true when saved. A filter the run overfilled is not saved (unless it is as
 * large as it may get): the file left is the one from before the run, which the next run finds
 * too small to catch up with it and rebuilds, larger.
 */
export function savePaidKeyFilterAfterRun(dataDir: string, filter: PaidKeyFilter, run: RunMark, bounds: PaidKeyFilterBounds = DEFAULT_BOUNDS): boolean {
  if (!paidKeyFilterHasRoomFor(filter, 0, bounds)) return false;
  return save(join(dataDir, PAID_KEY_FILTER_FILE), filter.coveringThrough(run));
}

function isStillInLedger(covered: RunMark | undefined, source: PaidKeySource, throughRowId: number): boolean {
  if (covered === undefined) return true;
  return covered.rowId <= throughRowId && source.runIdAt(covered.rowId) === covered.runId;
}

/** Twice the keys there are, within the bounds: room for the nights to come before a rebuild. */
function capacityFor(paidKeys: number, bounds: PaidKeyFilterBounds): number {
  const maxKeys = (bounds.maxFilterBytes * 8) / FILTER_BITS_PER_KEY;
  return Math.min(maxKeys, Math.max(bounds.minCapacityKeys, 2 * paidKeys));
}

function fill(filter: PaidKeyFilter, source: PaidKeySource, afterRowId: number, throughRowId: number): void {
  source.forEachPaidKey(
    afterRowId,
    throughRowId,
    (practitionerId, invoiceNumber) => filter.addInvoice(practitionerId, invoiceNumber),
    (hi, lo) => filter.addFunctionalKey(hi, lo),
  );
}

function digestOf(filter: PaidKeyFilter): string {
  const hash = createHash('sha256');
  hash.update(bytesOf(filter.exact.contents));
  if (filter.functional !== undefined) hash.update(bytesOf(filter.functional.contents));
  return hash.digest('hex');
}

const bytesOf = (words: Uint32Array): Uint8Array => new Uint8Array(words.buffer, words.byteOffset, words.byteLength);

/**
 * Written whole under another name, then renamed: a crash leaves the old file or the new one. A
 * file that cannot be written (a full disk) does not stop the run: the filter in memory is right,
 * and the next run rebuilds it or catches up from the old one.
 */
function save(path: string, filter: PaidKeyFilter): boolean {
  try {
    write(path, filter);
    return true;
  } catch {
    rmSync(`${path}.tmp`, { force: true });
    return false;
  }
}

function write(path: string, filter: PaidKeyFilter): void {
  const header: Header = {
    format: FORMAT,
    version: FORMAT_VERSION,
    endianness: endianness(),
    ledgerId: filter.ledgerId,
    coveredRun: filter.coveredRun ?? null,
    exact: { keys: filter.counts.exact, words: filter.exact.contents.length },
    functional: filter.functional === undefined ? null : { keys: filter.counts.functional, words: filter.functional.contents.length },
    sha256: digestOf(filter),
  };
  // The header line is padded so that the words start on a multiple of 4 bytes.
  let line = JSON.stringify(header);
  while ((Buffer.byteLength(line) + 1) % 4 !== 0) line += ' ';
  const parts: Uint8Array[] = [Buffer.from(`${line}\n`), bytesOf(filter.exact.contents)];
  if (filter.functional !== undefined) parts.push(bytesOf(filter.functional.contents));
  const temporary = `${path}.tmp`;
  rmSync(temporary, { force: true });
  // Part by part from the filters' own words: one buffer of the whole would be up to 64 MiB more
  // at the end of the run, when the ledger thread saves it.
  const fd = openSync(temporary, 'wx', PRIVATE_FILE_MODE);
  try {
    for (const part of parts) for (let at = 0; at < part.byteLength; ) at += writeSync(fd, part, at);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** The saved filter, or undefined for anything that does not check out: it is then rebuilt. */
function readSaved(path: string, ledgerId: string): PaidKeyFilter | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined; // none yet, or unreadable: rebuilt either way
  }
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as Header;
  } catch {
    return undefined;
  }
  if (header.format !== FORMAT || header.version !== FORMAT_VERSION || header.endianness !== endianness() || header.ledgerId !== ledgerId) return undefined;
  const start = newline + 1;
  const exactWords = header.exact.words;
  const functionalWords = header.functional?.words ?? 0;
  if (start % 4 !== 0 || bytes.length !== start + 4 * (exactWords + functionalWords)) return undefined;
  // Copied into words of their own: the file's buffer may not start on a 4-byte boundary.
  const wordsAt = (offset: number, count: number): Uint32Array => {
    const words = new Uint32Array(count);
    bytesOf(words).set(bytes.subarray(offset, offset + 4 * count));
    return words;
  };
  try {
    const filter = new PaidKeyFilter(
      ledgerId,
      header.coveredRun ?? undefined,
      new KeyBlockFilter(wordsAt(start, exactWords)),
      header.functional === null ? undefined : new KeyBlockFilter(wordsAt(start + 4 * exactWords, functionalWords)),
      { exact: header.exact.keys, functional: header.functional?.keys ?? 0 },
    );
    return digestOf(filter) === header.sha256 ? filter : undefined;
  } catch {
    return undefined;
  }
}
