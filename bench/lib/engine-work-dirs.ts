import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from './day-cache.js';

const ENGINE_RUNS_DIR = join(CACHE_DIR, 'runs', 'engine');

/** Where one measured engine run writes its ledger and outputs (one folder per run of a bench). */
export function engineWorkDir(name: string): string {
  return join(ENGINE_RUNS_DIR, name);
}

/**
 * Removes every measured run's folder. A bench calls this before its first contender and after
 * its last, never between two runs: this machine's root file system is ext4 without a journal,
 * whose inode allocator skips inodes freed in the last minute or so (`recently_deleted` in
 * `find_inode_bit`, seen with `perf record -g`). Right after a run's ≈ 230 000 output files were
 * deleted, creating a file cost 300–600 µs of system time instead of ≈ 30 µs, and a run on the
 * tenth of the 10 M-line day took 24.5 s instead of 17.5 (system time 15.1 s instead of 7.3):
 * the next contender would have paid for the previous one's clean-up.
 */
export function removeEngineWorkDirs(): void {
  rmSync(ENGINE_RUNS_DIR, { recursive: true, force: true });
}
