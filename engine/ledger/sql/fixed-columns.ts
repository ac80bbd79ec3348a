import type { FixedColumns } from './sql-connection.js';

/** A column name as the code spells its schema: nothing a statement would read as more than a name. */
const COLUMN_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The fixed columns of a bulk insert as they are written into its statement: the name, and the
 * value as an integer literal (the same text in SQLite's VALUES and in a PostgreSQL COPY line).
 * Only safe integers: anything else is bound like the other values.
 */
export function fixedColumnLiterals(fixed: FixedColumns): Array<{ column: string; literal: string }> {
  return Object.entries(fixed).map(([column, value]) => {
    if (!COLUMN_NAME.test(column)) throw new Error(`bulk insert: fixed column ${JSON.stringify(column)} is not a column name`);
    if (!Number.isSafeInteger(value)) throw new Error(`bulk insert: fixed column ${column} = ${value} is not a safe integer`);
    return { column, literal: String(value) };
  });
}
