import type { Prng } from '../scripts/generate/prng.js';

/**
 * Mutations that know nothing of the format: what a flaky transfer, a bad disk or a hand edit does
 * to a file. Each takes the file's bytes and the case's PRNG and returns new bytes with a one-line
 * account of what it did (positions in bytes, 0-based), which goes into the case's description.
 */
export interface ByteMutation {
  bytes: Uint8Array;
  detail: string;
}

export type ByteMutator = (bytes: Uint8Array, rng: Prng) => ByteMutation;

const concat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);

/** An offset in [0, length], both ends included (truncating at 0 or inserting at the end are cases too). */
const offsetIn = (bytes: Uint8Array, rng: Prng): number => rng.int(0, bytes.length);

export const flipBits: ByteMutator = (bytes, rng) => {
  const out = Uint8Array.from(bytes);
  const flips = rng.int(1, 4);
  const at: number[] = [];
  for (let i = 0; i < flips && out.length > 0; i++) {
    const offset = rng.int(0, out.length - 1);
    const bit = rng.int(0, 7);
    out[offset] = out[offset]! ^ (1 << bit);
    at.push(offset * 8 + bit);
  }
  return { bytes: out, detail: `bits flipped at bit offsets ${at.join(', ')}` };
};

export const truncate: ByteMutator = (bytes, rng) => {
  const offset = offsetIn(bytes, rng);
  return { bytes: bytes.subarray(0, offset), detail: `truncated at byte ${offset} of ${bytes.length}` };
};

export const insertNul: ByteMutator = (bytes, rng) => {
  const offset = offsetIn(bytes, rng);
  const count = rng.int(1, 3);
  return { bytes: concat(bytes.subarray(0, offset), new Uint8Array(count), bytes.subarray(offset)), detail: `${count} NUL byte(s) inserted at byte ${offset}` };
};

export const overwriteNul: ByteMutator = (bytes, rng) => {
  const out = Uint8Array.from(bytes);
  const offset = rng.int(0, Math.max(0, out.length - 1));
  if (out.length > 0) out[offset] = 0;
  return { bytes: out, detail: `byte ${offset} replaced by NUL` };
};

export const insertByte: ByteMutator = (bytes, rng) => {
  const offset = offsetIn(bytes, rng);
  const value = rng.int(0, 255);
  return { bytes: concat(bytes.subarray(0, offset), Uint8Array.of(value), bytes.subarray(offset)), detail: `byte 0x${value.toString(16).padStart(2, '0')} inserted at byte ${offset}` };
};

export const deleteBytes: ByteMutator = (bytes, rng) => {
  const offset = rng.int(0, Math.max(0, bytes.length - 1));
  const count = rng.int(1, 3);
  return { bytes: concat(bytes.subarray(0, offset), bytes.subarray(offset + count)), detail: `${count} byte(s) deleted at byte ${offset}` };
};

export const duplicateChunk: ByteMutator = (bytes, rng) => {
  const start = rng.int(0, Math.max(0, bytes.length - 1));
  const end = Math.min(bytes.length, start + rng.int(1, 600));
  return { bytes: concat(bytes.subarray(0, end), bytes.subarray(start, end), bytes.subarray(end)), detail: `bytes ${start}..${end} written twice` };
};

export const contentTwice: ByteMutator = (bytes) => ({ bytes: concat(bytes, bytes), detail: 'whole content written twice' });

const CR = 0x0d;
const LF = 0x0a;

/** CRLF → LF everywhere, or only on one line (a file mixing both). */
export const crlfToLf: ByteMutator = (bytes, rng) => {
  const everywhere = rng.chance(0.5);
  const ends: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === CR && bytes[i + 1] === LF) ends.push(i);
  const dropped = new Set(everywhere ? ends : ends.length > 0 ? [rng.pick(ends)] : []);
  const out = bytes.filter((_, i) => !dropped.has(i));
  return { bytes: out, detail: everywhere ? 'every CRLF made LF' : `the CRLF at byte ${[...dropped][0] ?? -1} made LF` };
};

/** LF → CRLF (a CRLF file gets CR CR LF) or every line end made a lone CR (old Mac). */
export const lineEndsChanged: ByteMutator = (bytes, rng) => {
  const loneCr = rng.chance(0.5);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === LF) {
      if (loneCr) {
        if (out[out.length - 1] !== CR) out.push(CR);
      } else out.push(CR, LF);
    } else out.push(b);
  }
  return { bytes: Uint8Array.from(out), detail: loneCr ? 'every line end made a lone CR' : 'every LF preceded by an extra CR' };
};

export const BYTE_MUTATORS = {
  'byte-bit-flip': flipBits,
  'byte-truncate': truncate,
  'byte-nul-inserted': insertNul,
  'byte-nul-overwrite': overwriteNul,
  'byte-inserted': insertByte,
  'byte-deleted': deleteBytes,
  'byte-chunk-twice': duplicateChunk,
  'byte-content-twice': contentTwice,
  'byte-crlf-to-lf': crlfToLf,
  'byte-line-ends': lineEndsChanged,
} as const satisfies Record<string, ByteMutator>;

export type ByteMutationKind = keyof typeof BYTE_MUTATORS;
