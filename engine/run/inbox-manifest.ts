import { closeSync, fstatSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errnoOf, NotARegularFile } from '../intake/inbox-rejection.js';
import { openRegularFile } from '../intake/open-regular-file.js';
import { parseIsoInstant } from './iso-instant.js';
import { isSupportedReceiptInstant, RECEIPT_RANGE_TEXT } from './receipt-instant-range.js';

export const MANIFEST_NAME = 'manifest.json';

/**
 * What can be wrong with manifest.json. The manifest only says when files were received; whatever
 * is wrong with it, every file is still liquidated, the files it cannot date falling back to their
 * mtime (`receivedFrom: 'mtime'`).
 */
export type ManifestProblemCode =
  /** manifest.json exists but cannot be read: not a regular file, a refused link, permissions, too large. Every file falls back to its mtime. */
  | 'TPLIQ_INBOX_MANIFEST_UNREADABLE'
  /** Not UTF-8 JSON (line and column of the first error where JSON.parse gives it). Every file falls back to its mtime. */
  | 'TPLIQ_INBOX_MANIFEST_SYNTAX'
  /** Valid JSON, but not `{ "files": {…} }` nor `{ "files": […] }`. Every file falls back to its mtime. */
  | 'TPLIQ_INBOX_MANIFEST_SHAPE'
  /** One entry is not a file name with an ISO 8601 instant with offset. That file falls back to its mtime. */
  | 'TPLIQ_INBOX_MANIFEST_ENTRY'
  /** One entry's instant is outside the receipt range the calendar handles. That file falls back to its mtime. */
  | 'TPLIQ_INBOX_MANIFEST_INSTANT_RANGE'
  /** A file named by more than one entry: which instant is right cannot be told, so the file falls back to its mtime. */
  | 'TPLIQ_INBOX_MANIFEST_DUPLICATE'
  /** Warning: an entry names no file of this inbox (nothing falls back; the entry is unused). */
  | 'TPLIQ_INBOX_MANIFEST_UNKNOWN_FILE';

export interface ManifestProblem {
  code: ManifestProblemCode;
  severity: 'error' | 'warning';
  /** Always manifest.json: the place, as for every coded error. */
  file: string;
  /** 1-based, for syntax errors. */
  line?: number;
  column?: number;
  /** The entry: `files[3]` (array form) or `files["a.b2"]` (object form). */
  entry?: string;
  message: string;
}

export interface Manifest {
  /** File name → receipt instant (epoch ms), for the entries that are usable. */
  instants: Map<string, number>;
  problems: ManifestProblem[];
}

/** More than any real inbox's manifest (≈ 100 bytes a file): a larger one is not read. */
export const MANIFEST_BYTES_MAX = 64 * 1024 * 1024;
/** The most characters of a bad value or name a message repeats: enough to find it, never a whole blob. */
export const ECHOED_CHARACTERS_MAX = 80;

/**
 * Reads manifest.json defensively: never throws on its content, whatever it is. Absent → no
 * instants and no problem. `inboxNames` are the candidate entries of the inbox (taken or
 * rejected): an entry naming none of them is a warning.
 */
