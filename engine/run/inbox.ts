import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { CalendarKind } from '../calendar/banking-calendar.js';
import { receiptDay } from '../calendar/receipt-day.js';
import type { DateYmd } from '../domain/units.js';
import { escapedNameOf, utf8NameOf } from '../intake/escaped-name.js';
import { errnoOf, inboxRejection, rejectionOfReadError, type InboxRejection } from '../intake/inbox-rejection.js';
import { fileKindOf } from '../intake/open-regular-file.js';
import { readManifest, type ManifestProblem } from './inbox-manifest.js';
import { InboxUnavailable } from './inbox-unavailable.js';
import { isSupportedReceiptInstant, RECEIPT_RANGE_TEXT } from './receipt-instant-range.js';

export { MANIFEST_NAME } from './inbox-manifest.js';

/** One file waiting in the inbox, with when it counts as received. */
export interface InboxFile {
  /** Path relative to the inbox, with '/' separators: the name used in every output. */
  name: string;
  path: string;
  kind: 'B2' | 'PAPER';
  sizeBytes: number;
  /** Receipt instant, epoch milliseconds (manifest, else the file's mtime). */
  receivedAtMs: number;
  /** Where the receipt instant came from, for the audit trail. */
  receivedFrom: 'manifest' | 'mtime';
  /** D0: the receipt day after the 17:00 Europe/Paris cut-off and banking days. */
  receivedDate: DateYmd;
  /** Reached through a symbolic link (only with --follow-symlinks): said in summary.json. */
  throughSymlink?: true;
}

/** The inbox as a run takes it: the files to liquidate, the entries refused, and what was wrong with the manifest. */
export interface InboxListing {
  files: InboxFile[];
  rejected: InboxRejection[];
  manifestProblems: ManifestProblem[];
}

export interface InboxOptions {
  /** Follow symbolic links to regular files (`--follow-symlinks`); refused otherwise. */
  followSymlinks?: boolean;
}

/** A candidate entry found to be a regular file, before it is dated. */
export interface ScannedFile {
  name: string;
  path: string;
  kind: InboxFile['kind'];
  sizeBytes: number;
  mtimeMs: number;
  throughSymlink: boolean;
}

const B2_FAMILY_NAME = /\.(b2|dre)$/i;
const PAPER_NAME = /\.csv$/i;
export const PAPER_FOLDER = 'paper';

/**
 * Lists the inbox in a fixed order (B2-family files by name, then paper files by name), so the
 * commit order — and with it every output byte — never depends on the file system's listing.
 * B2-family: *.b2 and *.dre; paper: paper/*.csv. The optional manifest.json maps a file name to
 * its receipt instant (ISO 8601 with offset), as `{ "files": { "a.b2": "2026-11-23T16:12:00+01:00" } }`
 * or `{ "files": [{ "file": "a.b2", "receivedAt": "…" }] }`.
 *
 * Never throws on what the inbox holds: a candidate entry that cannot be taken is a rejection, in
 * the same order, and a bad manifest only costs the files it cannot date their manifest instant.
 * Only the inbox folder itself being unusable throws (InboxUnavailable).
 */
export function listInbox(inboxDir: string, calendar: CalendarKind, options: InboxOptions = {}): InboxListing {
  const followSymlinks = options.followSymlinks ?? false;
  const scanned = scanInbox(inboxDir, followSymlinks);
  const manifest = readManifest(inboxDir, new Set(scanned.map((entry) => entry.name)), followSymlinks);
  const files: InboxFile[] = [];
  const rejected: InboxRejection[] = [];
  for (const entry of scanned) {
    if (!('path' in entry)) {
      rejected.push(entry);
      continue;
    }
    const fromManifest = manifest.instants.get(entry.name);
    const receivedAtMs = fromManifest ?? Math.floor(entry.mtimeMs);
    if (!isSupportedReceiptInstant(receivedAtMs)) {
      rejected.push(inboxRejection('TPLIQ_INBOX_RECEIPT_OUT_OF_RANGE', entry.name, `its mtime (${receivedAtMs} ms since 1970) is outside ${RECEIPT_RANGE_TEXT} and manifest.json does not date it`));
      continue;
    }
    files.push({
      name: entry.name, path: entry.path, kind: entry.kind, sizeBytes: entry.sizeBytes, receivedAtMs,
      receivedFrom: fromManifest === undefined ? 'mtime' : 'manifest',
      receivedDate: receivedDateOf(receivedAtMs, entry.kind, calendar),
      ...(entry.throughSymlink ? { throughSymlink: true as const } : {}),
    });
  }
  return { files, rejected, manifestProblems: manifest.problems };
}

/** D0 of a file: the one place the listing asks the calendar. */
function receivedDateOf(receivedAtMs: number, kind: InboxFile['kind'], calendar: CalendarKind): DateYmd {
  // The 17:00 cut-off is the dematerialised channel's (rules.md §4.4); paper counts from its receipt day.
  return receiptDay(receivedAtMs, kind === 'PAPER' ? 'PAPER' : 'EDI', calendar);
}

/**
 * The candidate entries of the inbox in listing order, each a regular file or a rejection; no
 * file is opened (lstat only, so a FIFO is never waited on). Used for the listing and for the
 * CLI's byte total, so that both see the same files.
 */
