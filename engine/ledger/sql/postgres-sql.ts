/**
 * The ledger's SQL as PostgreSQL reads it. The statements are written once, in the form both
 * databases accept (sql-connection.ts); what differs only in spelling is rewritten here:
 *
 * - `?` and `@name` parameters become `$1, $2…` (a name used twice is one parameter);
 * - an alias in camelCase (`AS runId`) is quoted, as PostgreSQL folds unquoted names to lower
 *   case and the rows must come back with the field names the code reads;
 * - `BEGIN IMMEDIATE` / `BEGIN EXCLUSIVE` (SQLite's write locks) become `BEGIN`: PostgreSQL
 *   locks rows, and its constraints keep two writers apart.
 *
 * Text inside quotes ('…', "…") and comments is left as it is.
 */
export interface PostgresSql {
  text: string;
  /** How many positional parameters ($1…$n) the text has. */
  parameterCount: number;
  /** The names of `@name` parameters in $-order, or null when the statement has positional ones. */
  names: string[] | null;
}

const CAMEL_ALIAS = /\bAS(\s+)([A-Za-z_][A-Za-z0-9_]*)/gi;

export function postgresSqlOf(sql: string): PostgresSql {
  const out: string[] = [];
  let positional = 0;
  const names: string[] = [];
  let code = '';
  const flushCode = (): void => {
    out.push(code.replace(CAMEL_ALIAS, (whole: string, space: string, name: string) => (/[a-z]/.test(name) && /[A-Z]/.test(name) ? `AS${space}"${name}"` : whole)));
    code = '';
  };
  let at = 0;
  while (at < sql.length) {
    const c = sql[at]!;
    if (c === "'" || c === '"') {
      const end = closingQuote(sql, at, c);
      flushCode();
      out.push(sql.slice(at, end));
      at = end;
    } else if (c === '-' && sql[at + 1] === '-') {
      const end = sql.indexOf('\n', at);
      flushCode();
      out.push(sql.slice(at, end === -1 ? sql.length : end));
      at = end === -1 ? sql.length : end;
    } else if (c === '?') {
      positional += 1;
      code += `$${positional}`;
      at += 1;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[at + 1] ?? '')) {
      let end = at + 1;
      while (end < sql.length && /[A-Za-z0-9_]/.test(sql[end]!)) end += 1;
      const name = sql.slice(at + 1, end);
      let index = names.indexOf(name);
      if (index === -1) index = names.push(name) - 1;
      code += `$${index + 1}`;
      at = end;
    } else {
      code += c;
      at += 1;
    }
  }
  flushCode();
  if (positional > 0 && names.length > 0) throw new Error('a statement mixes ? and @name parameters');
  const text = out.join('').replace(/^\s*BEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)\b/i, 'BEGIN');
  return { text, parameterCount: positional + names.length, names: names.length > 0 ? names : null };
}

/** The index just past the quote that closes the one at `start` (a doubled quote is an escaped one). */
function closingQuote(sql: string, start: number, quote: string): number {
  let at = start + 1;
  while (at < sql.length) {
    if (sql[at] === quote) {
      if (sql[at + 1] === quote) at += 2;
      else return at + 1;
    } else {
      at += 1;
    }
  }
  throw new Error(`unterminated ${quote} in SQL: ${sql.slice(start, start + 40)}`);
}
