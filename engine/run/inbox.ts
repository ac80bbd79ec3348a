import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CalendarKind } from '../calendar/banking-calendar.js';
import { receiptDay } from '../calendar/receipt-day.js';
import type { DateYmd } from '../domain/units.js';

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
}

export const MANIFEST_NAME = 'manifest.json';

/**
 * Lists the inbox in a fixed order (B2-family files by name, then paper files by name), so the
 * commit order — and with it every output byte — never depends on the file system's listing.
 * B2-family: *.b2 and *.dre; paper: paper/*.csv. The optional manifest.json maps a file name to
 * its receipt instant (ISO 8601 with offset), as `{ "files": { "a.b2": "2026-11-23T16:12:00+01:00" } }`
 * or `{ "files": [{ "file": "a.b2", "receivedAt": "…" }] }`.
 */
export function listInbox(inboxDir: string, calendar: CalendarKind): InboxFile[] {
  const manifest = readManifest(inboxDir);
  const out: InboxFile[] = [];
  const add = (path: string, kind: InboxFile['kind']): void => {
    const name = relative(inboxDir, path).split('\\').join('/');
    const stat = statSync(path);
    const fromManifest = manifest.get(name);
    const receivedAtMs = fromManifest ?? Math.floor(stat.mtimeMs);
    out.push({
      name, path, kind, sizeBytes: stat.size, receivedAtMs,
      receivedFrom: fromManifest === undefined ? 'mtime' : 'manifest',
      receivedDate: receiptDay(receivedAtMs, kind === 'PAPER' ? 'PAPER' : 'EDI', calendar),
    });
  };
  for (const entry of readdirSync(inboxDir).sort()) {
    const path = join(inboxDir, entry);
    if (/\.(b2|dre)$/i.test(entry) && statSync(path).isFile()) add(path, 'B2');
  }
  const paperDir = join(inboxDir, 'paper');
  if (existsSync(paperDir)) {
    for (const entry of readdirSync(paperDir).sort()) {
      if (/\.csv$/i.test(entry)) add(join(paperDir, entry), 'PAPER');
    }
  }
  return out;
}

function readManifest(inboxDir: string): Map<string, number> {
  const path = join(inboxDir, MANIFEST_NAME);
  const out = new Map<string, number>();
  if (!existsSync(path)) return out;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { files?: Record<string, string> | Array<{ file: string; receivedAt: string }> };
  const entries: Array<[string, string]> = Array.isArray(parsed.files)
    ? parsed.files.map((f) => [f.file, f.receivedAt])
    : Object.entries(parsed.files ?? {});
  for (const [name, iso] of entries) {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`TPLIQ_INBOX_MANIFEST: ${path}: "${iso}" for ${name} is not an ISO 8601 instant`);
    out.set(name, ms);
  }
  return out;
}
