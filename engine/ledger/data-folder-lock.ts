import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDir, ensurePrivateFile, PRIVATE_FILE_MODE } from '../private-files.js';

export const LOCK_FILE_NAME = 'tpliq.lock';
/** Who holds the lock, for the message the next comer gets (the lock file itself cannot be read while held). */
const HOLDER_FILE_NAME = 'tpliq.lock.json';

/** What a lock's holder says of itself. */
export interface LockHolder {
  command: string;
  pid: number;
  startedAt: string;
  accountingDate?: string;
}

/** The data folder is used by another tpliq command; nothing was done. */
export class DataFolderBusy extends Error {
  readonly code = 'TPLIQ_DATA_FOLDER_BUSY';
  constructor(readonly dataDir: string, readonly holder: LockHolder | undefined) {
    const who = holder === undefined ? 'another tpliq command' : `${holder.command} (pid ${holder.pid}, started ${holder.startedAt}${holder.accountingDate ? `, accounting day ${holder.accountingDate}` : ''})`;
    super(`TPLIQ_DATA_FOLDER_BUSY: data folder ${dataDir} is in use by ${who}; one command at a time writes a ledger: run this one when it has finished`);
    this.name = 'DataFolderBusy';
  }
}

/**
 * One command at a time on a data folder. Two runs at once would each check duplicates against
 * the ledger as the other had not committed yet, and both pay the same care; two first runs race
 * on the migrations. The lock is an SQLite EXCLUSIVE transaction held open on a file of its own:
 * SQLite takes it with the operating system's file locks, which the kernel releases when the
 * process ends however it ends (SIGKILL, power cut), so a crashed run never leaves a stale lock
 * that an operator must remove by hand. SQLite also keeps connections of one process apart, so
 * the same rule holds within a process. The ledger itself keeps its own locking: this file only
 * says who may write it.
 */
/**
 * Every lock taken and not released. A lock is an open SQLite connection: one that nothing
 * references may be collected, and its file lock dropped, while its holder still works.
 */
const HELD = new Set<DataFolderLock>();

export class DataFolderLock {
  private constructor(private readonly db: Database.Database, private readonly dataDir: string) {}

  /** Takes the lock at once or throws DataFolderBusy (never waits: a scheduler decides when to retry). */
  static acquire(dataDir: string, holder: Omit<LockHolder, 'pid' | 'startedAt'>): DataFolderLock {
    ensurePrivateDir(dataDir);
    const path = join(dataDir, LOCK_FILE_NAME);
    ensurePrivateFile(path);
    const db = new Database(path, { timeout: 0 });
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataFolderBusy(dataDir, readHolder(dataDir));
      throw error;
    }
    const full: LockHolder = { ...holder, pid: process.pid, startedAt: new Date().toISOString() };
    writeFileSync(join(dataDir, HOLDER_FILE_NAME), JSON.stringify(full) + '\n', { mode: PRIVATE_FILE_MODE });
    const lock = new DataFolderLock(db, dataDir);
    HELD.add(lock);
    return lock;
  }

  release(): void {
    HELD.delete(this);
    if (!this.db.open) return;
    rmSync(join(this.dataDir, HOLDER_FILE_NAME), { force: true });
    this.db.exec('ROLLBACK');
    this.db.close();
  }
}

function readHolder(dataDir: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, HOLDER_FILE_NAME), 'utf8')) as LockHolder;
  } catch {
    // Written just after the lock is taken: a holder that has only just started has not said who it is yet.
    return undefined;
  }
}
