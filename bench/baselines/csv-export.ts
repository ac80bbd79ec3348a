import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { recordTypeAt } from '../../codecs/fixed-width/record-codec.js';
import { listInbox } from '../../engine/run/inbox.js';
import { SHIPPED_PROFILES } from '../../engine/run/liquidation-run.js';

/** The day's records as CSV, for the fast-csv baseline: one row per record, one column per field. */
export interface CsvExport {
  dir: string;
  files: string[];
  /** Rows written (paper files are copied as they are, header row included). */
  rows: number;
  bytes: number;
}

const DEFAULT_PROFILE = 'b2-etablissements';

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The profile a file header names (as the framer reads it), else the default. */
function layoutOf(first: Buffer, layouts: ReadonlyMap<string, CompiledLayout>): CompiledLayout {
  const fallback = layouts.get(DEFAULT_PROFILE)!;
  const header = recordTypeAt(fallback, first, 0);
  const field = header?.role === 'file-header' ? header.byName.get('profile') : undefined;
  if (!field) return fallback;
  const name = first.toString('latin1', field.offset, field.offset + field.length).trim().toLowerCase();
  return layouts.get(name) ?? fallback;
}

/**
 * Writes (once, cached beside the day) every B2 / DRE record as a CSV row of its fields — record
 * type first, then each field's text, blanks trimmed — and copies the paper CSVs. This is what a
 * user who "just parses CSV" would be handed: the same records, the same fields.
 */
export function ensureCsvExport(inboxDir: string, dayDir: string): CsvExport {
  const dir = join(dayDir, 'csv');
  const marker = join(dayDir, 'csv-export.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as CsvExport;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const layouts = new Map<string, CompiledLayout>(SHIPPED_PROFILES.map((p) => [p, loadLayout(p)] as const));
  const out: CsvExport = { dir, files: [], rows: 0, bytes: 0 };
  for (const file of listInbox(inboxDir, 'TARGET_AND_FR').files) {
    const target = join(dir, `${basename(file.name)}.csv`);
    out.files.push(target);
    if (file.kind === 'PAPER') {
      copyFileSync(file.path, target);
      const text = readFileSync(file.path, 'latin1');
      out.rows += text.split('\n').filter((l) => l.trim() !== '').length;
      out.bytes += text.length;
      continue;
    }
    const bytes = readFileSync(file.path);
    const layout = layoutOf(bytes, layouts);
    const fd = openSync(target, 'w');
    let block: string[] = [];
    let start = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(0x0a, start);
      if (end === -1) end = bytes.length;
      const lineEnd = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
      if (lineEnd > start) {
        const record = recordTypeAt(layout, bytes, start);
        const cells: string[] = [];
        if (record && lineEnd - start === layout.recordLength) {
          cells.push(record.code);
          for (const f of record.fields) cells.push(csvCell(bytes.toString('latin1', start + f.offset, start + f.offset + f.length).trim()));
        } else {
          cells.push(csvCell(bytes.toString('latin1', start, lineEnd)));
        }
        block.push(cells.join(','));
        out.rows++;
      }
      if (block.length >= 8192) {
        const text = block.join('\n') + '\n';
        out.bytes += writeSync(fd, text, null, 'latin1');
        block = [];
      }
      start = end + 1;
    }
    if (block.length > 0) out.bytes += writeSync(fd, block.join('\n') + '\n', null, 'latin1');
    closeSync(fd);
  }
  writeFileSync(`${marker}.partial`, JSON.stringify(out, null, 2));
  renameSync(`${marker}.partial`, marker);
  return out;
}
