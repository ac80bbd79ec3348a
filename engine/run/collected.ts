/** Calls, after a garbage collection, the function registered with each object collected. */
const finalization = new FinalizationRegistry<() => void>((resolve) => resolve());

/**
 * Resolves once `value` has been garbage-collected — if it ever is, so a caller has a moment of
 * its own too (background-archive.ts). The promise holds no reference to `value`.
 */
export function collected(value: object): Promise<void> {
  return new Promise((resolve) => finalization.register(value, resolve));
}
