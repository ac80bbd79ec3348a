/** The benchmarks' command-line options: `--name value` pairs, read from process.argv. */

/** The text after `name`, or undefined when the option is absent. */
export function optionText(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** A whole number ≥ `min` (underscores allowed: 10_000_000), or `fallback` when absent. */
export function wholeNumberOption(name: string, fallback: number, min = 1): number {
  const text = optionText(name);
  if (text === undefined) return fallback;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} takes a whole number ≥ ${min}, got "${text}"`);
  return n;
}
