/**
 * What a run's process starts with: the main thread's V8 heap, glibc's malloc, V8's helper threads
 * and its pretenuring.
 *
 * The main thread's V8 heap. Left alone, V8 sizes the heap from the machine
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
 * glibc's malloc (process-wide, so the worker threads too): its mmap threshold fixed at its
 * default, 128 KiB. Left to adjust itself, glibc raises the threshold to the largest block freed
 * (up to 32 MiB), after which the input files a worker reads whole (up to 2 MiB in a benchmark
 * day) and the result buffers come from the threads' malloc arenas, which keep freed memory
 * resident: at 10 M lines `/proc/<pid>/smaps` showed ≈ 25 MiB in each worker's arena and 33 MiB
 * in the main one. Fixed, blocks from 128 KiB up are mapped and unmapped each time: peak RSS
 * 545 → 508 MiB for two 10 M-line runs side by side, wall time 378 s both. Setting the variable
 * is what turns the adjustment off; other C libraries ignore it.
 *
 * V8's pool of helper threads: 2 instead of Node's 4. V8 runs its parallel scavenges, concurrent
 * marking and sweeping on those threads, for every isolate of the process (the main thread, the
 * workers, the ledger thread). A run already keeps a JavaScript thread busy for each core it is
 * given, so four helpers mostly wait for a core, or spin in a parallel scavenge until the slowest
 * of them is scheduled. Measured on 2 cores (docs/performance.md, change 36): with 2 helpers the
 * process spent ≈ 6 % fewer CPU-seconds, and the run's wall time dropped by about as much.
 *
 * V8's allocation-site pretenuring off. V8 watches how many of the objects an allocation site
 * makes survive a scavenge, and past a threshold makes that site allocate in the old generation
 * directly. A run's per-invoice objects mostly die young, but a stretch where many survive (in
 * the measured case, only when the ledger held an earlier day) tenured the sites the returns
 * allocate from: 55–64 % of what the returns allocated then went to the old generation instead
 * of 6 %, and the main thread ran a full collection every 0.4 s instead of every 1.2 s
 * (docs/performance.md, change 37).
 *
 * Node and glibc read them at start-up only, so every launcher passes them: the `tpliq` shebang
 * (engine/cli/main.ts), the npm scripts and the benchmark's engine job. A test keeps them equal.
 */
export const MAIN_HEAP_MIB = 384;
export const MAIN_SEMI_SPACE_MIB = 8;
export const V8_HELPER_THREADS = 2;
export const MAIN_NODE_FLAGS: readonly string[] = [
  `--max-old-space-size=${MAIN_HEAP_MIB}`,
  `--max-semi-space-size=${MAIN_SEMI_SPACE_MIB}`,
  `--v8-pool-size=${V8_HELPER_THREADS}`,
  '--no-allocation-site-pretenuring',
];

export const MAIN_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: String(128 * 1024) };