export function scanInbox(inboxDir: string, followSymlinks: boolean): Array<ScannedFile | InboxRejection> {
  let root: Stats;
  try {
    root = statSync(inboxDir);
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ENOENT' || errno === 'ENOTDIR') throw new InboxUnavailable('TPLIQ_INBOX_MISSING', `inbox ${inboxDir} does not exist`);
    if (errno === undefined) throw error;
    throw new InboxUnavailable('TPLIQ_INBOX_NOT_LISTABLE', `inbox ${inboxDir} cannot be examined (${errno})`);
  }
  if (!root.isDirectory()) throw new InboxUnavailable('TPLIQ_INBOX_NOT_A_FOLDER', `inbox ${inboxDir} is ${fileKindOf(root)}, not a folder`);
  const top = namesIn(inboxDir);
  if (!Array.isArray(top)) throw new InboxUnavailable('TPLIQ_INBOX_NOT_LISTABLE', `inbox ${inboxDir} cannot be listed (${top.errno})`);

  const out: Array<ScannedFile | InboxRejection> = [];
  for (const entry of top) {
    if (B2_FAMILY_NAME.test(entry.shown)) out.push(examine(join(inboxDir, entry.shown), entry, '', 'B2', followSymlinks));
  }
  const paper = paperFolder(inboxDir, followSymlinks);
  if (paper === undefined) return out;
  if (!Array.isArray(paper)) {
    out.push(paper);
    return out;
  }
  for (const entry of paper) {
    if (PAPER_NAME.test(entry.shown)) out.push(examine(join(inboxDir, PAPER_FOLDER, entry.shown), entry, `${PAPER_FOLDER}/`, 'PAPER', followSymlinks));
  }
  return out;
}

/** An entry's name as listed: `shown` is the name itself when it is UTF-8, else its escaped form. */
interface ListedName {
  shown: string;
  utf8: boolean;
}

/**
 * The names in a folder, sorted by their text (UTF-16 code units, as Array.prototype.sort: the
 * order the listing has always had). Read as bytes, so a name that is not UTF-8 is seen as such
 * rather than silently turned into another name.
 */
function namesIn(dir: string): ListedName[] | { errno: string } {
  let raw: Buffer[];
  try {
    raw = readdirSync(dir, { encoding: 'buffer' });
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === undefined) throw error;
    return { errno };
  }
  const names = raw.map((bytes): ListedName => {
    const utf8 = utf8NameOf(bytes);
    return utf8 === undefined ? { shown: escapedNameOf(bytes), utf8: false } : { shown: utf8, utf8: true };
  });
  return names.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
}

/** The paper folder's names; undefined when there is none; a rejection when `paper` is not a folder one can list. */
function paperFolder(inboxDir: string, followSymlinks: boolean): ListedName[] | InboxRejection | undefined {
  const path = join(inboxDir, PAPER_FOLDER);
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    return rejectionOfReadError(error, PAPER_FOLDER, followSymlinks) ?? rethrow(error);
  }
  if (stat.isSymbolicLink()) {
    return inboxRejection('TPLIQ_INBOX_SYMLINK', PAPER_FOLDER, 'the paper folder is a symbolic link; links are followed to regular files only, never to folders');
  }
  if (!stat.isDirectory()) return inboxRejection('TPLIQ_INBOX_PAPER_NOT_A_FOLDER', PAPER_FOLDER, `${fileKindOf(stat)}, not a folder: no paper file is read`);
  const names = namesIn(path);
  return Array.isArray(names) ? names : inboxRejection('TPLIQ_INBOX_UNREADABLE', PAPER_FOLDER, `the paper folder cannot be listed (${names.errno})`);
}

/** One candidate entry: a regular file to take (following a link if allowed), or why not. */
function examine(path: string, listed: ListedName, prefix: string, kind: InboxFile['kind'], followSymlinks: boolean): ScannedFile | InboxRejection {
  const name = prefix + listed.shown;
  if (!listed.utf8) return inboxRejection('TPLIQ_INBOX_NAME_ENCODING', name, 'the name is not valid UTF-8 (invalid bytes shown as \\xNN); rename the file');
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch (error) {
    return rejectionOfReadError(error, name, followSymlinks) ?? rethrow(error);
  }
  const throughSymlink = stat.isSymbolicLink();
  if (throughSymlink) {
    if (!followSymlinks) return inboxRejection('TPLIQ_INBOX_SYMLINK', name, 'a symbolic link; links are followed only with --follow-symlinks');
    try {
      stat = statSync(path);
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'ENOENT' || errno === 'ENOTDIR') return inboxRejection('TPLIQ_INBOX_SYMLINK_BROKEN', name, `a symbolic link to nothing: its target does not exist (${errno})`);
      return rejectionOfReadError(error, name, followSymlinks) ?? rethrow(error);
    }
  }
  if (!stat.isFile()) {
    return inboxRejection('TPLIQ_INBOX_NOT_A_FILE', name, `${throughSymlink ? 'a symbolic link to ' : ''}${fileKindOf(stat)}; only regular files are read`);
  }
  return { name, path, kind, sizeBytes: stat.size, mtimeMs: stat.mtimeMs, throughSymlink };
}

function rethrow(error: unknown): never {
  throw error;
}
