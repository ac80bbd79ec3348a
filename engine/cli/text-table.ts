/** A column of a text table: text reads from the left, counts and amounts line up on the right. */
export interface TextColumn {
  header: string;
  align?: 'left' | 'right';
}

/**
 * Rows under their headers, each column as wide as its widest cell, two spaces apart, no trailing
 * blanks: what an operator reads in a terminal and a script can still cut by column.
 */
export function textTable(columns: readonly TextColumn[], rows: ReadonlyArray<readonly string[]>, indent = ''): string[] {
  const widths = columns.map((column, i) => Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    indent + columns.map((column, i) => {
      const cell = cells[i] ?? '';
      const width = widths[i] ?? 0;
      return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
    }).join('  ').trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)];
}

/** `key  value` lines, the values lined up (at `keyWidth` at least, to line up several records): one record read down the page. */
export function keyValueLines(rows: ReadonlyArray<readonly [string, string]>, indent = '', keyWidth = 0): string[] {
  const width = Math.max(keyWidth, ...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `${indent}${key.padEnd(width)}  ${value}`.trimEnd());
}
