import { grownBuffer } from '../binary/grown-buffer.js';
import { UTF8_BYTES_PER_UNIT_MAX } from '../binary/length-prefixed-text.js';
import type { CodecLocation } from './codec-error.js';
import { CodecFault, codecError } from './codec-error.js';
import type { CompiledLayout, CompiledRecord } from './compiled-layout.js';
import type { FieldKind } from './layout.js';
import type { DecodeOutcome, FieldValue, RecordValues } from './record-codec.js';
import { decodeRecord, encodeRecord, recordTypeAt } from './record-codec.js';
import { NOT_WRITTEN, writeRecordBytes } from './record-bytes.js';

/**
 * Entity files: NOEMIE returns and ARL. One fixed-width entity per text line, each entity its own
 * length, each followed by the profile's "délimiteur d'entité" (formats.md N3, N5). These files
 * travel as e-mail text (N9), so reading is lenient — LF or CRLF, the delimiter present or not,
 * trailing blanks lost in transit — and writing is strict: exact widths, the delimiter, LF.
 */

/** One non-blank line of an entity file, identified and decoded. */
export interface EntityLine {
  /** 1-based line number in the text. */
  line: number;
  /** The entity number as read (first discriminator characters, trailing blanks removed). */
  code: string;
  /** The entity, delimiter stripped; blank-padded to its length when transit cut trailing blanks. */
  text: string;
  /** The entity's record type, undefined when the profile does not know this entity number. */
  record: CompiledRecord | undefined;
  /** The decoded fields (or their errors, located at this line); undefined for unknown entities. */
  outcome: DecodeOutcome | undefined;
}

/** An entity the reader keeps as read because it has no place in the model (unknown, or not modelled). */
export interface RawEntity {
  line: number;
  code: string;
  text: string;
  /** Decoded fields when the profile knows the entity, null otherwise. */
  values: RecordValues | null;
}

export interface EntityToWrite {
  code: string;
  values: RecordValues;
}

/**
 * Splits and decodes an entity file. Blank lines are skipped (mail clients add them). Never throws:
 * what cannot be decoded comes back as errors in each line's outcome.
 */
export function readEntityLines(layout: CompiledLayout, text: string, where: CodecLocation = {}): EntityLine[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rawLines = body.split(/\r\n|\n|\r/);
  const out: EntityLine[] = [];
  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i] ?? '';
    if (raw.trim() === '') continue;
    const line = i + 1;
    const bytes = Buffer.from(raw, 'latin1');
    const record = recordTypeAt(layout, bytes, 0);
    const code = raw.slice(layout.discriminatorOffset, layout.discriminatorOffset + layout.discriminatorLength).trimEnd();
    const entity = withoutDelimiter(raw, layout.recordDelimiter, record?.length);
    if (!record) {
      out.push({ line, code, text: entity, record: undefined, outcome: undefined });
      continue;
    }
    const padded = entity.length < record.length ? entity.padEnd(record.length, ' ') : entity;
    out.push({ line, code, text: padded, record, outcome: decodeRecord(layout, padded, { ...where, line }) });
  }
  return out;
}

/**
 * Removes the end-of-entity delimiter. A line exactly the entity's length is kept whole even when
 * its last character is the delimiter: that character is data and the delimiter is missing.
 */
function withoutDelimiter(raw: string, delimiter: string, length: number | undefined): string {
  if (delimiter === '' || raw.length === length) return raw;
  if (raw.endsWith(delimiter)) return raw.slice(0, raw.length - delimiter.length);
  // Mail transport may leave blanks after the delimiter, making the line too long; blanks
  // before the delimiter are data, so only a line longer than its entity is trimmed.
  const trimmed = raw.trimEnd();
  if ((length === undefined || raw.length > length) && trimmed.endsWith(delimiter)) return trimmed.slice(0, trimmed.length - delimiter.length);
  return raw;
}

/**
 * Writes entities one per line, each followed by the profile's delimiter, lines ended by LF (the
 * file ends with one). LF, not CRLF: the files are text, our readers accept both, and one fixed
 * choice keeps the bytes reproducible. encodeRecord throws on a value that does not fit.
 */
export function writeEntityLines(layout: CompiledLayout, entities: readonly EntityToWrite[]): string {
  return writeEntityBytes(layout, entities).toString('utf8');
}

/**
 * The same file as bytes, for writing it out: a view of a buffer this module reuses, valid until
 * the next call (write it, or copy it, before writing another file).
 *
 * Why bytes: built as a string, a file was a rope of two nodes per field and three per entity,
 * flattened and then encoded again by the write. At 10 M lines a large practitioner's return
 * lived through young-generation collections as that rope and was promoted: the main thread ran a
 * full collection every ≈ 0.1 s of the returns. Each entity is now written here field by field
 * (record-bytes.ts), falling back to its text from encodeRecord for what that path does not take.
 */
