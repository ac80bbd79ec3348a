import type { DateOrder, FieldKind, LayoutSpec, Provenance, RecordRole } from './layout.js';

/** A field with 0-based offsets resolved once at load, so the hot loop does no lookups. */
export interface CompiledField {
  readonly index: number;
  readonly name: string;
  /** 0-based offset from the start of the record. */
  readonly offset: number;
  readonly length: number;
  readonly kind: FieldKind;
  readonly source: Provenance;
  readonly decimals: number;
  readonly constValue: string | undefined;
  readonly centuryPivot: number;
  readonly dateOrder: DateOrder;
  /** A date of birth (FieldSpec.birth): lunar dates allowed, 6-digit century from the date of care. */
  readonly birth: boolean;
  readonly optional: boolean;
  readonly sums: { field: string; records: string[] } | undefined;
  /** True for fillers generated for undeclared gaps. */
  readonly generated: boolean;
}

export interface CompiledRecord {
  readonly code: string;
  readonly role: RecordRole;
  readonly description: string;
  readonly length: number;
  readonly fields: readonly CompiledField[];
  readonly byName: ReadonlyMap<string, CompiledField>;
}

export interface CompiledLayout {
  readonly spec: LayoutSpec;
  readonly profile: string;
  readonly version: string;
  readonly recordLength: number;
  readonly discriminatorOffset: number;
  readonly discriminatorLength: number;
  readonly recordDelimiter: string;
  readonly records: ReadonlyMap<string, CompiledRecord>;
  /** Record types keyed by the integer packing of their code bytes (see discriminatorKey). */
  readonly byKey: ReadonlyMap<number, CompiledRecord>;
}

/**
 * Packs up to 4 bytes of a record type code into an integer, uppercasing a-z and treating
 * trailing blanks as absent, so identifying a record costs no string allocation.
 */
export function discriminatorKey(bytes: Uint8Array, start: number, length: number): number {
  let key = 0;
  let significant = 0;
  for (let i = 0; i < length; i++) {
    let b = bytes[start + i] ?? 0x20;
    if (b >= 0x61 && b <= 0x7a) b -= 0x20;
    key = key * 256 + b;
    if (b !== 0x20) significant = i + 1;
  }
  // Strip trailing blanks: divide away the low bytes beyond the last significant one.
  for (let i = significant; i < length; i++) key = Math.floor(key / 256);
  return key;
}

export function discriminatorKeyOfCode(code: string): number {
  const bytes = Buffer.from(code, 'latin1');
  return discriminatorKey(bytes, 0, bytes.length);
}
