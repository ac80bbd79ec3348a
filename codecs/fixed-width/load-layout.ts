import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodecFault, codecError } from './codec-error.js';
import type { CompiledField, CompiledLayout, CompiledRecord } from './compiled-layout.js';
import { discriminatorKeyOfCode } from './compiled-layout.js';
import type { DateOrder, FieldKind, FieldSpec, LayoutSpec, RecordSpec } from './layout.js';
import { DATE_ORDERS_6, DATE_ORDERS_8, DEFAULT_DATE_ORDER_6, DEFAULT_DATE_ORDER_8 } from './layout.js';

const KINDS: ReadonlySet<FieldKind> = new Set(['N', 'DIGITS', 'A', 'D6', 'D8', 'AMT', 'SAMT', 'FILLER']);
const PROVENANCES = new Set(['S', 'D', 'K', 'R']);
const ROLES = new Set([
  'file-header', 'lot-header', 'invoice-header', 'invoice-supplement', 'invoice-line',
  'line-detail', 'invoice-trailer', 'lot-trailer', 'file-trailer', 'entity',
]);

/** Folder of the profiles shipped with tpliq: codecs/layouts, whether we run from sources or dist/. */
export function layoutsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSource = resolve(here, '../layouts');
  return existsSync(fromSource) ? fromSource : resolve(here, '../../../codecs/layouts');
}

/** A shipped profile by name (`b2-etablissements`) or any profile file by path. */
export function loadLayout(nameOrPath: string): CompiledLayout {
  const path = nameOrPath.endsWith('.json') ? resolve(nameOrPath) : resolve(layoutsDir(), `${nameOrPath}.json`);
  return compileLayout(readSpec(path), path);
}

function readSpec(path: string): LayoutSpec {
  let spec: LayoutSpec;
  try {
    spec = JSON.parse(readFileSync(path, 'utf8')) as LayoutSpec;
  } catch (e) {
    throw invalid(path, `cannot read layout: ${(e as Error).message}`);
  }
  for (const inc of spec.include ?? []) {
    const included = readSpec(resolve(dirname(path), inc));
    for (const [code, rec] of Object.entries(included.records)) {
      if (spec.records[code]) throw invalid(path, `record type ${code} is defined both here and in ${inc}`);
      spec.records[code] = rec;
    }
  }
  return spec;
}

/** An order the reader knows for the date's length; absent is fine (the default applies). */
function checkDateOrder(order: DateOrder | undefined, allowed: readonly DateOrder[], where: string, name: string): void {
  if (order !== undefined && !allowed.includes(order)) {
    throw invalid(where, `${name} must be ${allowed.join(' or ')}, got ${JSON.stringify(order)}`);
  }
}

function invalid(where: string, message: string): CodecFault {
  return new CodecFault(codecError('TPLIQ_LAYOUT_INVALID', message, { file: where }));
}

/**
 * Validates a layout and resolves it into offsets. Overlapping fields, fields past the end of the
 * record and unknown kinds are load errors; undeclared gaps become fillers so that encoding an
 * decoded record gives back the same bytes.
 */
export function compileLayout(spec: LayoutSpec, where = spec.profile): CompiledLayout {
  if (!spec.profile || !spec.version) throw invalid(where, 'profile and version are required');
  if (!Number.isInteger(spec.recordLength) || spec.recordLength < 1) throw invalid(where, 'recordLength must be a positive integer');
  const d = spec.discriminator;
  if (!d || d.start < 1 || d.length < 1 || d.length > 4) throw invalid(where, 'discriminator needs start ≥ 1 and 1–4 characters');
  checkDateOrder(spec.dateOrder6, DATE_ORDERS_6, where, 'dateOrder6');
  checkDateOrder(spec.dateOrder8, DATE_ORDERS_8, where, 'dateOrder8');
  const records = new Map<string, CompiledRecord>();
  const byKey = new Map<number, CompiledRecord>();
  for (const [code, rec] of Object.entries(spec.records)) {
    if (code.length > d.length) throw invalid(where, `record type code "${code}" is longer than the discriminator`);
    const compiled = compileRecord(spec, code, rec, where);
    records.set(code, compiled);
    const key = discriminatorKeyOfCode(code);
    if (byKey.has(key)) throw invalid(where, `record type code "${code}" is declared twice`);
    byKey.set(key, compiled);
  }
  return {
    spec,
    profile: spec.profile,
    version: spec.version,
    recordLength: spec.recordLength,
    discriminatorOffset: d.start - 1,
    discriminatorLength: d.length,
    recordDelimiter: spec.recordDelimiter ?? '',
    records,
    byKey,
  };
}

