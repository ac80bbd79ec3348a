/**
 * The budgets of the main thread's V8 heap. Left alone, V8 sizes the heap from the machine
 * (≈ 4 GiB here) and lets garbage pile up to hundreds of MiB under a run's allocation rate before
 * collecting it; the run's live heap is small and flat (bulk state lives in typed arrays, the
 * spool, spilled key files and SQLite), so budgets keep the RSS flat at the price of more
 * frequent, short collections.
 *
 * - Old generation 384 MiB. Measured on a 1 M-line day: peak RSS 720 → 443 MiB, same wall time
 *   within noise.
 * - Semi-spaces of the young generation 8 MiB (V8's default here grows them to 16): the main
 *   thread's heap during the returns stayed ≈ 40 MiB lower at 10 M lines, the 1 M-line day's peak
 *   RSS ≈ 40 MiB lower (369–390 → 328–335 MiB, three runs each); the run's times moved within this
 *   machine's noise.
 *
 * Node reads them at start-up only, so every launcher passes them: the `tpliq` shebang
 * (engine/cli/main.ts), the npm scripts and the benchmark's engine job. A test keeps them equal.
 */
export const MAIN_HEAP_MIB = 384;
export const MAIN_SEMI_SPACE_MIB = 8;
export const MAIN_NODE_FLAGS: readonly string[] = [`--max-old-space-size=${MAIN_HEAP_MIB}`, `--max-semi-space-size=${MAIN_SEMI_SPACE_MIB}`];
