/**
 * The old-generation budget of the main thread's V8 heap. Left alone, V8 sizes the heap from the
 * machine (≈ 4 GiB here) and lets garbage pile up to hundreds of MiB under a run's allocation rate
 * before collecting it; the run's live heap is small and flat (bulk state lives in typed arrays,
 * the spool and SQLite), so a budget keeps the RSS flat at the price of more frequent, short
 * collections. Measured on a 1 M-line day: peak RSS 720 → 443 MiB, same wall time within noise.
 *
 * Node reads it at start-up only, so every launcher passes it: the `tpliq` shebang
 * (engine/cli/main.ts), the npm scripts and the benchmark's engine job. A test keeps them equal.
 */
export const MAIN_HEAP_MIB = 384;
export const MAIN_HEAP_FLAG = `--max-old-space-size=${MAIN_HEAP_MIB}`;
