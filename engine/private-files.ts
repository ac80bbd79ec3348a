import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * Outputs, the ledger and the archive hold health data (NIRs, care) and bank details: readable by
 * their owner only, whatever the umask the scheduler left (a common 022 would make them 0644).
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates `dir` (and missing parents) readable by its owner only. A folder that already exists
 * keeps its mode: it is the operator's (a data folder on a shared volume may be group-managed);
 * what tpliq puts inside it is private by its own mode.
 */
export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Makes sure `path` exists and is readable by its owner only, before a library opens it with
 * the process's umask (SQLite creates its -wal and -shm files with the database's own mode). A
 * file created by an earlier version with a wider mode is narrowed.
 */
export function ensurePrivateFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, PRIVATE_FILE_MODE);
}
