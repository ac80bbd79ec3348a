import type { SqlDialectName } from './sql/sql-connection.js';

/**
 * How the ledger stores a functional-duplicate key. The engine's keys are 64-bit hashes written as
 * 16 lowercase hex digits; since schema version 2 they are stored as one
 * INTEGER (the same 64 bits, signed) in `functional_key`, not as text: an index entry of 8 bytes
 * instead of 17 keeps the paid-key index in SQLite's page cache for far longer, which is what
 * inserting millions of rows a night costs (6 M rows: 45.9 s → 27.0 s measured on this machine).
 * Since version 3 the paid ones are looked up in the table `paid_functional_keys`
 * (paid-functional-keys.ts says why), and the row keeps its key unindexed.
 * Anything else (rows written before version 2, or a key of another shape) stays in the TEXT
 * column `functional_key_hash`; lookups ask both.
 */
const HEX_64 = /^[0-9a-f]{16}$/;

/** The INTEGER form of a 16-hex-digit key, or undefined when the key has another shape. */
export function functionalKeyInteger(hash: string): bigint | undefined {
  return HEX_64.test(hash) ? BigInt.asIntN(64, BigInt(`0x${hash}`)) : undefined;
}

/**
 * SQL giving back the hex form of `functional_key`, 16 digits of the unsigned 64 bits: SQLite's
 * printf %x and PostgreSQL's to_hex both print a negative integer as its two's complement.
 */
export function functionalKeyAsHex(dialect: SqlDialectName): string {
  return dialect === 'postgres' ? "lpad(to_hex(functional_key), 16, '0')" : "printf('%016x', functional_key)";
}

const keyScratch = new DataView(new ArrayBuffer(8));

/** The INTEGER form of a key given as its high and low 32 bits (unsigned): the same 64 bits, signed. */
export function functionalKeyIntegerOf(hi: number, lo: number): bigint {
  keyScratch.setUint32(0, hi >>> 0);
  keyScratch.setUint32(4, lo >>> 0);
  return keyScratch.getBigInt64(0);
}

/** The 16 hex digits of a key given as the ledger's INTEGER (the unsigned 64 bits, as functionalKeyAsHex prints them). */
export function functionalKeyHexOfInteger(key: bigint): string {
  return BigInt.asUintN(64, key).toString(16).padStart(16, '0');
}