function compileRecord(spec: LayoutSpec, code: string, rec: RecordSpec, where: string): CompiledRecord {
  const at = `${where} record ${code}`;
  if (!ROLES.has(rec.role)) throw invalid(at, `unknown role "${rec.role}"`);
  const length = rec.length ?? spec.recordLength;
  const declared = [...rec.fields].sort((a, b) => a.start - b.start);
  const out: CompiledField[] = [];
  const names = new Set<string>();
  let next = 1;
  const push = (f: FieldSpec, generated: boolean): void => {
    const decimals = f.decimals ?? (f.kind === 'AMT' || f.kind === 'SAMT' ? 2 : 0);
    out.push({
      index: out.length,
      name: f.name,
      offset: f.start - 1,
      length: f.length,
      kind: f.kind,
      source: f.source,
      decimals,
      constValue: f.const,
      centuryPivot: f.centuryPivot ?? spec.centuryPivot,
      dateOrder: f.dateOrder ?? (f.kind === 'D8' ? spec.dateOrder8 ?? DEFAULT_DATE_ORDER_8 : spec.dateOrder6 ?? DEFAULT_DATE_ORDER_6),
      birth: f.birth ?? false,
      optional: f.optional ?? false,
      sums: f.sums,
      generated,
    });
  };
  for (const f of declared) {
    const fieldAt = `${at} field ${f.name}`;
    if (!f.name) throw invalid(at, `a field at column ${f.start} has no name`);
    if (names.has(f.name)) throw invalid(fieldAt, 'field name declared twice');
    names.add(f.name);
    if (!KINDS.has(f.kind)) throw invalid(fieldAt, `unknown kind "${f.kind}"`);
    if (!PROVENANCES.has(f.source)) throw invalid(fieldAt, `provenance must be S, D, K or R, got "${f.source}"`);
    if (!Number.isInteger(f.start) || !Number.isInteger(f.length) || f.start < 1 || f.length < 1) {
      throw invalid(fieldAt, 'start and length must be positive integers');
    }
    if (f.start + f.length - 1 > length) throw invalid(fieldAt, `ends at column ${f.start + f.length - 1}, past the record length ${length}`);
    if (f.start < next) throw invalid(fieldAt, `starts at column ${f.start}, overlapping the previous field which ends at ${next - 1}`);
    if (f.kind === 'N' && f.length > 15) throw invalid(fieldAt, 'N fields are limited to 15 digits; use DIGITS');
    // 15 digits fit a double exactly; SAMT adds its sign character.
    if (f.kind === 'AMT' && f.length > 15) throw invalid(fieldAt, 'amounts are limited to 15 digits');
    if (f.kind === 'SAMT' && f.length > 16) throw invalid(fieldAt, 'signed amounts are limited to 15 digits and a sign');
    if (f.kind === 'D6' && f.length !== 6) throw invalid(fieldAt, 'D6 dates are 6 characters');
    if (f.kind === 'D8' && f.length !== 8) throw invalid(fieldAt, 'D8 dates are 8 characters');
    if (f.const !== undefined && f.const.length > f.length) throw invalid(fieldAt, 'const value longer than the field');
    if ((f.dateOrder !== undefined || f.birth !== undefined) && f.kind !== 'D6' && f.kind !== 'D8') {
      throw invalid(fieldAt, 'dateOrder and birth are for D6 / D8 dates');
    }
    if (f.birth !== undefined && typeof f.birth !== 'boolean') throw invalid(fieldAt, 'birth must be true or false');
    checkDateOrder(f.dateOrder, f.kind === 'D8' ? DATE_ORDERS_8 : DATE_ORDERS_6, fieldAt, 'dateOrder');
    if (f.start > next) push({ name: `filler_${next}`, start: next, length: f.start - next, kind: 'FILLER', source: 'R' }, true);
    push(f, false);
    next = f.start + f.length;
  }
  if (next <= length) push({ name: `filler_${next}`, start: next, length: length - next + 1, kind: 'FILLER', source: 'R' }, true);
  const byName = new Map(out.map((f) => [f.name, f] as const));
  return { code, role: rec.role, description: rec.description, length, fields: out, byName };
}
