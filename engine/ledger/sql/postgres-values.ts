import type { SqlParam } from './sql-connection.js';

/**
 * Values between the engine and PostgreSQL's text protocol, as SQLite gives and takes them: so
 * that the ledger's code reads the same numbers from either database.
 *
 * - Integers (int2/4/8, and numeric, which `sum()` of a bigint gives) come back as numbers; an
 *   integer beyond 2^53 comes back as a bigint rather than rounded. Money never gets there: cents
 *   of a whole day stay below 2^53 by a factor of a million.
 * - Booleans (what `EXISTS` gives) come back as 1 and 0, as SQLite's do.
 * - Everything else comes back as its text.
 */
const OID_BOOL = 16;
const INTEGER_OIDS = new Set([20, 21, 23, 26]);
const OID_NUMERIC = 1700;
const FLOAT_OIDS = new Set([700, 701]);

/** @param bigints integers as bigint, whatever their size (a statement's safeIntegers()). */
export function valueOfText(text: string, typeOid: number, bigints = false): unknown {
  if (INTEGER_OIDS.has(typeOid)) return bigints ? BigInt(text) : integerOfText(text);
  if (typeOid === OID_BOOL) return text === 't' ? 1 : 0;
  if (typeOid === OID_NUMERIC) {
    if (!/^-?\d+$/.test(text)) throw new Error(`ledger: a non-integer numeric ${text} (the ledger holds integers only)`);
    return integerOfText(text);
  }
  if (FLOAT_OIDS.has(typeOid)) return Number(text);
  return text;
}

function integerOfText(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** A parameter as its text (null stays NULL). Integers only: the ledger binds no fractions. */
export function textOfParam(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`ledger: a non-integer number ${value} bound to a statement`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  throw new Error(`ledger: cannot bind a ${typeof value}`);
}

/** One value in COPY's text format: NULL as \N, and the four characters that would break a row escaped. */
export function copyTextOf(value: SqlParam): string {
  const text = textOfParam(value);
  if (text === null) return '\\N';
  if (!/[\\\t\n\r]/.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