export function readManifest(inboxDir: string, inboxNames: ReadonlySet<string>, followSymlinks: boolean): Manifest {
  const problems: ManifestProblem[] = [];
  const instants = new Map<string, number>();
  const problem = (code: ManifestProblemCode, message: string, where: Pick<ManifestProblem, 'line' | 'column' | 'entry'> = {}): void => {
    problems.push({ code, severity: code === 'TPLIQ_INBOX_MANIFEST_UNKNOWN_FILE' ? 'warning' : 'error', file: MANIFEST_NAME, ...where, message });
  };

  const text = manifestText(join(inboxDir, MANIFEST_NAME), followSymlinks, problem);
  if (text === undefined) return { instants, problems };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message);
    problem('TPLIQ_INBOX_MANIFEST_SYNTAX', `not valid JSON: ${echo((error as Error).message)}; every file is dated by its mtime`, position ? lineAndColumn(text, Number(position[1])) : {});
    return { instants, problems };
  }
  const files = isRecord(parsed) ? parsed.files : undefined;
  if (!isRecord(files) && !Array.isArray(files)) {
    problem('TPLIQ_INBOX_MANIFEST_SHAPE', `expected { "files": { name: instant } } or { "files": [{ "file", "receivedAt" }] }, got ${shapeOf(parsed)}; every file is dated by its mtime`);
    return { instants, problems };
  }

  // Both forms as (entry, file name, instant); `raw` is the whole entry, for messages.
  const entries: Array<{ entry: string; name: string | undefined; value: unknown; raw: unknown }> = Array.isArray(files)
    ? files.map((raw: unknown, index) => ({
      entry: `files[${index}]`,
      name: isRecord(raw) && typeof raw.file === 'string' && raw.file !== '' ? raw.file : undefined,
      value: isRecord(raw) ? raw.receivedAt : undefined,
      raw,
    }))
    : Object.entries(files).map(([name, value]) => ({ entry: `files[${quoted(name)}]`, name, value, raw: value }));
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const { entry, name, value, raw } of entries) {
    if (name === undefined) {
      problem('TPLIQ_INBOX_MANIFEST_ENTRY', `an entry must be { "file": non-empty name, "receivedAt": instant }, got ${echo(JSON.stringify(raw) ?? String(raw))}`, { entry });
      continue;
    }
    if (seen.has(name)) {
      duplicated.add(name);
      problem('TPLIQ_INBOX_MANIFEST_DUPLICATE', `${quoted(name)} is named by an earlier entry too; it is dated by its mtime`, { entry });
      continue;
    }
    seen.add(name);
    if (!inboxNames.has(name)) problem('TPLIQ_INBOX_MANIFEST_UNKNOWN_FILE', `${quoted(name)} is not a file of this inbox; the entry is not used`, { entry });
    if (typeof value !== 'string') {
      problem('TPLIQ_INBOX_MANIFEST_ENTRY', `receivedAt of ${quoted(name)} must be an ISO 8601 text, got ${shapeOf(value)}; it is dated by its mtime`, { entry });
      continue;
    }
    const instantMs = parseIsoInstant(value);
    if (instantMs === undefined) {
      problem('TPLIQ_INBOX_MANIFEST_ENTRY', `receivedAt ${quoted(value)} of ${quoted(name)} is not an ISO 8601 date and time with offset (2026-11-23T16:12:00+01:00); it is dated by its mtime`, { entry });
      continue;
    }
    if (!isSupportedReceiptInstant(instantMs)) {
      problem('TPLIQ_INBOX_MANIFEST_INSTANT_RANGE', `receivedAt ${quoted(value)} of ${quoted(name)} is outside ${RECEIPT_RANGE_TEXT}; it is dated by its mtime`, { entry });
      continue;
    }
    instants.set(name, instantMs);
  }
  for (const name of duplicated) instants.delete(name);
  return { instants, problems };
}

/** The manifest's text, or undefined when absent or unreadable (the problem is reported). */
function manifestText(path: string, followSymlinks: boolean, problem: (code: ManifestProblemCode, message: string) => void): string | undefined {
  let fd: number;
  try {
    fd = openRegularFile(path, followSymlinks);
  } catch (error) {
    const errno = errnoOf(error);
    // No manifest at all is the ordinary case; a followed link to nothing is a problem.
    if (errno === 'ENOENT' && !isSymbolicLink(path)) return undefined;
    const why = error instanceof NotARegularFile ? error.message
      : errno === 'ENOENT' ? 'a symbolic link to nothing'
        : errno === 'ELOOP' ? (followSymlinks ? 'symbolic links loop' : 'a symbolic link (followed only with --follow-symlinks)')
          : errno !== undefined ? `cannot be read (${errno})` : undefined;
    if (why === undefined) throw error;
    problem('TPLIQ_INBOX_MANIFEST_UNREADABLE', `${why}; every file is dated by its mtime`);
    return undefined;
  }
  try {
    const sizeBytes = fstatSync(fd).size;
    if (sizeBytes > MANIFEST_BYTES_MAX) {
      problem('TPLIQ_INBOX_MANIFEST_UNREADABLE', `${sizeBytes} bytes, more than the ${MANIFEST_BYTES_MAX} read; every file is dated by its mtime`);
      return undefined;
    }
    // A leading byte-order mark (some editors write one) is dropped: JSON.parse would refuse it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(readFileSync(fd));
  } catch (error) {
    const errno = errnoOf(error);
    if (errno !== undefined) problem('TPLIQ_INBOX_MANIFEST_UNREADABLE', `cannot be read (${errno}); every file is dated by its mtime`);
    else if (error instanceof TypeError) problem('TPLIQ_INBOX_MANIFEST_SYNTAX', 'not UTF-8 text; every file is dated by its mtime');
    else throw error;
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${quoted(value)}`;
  return `${typeof value} ${echo(String(value))}`;
}

/** At most ECHOED_CHARACTERS_MAX characters of a text taken from the manifest, for a message. */
function echo(text: string): string {
  const chars = [...text];
  return chars.length <= ECHOED_CHARACTERS_MAX ? text : `${chars.slice(0, ECHOED_CHARACTERS_MAX).join('')}…`;
}

const quoted = (text: string): string => JSON.stringify(echo(text));

/** 1-based line and column of a character offset (lines end at \n). */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
