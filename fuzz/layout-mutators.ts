import type { CompiledField, CompiledLayout, CompiledRecord } from '../codecs/fixed-width/compiled-layout.js';
import { recordTypeAt } from '../codecs/fixed-width/record-codec.js';
import type { Prng } from '../scripts/generate/prng.js';
import type { ByteMutation } from './byte-mutators.js';
import { FIELD_VALUE_STYLES, hostileValue, type FieldValueStyle } from './field-values.js';
import { joinRecords, splitRecords, type RecordLines } from './record-lines.js';

/**
 * Mutations that know the format: they find records and fields through the same layout JSON and
 * fixed-width engine the readers use (codecs/layouts, codecs/fixed-width), so they hit a field
 * exactly — the invoice count of a lot trailer, an amount, a NIR — where a random byte would
 * mostly land in filler. Lines in the details are 1-based, as in the engine's errors.
 */
export type LayoutMutator = (bytes: Uint8Array, layout: CompiledLayout, rng: Prng) => ByteMutation;

interface Located {
  index: number;
  record: CompiledRecord;
}

function typedRecords(lines: RecordLines, layout: CompiledLayout): Located[] {
  const out: Located[] = [];
  lines.records.forEach((bytes, index) => {
    const record = recordTypeAt(layout, bytes, 0);
    if (record) out.push({ index, record });
  });
  return out;
}

const declaredFields = (record: CompiledRecord): CompiledField[] => record.fields.filter((f) => f.kind !== 'FILLER');

function withField(record: Buffer, field: CompiledField, value: Buffer): Buffer {
  return Buffer.concat([record.subarray(0, field.offset), value, record.subarray(field.offset + field.length)]);
}

const shown = (value: Buffer): string => JSON.stringify(value.toString('latin1'));

/** A hostile value of the given style in one declared field of one record. */
export function fieldReplaced(style: FieldValueStyle): LayoutMutator {
  return (bytes, layout, rng) => {
    const lines = splitRecords(bytes);
    const typed = typedRecords(lines, layout).filter((t) => declaredFields(t.record).length > 0);
    if (typed.length === 0) return { bytes, detail: `no record of the layout ${layout.profile}: unchanged` };
    const { index, record } = rng.pick(typed);
    const field = rng.pick(declaredFields(record));
    const value = hostileValue(style, field, rng);
    lines.records[index] = withField(lines.records[index]!, field, value);
    return { bytes: joinRecords(lines), detail: `line ${index + 1} (record ${record.code}) field ${field.name} (column ${field.offset + 1}, ${field.length} characters) := ${style} ${shown(value)}` };
  };
}

export const recordDropped: LayoutMutator = (bytes, _layout, rng) => {
  const lines = splitRecords(bytes);
  if (lines.records.length === 0) return { bytes, detail: 'empty file: unchanged' };
  const index = rng.int(0, lines.records.length - 1);
  lines.records.splice(index, 1);
  return { bytes: joinRecords(lines), detail: `line ${index + 1} removed` };
};

export const recordDuplicated: LayoutMutator = (bytes, _layout, rng) => {
  const lines = splitRecords(bytes);
  if (lines.records.length === 0) return { bytes, detail: 'empty file: unchanged' };
  const index = rng.int(0, lines.records.length - 1);
  lines.records.splice(index + 1, 0, lines.records[index]!);
  return { bytes: joinRecords(lines), detail: `line ${index + 1} written twice` };
};

/** Two records swapped: next to each other half of the time (an invoice's lines out of order), anywhere otherwise. */
export const recordsReordered: LayoutMutator = (bytes, _layout, rng) => {
  const lines = splitRecords(bytes);
  const n = lines.records.length;
  if (n < 2) return { bytes, detail: 'fewer than two lines: unchanged' };
  const a = rng.int(0, n - 2);
  const b = rng.chance(0.5) ? a + 1 : rng.int(0, n - 1);
  [lines.records[a], lines.records[b]] = [lines.records[b]!, lines.records[a]!];
  return { bytes: joinRecords(lines), detail: `lines ${a + 1} and ${b + 1} swapped` };
};

/** Count values a broken trailer may carry: off by a few, zero, negative, the largest, not a number, blank. */
function brokenCount(field: CompiledField, current: number, rng: Prng): Buffer {
  const width = field.length;
  const pad = (n: number): string => String(n).padStart(width, '0').slice(-width);
  const choices = [
    pad(Math.max(0, current + rng.pick([-3, -2, -1, 1, 2, 3]))),
    pad(0),
    `-${pad(rng.int(1, 5)).slice(1)}`,
    '9'.repeat(width),
    'ABCDEFGHIJ'.slice(0, width).padEnd(width, 'X'),
    ' '.repeat(width),
  ];
  return Buffer.from(rng.pick(choices), 'latin1');
}

function trailerCountBroken(role: 'lot-trailer' | 'file-trailer'): LayoutMutator {
  return (bytes, layout, rng) => {
    const lines = splitRecords(bytes);
    const trailers = typedRecords(lines, layout).filter((t) => t.record.role === role);
    if (trailers.length === 0) return { bytes, detail: `no ${role}: unchanged` };
    const { index, record } = rng.pick(trailers);
    const counts = declaredFields(record).filter((f) => f.kind === 'N');
    if (counts.length === 0) return { bytes, detail: `${role} without a count field: unchanged` };
    const field = rng.pick(counts);
    const line = lines.records[index]!;
    const current = Number(line.subarray(field.offset, field.offset + field.length).toString('latin1'));
    const value = brokenCount(field, Number.isFinite(current) ? current : 0, rng);
    lines.records[index] = withField(line, field, value);
    return { bytes: joinRecords(lines), detail: `${role} at line ${index + 1}: ${field.name} := ${shown(value)}` };
  };
}

export const lotTrailerCountBroken = trailerCountBroken('lot-trailer');
export const fileTrailerCountBroken = trailerCountBroken('file-trailer');

/** A whole lot (header to trailer) sent again right after itself, same lot number. */
export const lotDuplicated: LayoutMutator = (bytes, layout, rng) => {
  const lines = splitRecords(bytes);
  const typed = typedRecords(lines, layout);
  const headers = typed.filter((t) => t.record.role === 'lot-header');
  if (headers.length === 0) return { bytes, detail: 'no lot: unchanged' };
  const header = rng.pick(headers);
  const trailer = typed.find((t) => t.index > header.index && t.record.role === 'lot-trailer');
  const end = trailer ? trailer.index : lines.records.length - 1;
  const lot = lines.records.slice(header.index, end + 1);
  lines.records.splice(end + 1, 0, ...lot);
  return { bytes: joinRecords(lines), detail: `lines ${header.index + 1}..${end + 1} (a lot) written twice` };
};

export const LAYOUT_MUTATORS = {
  ...Object.fromEntries(FIELD_VALUE_STYLES.map((style) => [`layout-field-${style}`, fieldReplaced(style)])) as Record<`layout-field-${FieldValueStyle}`, LayoutMutator>,
  'layout-record-dropped': recordDropped,
  'layout-record-duplicated': recordDuplicated,
  'layout-records-reordered': recordsReordered,
  'layout-lot-trailer-count': lotTrailerCountBroken,
  'layout-file-trailer-count': fileTrailerCountBroken,
  'layout-lot-twice': lotDuplicated,
} as const;

export type LayoutMutationKind = keyof typeof LAYOUT_MUTATORS;
