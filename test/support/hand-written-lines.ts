import { expect } from 'vitest';

/**
 * A golden file's check: the text, line by line, is the hand-written one (the last line is the
 * empty one after the final newline). Each line is compared with its number, so a failure names it.
 */
export function expectHandWrittenLines(text: string, expected: readonly string[]): void {
  const lines = text.split('\n');
  expect(lines.slice(0, -1)).toHaveLength(expected.length);
  expected.forEach((line, i) => expect({ line: i + 1, text: lines[i] }).toEqual({ line: i + 1, text: line }));
}