export function writeEntityBytes(layout: CompiledLayout, entities: readonly EntityToWrite[]): Buffer {
  const file = new EntityFileBytes(layout);
  for (const e of entities) file.write(e.code, e.values);
  return file.bytes();
}

/**
 * An entity file written entity by entity as its writer makes them, into the buffer this module
 * reuses: no list of entities is kept for the whole file. A large practitioner's return (7 500
 * invoices, ≈ 60 000 entities at 1 M lines) held as such a list outlived the young generation's
 * collections of the returns and was promoted with it.
 */
export class EntityFileBytes {
  private readonly ending: Buffer;
  private used = 0;
  /** Entities written so far. */
  count = 0;

  constructor(private readonly layout: CompiledLayout) {
    this.ending = entityEndingOf(layout);
  }

  /** Writes one entity; returns its index in the file (0 for the first). */
  write(code: string, values: RecordValues): number {
    const record = this.layout.records.get(code);
    let end = NOT_WRITTEN;
    if (record !== undefined) {
      const room = record.length + this.ending.length;
      if (this.used + room > scratch.length) scratch = grownBuffer(scratch, this.used, this.used + room);
      end = writeRecordBytes(record, values, scratch, this.used);
    }
    if (end === NOT_WRITTEN) {
      // The general path: it throws the located fault, or writes what the byte path does not take.
      const text = encodeRecord(this.layout, code, values);
      const room = text.length * UTF8_BYTES_PER_UNIT_MAX + this.ending.length;
      if (this.used + room > scratch.length) scratch = grownBuffer(scratch, this.used, this.used + room);
      end = this.used + scratch.write(text, this.used, 'utf8');
    }
    scratch.set(this.ending, end);
    this.used = end + this.ending.length;
    return this.count++;
  }

  /** The file: a view of the module's buffer, valid until another file is written. */
  bytes(): Buffer {
    return scratch.subarray(0, this.used);
  }
}

/** The bytes after each entity: the profile's delimiter, then LF. */
function entityEndingOf(layout: CompiledLayout): Buffer {
  let ending = endings.get(layout);
  if (ending === undefined) {
    ending = Buffer.from(layout.recordDelimiter + '\n', 'utf8');
    endings.set(layout, ending);
  }
  return ending;
}

const endings = new WeakMap<CompiledLayout, Buffer>();

let scratch: Buffer = Buffer.allocUnsafe(1 << 16);

/** What the code reading a profile relies on: the entity numbers and, per entity, its field names. */
export type EntityContract = Record<string, Record<string, 'text' | 'number'>>;

const NUMERIC_KINDS: ReadonlySet<FieldKind> = new Set(['N', 'AMT', 'SAMT', 'D6', 'D8']);
const TEXT_KINDS: ReadonlySet<FieldKind> = new Set(['A', 'DIGITS']);

/**
 * Checks at load that a profile still has every entity and field the code reads and writes, with a
 * kind of the right family. Positions and widths are the operator's to change; names are the
 * contract. A broken contract is a TPLIQ_LAYOUT_INVALID fault, raised before any file is touched.
 */
export function assertEntityContract(layout: CompiledLayout, contract: EntityContract): void {
  for (const [code, fields] of Object.entries(contract)) {
    const record = layout.records.get(code);
    if (!record) throw contractFault(layout, `entity ${code} is missing`);
    for (const [name, family] of Object.entries(fields)) {
      const field = record.byName.get(name);
      if (!field || field.generated) throw contractFault(layout, `entity ${code} has no field "${name}"`);
      const kinds = family === 'number' ? NUMERIC_KINDS : TEXT_KINDS;
      if (!kinds.has(field.kind)) throw contractFault(layout, `entity ${code} field "${name}" must be a ${family} kind, not ${field.kind}`);
    }
  }
}

function contractFault(layout: CompiledLayout, message: string): CodecFault {
  return new CodecFault(codecError('TPLIQ_LAYOUT_INVALID', `${message} (the code of profile ${layout.profile} relies on it)`, { file: layout.profile }));
}

/** A text field's value; '' when blank or absent. */
export function textValue(values: RecordValues, name: string): string {
  const v: FieldValue | undefined = values[name];
  return typeof v === 'string' ? v : '';
}

/** A numeric field's value; null when blank (optional zone) or absent. */
export function numberValue(values: RecordValues, name: string): number | null {
  const v: FieldValue | undefined = values[name];
  return typeof v === 'number' ? v : null;
}
