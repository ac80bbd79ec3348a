import { readFileSync } from 'node:fs';
import { readArl } from '../../codecs/arl/arl-reader.js';
import { formatCodecError } from '../../codecs/fixed-width/codec-error.js';
import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { decodeRecord, type RecordValues } from '../../codecs/fixed-width/record-codec.js';
import { readRsp580 } from '../../codecs/noemie/rsp-reader.js';
import { maskNirFields } from './mask-nir.js';

export type FileFormat = 'B2' | 'NOEMIE' | 'ARL';

/**
 * Which of our formats a file is, from its first record: NOEMIE and ARL open with an entity
 * number (000 header), B2-family files with a type 0 record naming their profile.
 */
export function detectFormat(text: string): FileFormat {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  if (/^000\d{2}580/.test(first)) return 'NOEMIE';
  if (/^[0-9]{3}/.test(first) && !/^0 /.test(first)) return 'ARL';
  return 'B2';
}

export interface InspectedRecord {
  line: number;
  type: string;
  role: string;
  values: RecordValues;
  errors: string[];
}

/** Every record of a B2 / DRE file decoded under the profile its header names. */
export function inspectB2(text: string, file: string): InspectedRecord[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0] ?? '';
  const named = header.slice(40, 60).trim().toLowerCase();
  const layout = loadLayout(['b2-etablissements', 'b2-ps', 'dre'].includes(named) ? named : 'b2-etablissements');
  const out: InspectedRecord[] = [];
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '').padEnd(layout.recordLength, ' ');
    if (raw.trim() === '') return;
    const r = decodeRecord(layout, line.length > layout.recordLength ? raw : line, { file, line: i + 1 });
    if (r.ok) {
      const values = Object.fromEntries(Object.entries(r.value.values).filter(([k]) => !k.startsWith('filler_')));
      out.push({ line: i + 1, type: r.value.code, role: r.value.record.role, values, errors: [] });
    } else {
      out.push({ line: i + 1, type: raw.slice(0, 2).trim(), role: 'unreadable', values: {}, errors: r.errors.map(formatCodecError) });
    }
  });
  return out;
}

export function inspectFile(path: string, json: boolean, options: { showNir?: boolean } = {}): string {
  const text = readFileSync(path, 'latin1');
  const format = detectFormat(text);
  const shown = <T>(value: T): T => (options.showNir === true ? value : maskNirFields(value));
  if (format === 'NOEMIE') {
    const r = shown(readRsp580(text, { file: path }));
    return json ? JSON.stringify({ format, ...r }, null, 2) : humanNoemie(r);
  }
  if (format === 'ARL') {
    const r = readArl(text, { file: path });
    return json ? JSON.stringify({ format, ...r }, null, 2) : `ARL ${JSON.stringify(r.file, null, 2)}\n${r.errors.map(formatCodecError).join('\n')}`;
  }
  const records = shown(inspectB2(text, path));
  if (json) return JSON.stringify({ format, records }, null, 2);
  return records
    .map((r) => {
      const head = `${String(r.line).padStart(7)}  ${r.type.padEnd(2)} ${r.role}`;
      const body = Object.entries(r.values).map(([k, v]) => `${k}=${v === null ? '' : String(v)}`).join(' ');
      return r.errors.length > 0 ? `${head}  ${r.errors.join('; ')}` : `${head}  ${body}`;
    })
    .join('\n');
}

function humanNoemie(r: ReturnType<typeof readRsp580>): string {
  const f = r.file;
  const out = [`NOEMIE RSP ${f.reference} for ${f.practitioner.billingId} ${f.practitioner.name}, day ${f.accountingDate}`];
  if (f.transfer) out.push(`  transfer ${f.transfer.reference} ${(f.transfer.amountCents / 100).toFixed(2)} EUR on ${f.transfer.paymentDate}`);
  for (const g of f.groups) {
    out.push(`  AMC ${g.amcNumber} ${g.amcName}`);
    for (const i of g.invoices) {
      out.push(`    ${i.status} invoice ${i.invoiceNumber} lot ${i.lot} claimed ${(i.claimedCents / 100).toFixed(2)} paid ${(i.paidCents / 100).toFixed(2)}${i.motives.map((m) => ` [${m.code} ${m.label}]`).join('')}`);
    }
  }
  for (const e of r.errors) out.push(`  ! ${formatCodecError(e)}`);
  return out.join('\n');
}
