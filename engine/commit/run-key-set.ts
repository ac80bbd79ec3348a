/**
 * What the commit step needs of a set of 64-bit keys (two unsigned 32-bit halves): the run's paid
 * exact keys, functional keys and used PECs. KeySet64 holds them all in memory; SpilledKeySet keeps
 * the memory flat by moving older keys to sorted files on disk.
 */
export interface RunKeySet {
  readonly size: number;
  has(hi: number, lo: number): boolean;
  /** Adds the key; returns false when it was already there. */
  add(hi: number, lo: number): boolean;
  /** Forgets every key and gives back what the set held (memory, files). */
  clear(): void;
}
