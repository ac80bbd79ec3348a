import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../private-files.js';
import { HistoryError } from './history-error.js';

/** Where a run's workers write the blobs of the files they read: the archive, and the run's folder in it. */
export interface BlobStaging {
  archiveRoot: string;
  folder: string;
}

/** The archive's folder inside the data folder. */
export const ARCHIVE_DIR_NAME = 'archive';
/** The file naming the ledger an archive belongs to (its ledger_identity). */
const OWNER_FILE = 'LEDGER';
const BLOBS_DIR = 'sha256';
const TEMP_DIR = 'tmp';
/** The name of a run's staging folder under TEMP_DIR starts so. */
const STAGING_PREFIX = 'run-';
const READ_SLICE_BYTES = 1 << 20;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The run archive's file store: every input a run read (inbox files, the snapshot, layouts the
 * operator supplied), stored once by the SHA-256 of its bytes under `<data>/archive/sha256/ab/…`,
 * whichever runs read it. A blob is written to a temporary name, synced, then renamed, so a name
 * under sha256/ always holds the whole content; a run that crashes before its ledger commit
 * leaves at most blobs no run references, which a later run reuses and `ledger purge` removes.
 */
export class InputArchive {
  readonly root: string;
  /** Folders a blob was renamed into and not yet synced (syncRenames). */
  private readonly renamedInto = new Set<string>();

  private constructor(dataDir: string, readonly ledgerId: string) {
    this.root = join(dataDir, ARCHIVE_DIR_NAME);
  }

  /** The archive of the ledger `ledgerId`, made on first use; refuses an archive of another ledger. */
  static forWriting(dataDir: string, ledgerId: string): InputArchive {
    const archive = new InputArchive(dataDir, ledgerId);
    ensurePrivateDir(archive.root);
    const owner = join(archive.root, OWNER_FILE);
    if (!existsSync(owner)) writeFileSync(owner, `${ledgerId}\n`, { mode: PRIVATE_FILE_MODE });
    archive.checkOwner();
    return archive;
  }

  /** The archive as it is, for reading (replay): it must exist and be this ledger's. */
  static forReading(dataDir: string, ledgerId: string): InputArchive {
    const archive = new InputArchive(dataDir, ledgerId);
    if (!existsSync(archive.root)) throw new HistoryError('TPLIQ_ARCHIVE_MISSING', `no archive in ${dataDir} (${ARCHIVE_DIR_NAME}/): the runs' inputs are not there to replay`);
    archive.checkOwner();
    return archive;
  }

  /**
   * The archive for the purge's sweep, or none when the data folder has none (a ledger whose
   * runs predate the archive). Another ledger's archive is refused before anything is purged:
   * its blobs are not this ledger's to judge.
   */
  static ifPresent(dataDir: string, ledgerId: string): InputArchive | undefined {
    const archive = new InputArchive(dataDir, ledgerId);
    if (!existsSync(archive.root)) return undefined;
    archive.checkOwner();
    return archive;
  }

  private checkOwner(): void {
    const path = join(this.root, OWNER_FILE);
    const owner = existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
    if (owner !== this.ledgerId) {
      throw new HistoryError('TPLIQ_ARCHIVE_FOREIGN', `the archive in ${this.root} belongs to ${owner === '' ? 'no known ledger' : `ledger ${owner}`}, not to this ledger (${this.ledgerId}): it cannot prove this ledger's runs (use the data folder whose ledger it is, or move it away)`);
    }
  }

  /** Where the blob of this digest lives (whether or not it is there). */
  blobPath(sha256: string): string {
    return blobPathIn(this.root, sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.blobPath(sha256));
  }

  /**
   * The blob is there with the size its content has: a run reuses it rather than copy the same
   * bytes again. One of another size was damaged since; it is written anew (rehashing every blob
   * reused would read a month of snapshots each night; replay proves the bytes when it reads them).
   */
  private holdsWhole(sha256: string, sizeBytes: number): boolean {
    return holdsWholeIn(this.root, sha256, sizeBytes);
  }

  /**
   * A folder of its own under the archive's temporary folder, where the run's workers write the
   * blobs of the files they read (stageBlob). The run removes it when it ends, whatever the end;
   * one a crashed run left, the next run removes (removeDeadStagingFolders).
   */
  makeStagingFolder(): BlobStaging {
    const folder = join(this.root, TEMP_DIR, `${STAGING_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
    ensurePrivateDir(folder);
    return { archiveRoot: this.root, folder };
  }

  /**
   * Publishes a blob a worker wrote from the very bytes the run decided on (stageBlob): nothing is
   * copied or hashed again. The worker staged it because the archive lacked it, and the run's jobs
   * name each digest once (archive-run.ts); were it there anyway, the rename puts the same bytes
   * under the same name.
   */
  adoptStaged(staged: string, sha256: string): void {
    this.publish(staged, sha256);
  }

  /**
   * Syncs the folders blobs were renamed into since the last call: once per folder rather than
   * once per blob (7 420 blobs fall into at most 256 folders). Called before the ledger commit
   * that names the blobs.
   */
  syncRenames(): void {
    for (const dir of this.renamedInto) {
      const dirFd = openSync(dir, 'r');
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    }
    this.renamedInto.clear();
  }

  /**
   * Stores a copy of the file at `path`, whose content the run read as `expectedSha256`. The copy
   * is hashed again: if the file changed since the run read it, the archive would not hold what
   * was decided, and the run stops (TPLIQ_INPUT_CHANGED) rather than record a false history.
   */
  storeFile(path: string, expectedSha256: string, name: string): void {
    if (this.holdsWhole(expectedSha256, statSync(path).size)) return;
    const temp = this.tempPath();
    try {
      copyFileSync(path, temp);
      // A copy takes its source's mode (an inbox file may be 0644): the archive holds NIRs.
      chmodSync(temp, PRIVATE_FILE_MODE);
      const found = sha256OfFile(temp);
      if (found !== expectedSha256) {
        throw new HistoryError('TPLIQ_INPUT_CHANGED', `inbox file ${name} changed while the run was reading it (read as ${expectedSha256.slice(0, 12)}…, now ${found.slice(0, 12)}…): nothing was recorded; run again once the inbox is stable`);
      }
      this.publish(temp, expectedSha256);
    } finally {
      rmSync(temp, { force: true });
    }
  }

  /** Stores bytes the run holds (the snapshot it loaded); returns their digest. */
  storeBytes(bytes: Uint8Array): string {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (this.holdsWhole(sha256, bytes.length)) return sha256;
    const temp = this.tempPath();
    try {
      writePrivateFile(temp, bytes);
      this.publish(temp, sha256);
    } finally {
      rmSync(temp, { force: true });
    }
    return sha256;
  }

  /** Every digest stored, for the purge's sweep. */
  storedDigests(): string[] {
    const blobs = join(this.root, BLOBS_DIR);
    if (!existsSync(blobs)) return [];
    const digests: string[] = [];
    for (const prefix of readdirSync(blobs).sort()) {
      for (const name of readdirSync(join(blobs, prefix)).sort()) if (SHA256_HEX.test(name)) digests.push(name);
    }
    return digests;
  }

  /** Removes a blob no run references any more; returns the bytes freed. */
  remove(sha256: string): number {
    const path = this.blobPath(sha256);
    if (!existsSync(path)) return 0;
    const size = statSync(path).size;
    unlinkSync(path);
    return size;
  }

  /** Temporary files and staging folders a crash left (never referenced: they were not renamed into place). */
  sweepTemporaries(): number {
    const temp = join(this.root, TEMP_DIR);
    if (!existsSync(temp)) return 0;
    const names = readdirSync(temp);
    for (const name of names) rmSync(join(temp, name), { recursive: true, force: true });
    return names.length;
  }

  private tempPath(): string {
    const dir = join(this.root, TEMP_DIR);
    ensurePrivateDir(dir);
    return join(dir, `${process.pid}-${randomBytes(6).toString('hex')}`);
  }

  /**
   * Synced, then renamed into place: once its name exists the blob is whole. The rename itself
   * reaches the disk with its folder's sync (syncRenames), before the ledger commit that names
   * the blob.
   */
  private publish(temp: string, sha256: string): void {
    const fd = openSync(temp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const target = this.blobPath(sha256);
    const dir = join(this.root, BLOBS_DIR, sha256.slice(0, 2));
    ensurePrivateDir(dir);
    renameSync(temp, target);
    this.renamedInto.add(dir);
  }
}

/**
 * Removes the staging folders of runs that died (a crash, a kill): they hold copies of their
 * inbox. Called by a run holding the data folder's lock, which makes every staging folder there a
 * dead run's; `ledger purge` sweeps them too (sweepTemporaries).
 */
export function removeDeadStagingFolders(dataDir: string): void {
  for (const folder of stagingFoldersIn(dataDir)) rmSync(folder, { recursive: true, force: true });
}

/** Whether a run's staging folder is there (crash tests: none may outlive the next run). */
export function hasStagingFolder(dataDir: string): boolean {
  return stagingFoldersIn(dataDir).length > 0;
}

function stagingFoldersIn(dataDir: string): string[] {
  const temp = join(dataDir, ARCHIVE_DIR_NAME, TEMP_DIR);
  return existsSync(temp) ? readdirSync(temp).filter((name) => name.startsWith(STAGING_PREFIX)).map((name) => join(temp, name)) : [];
}

function blobPathIn(root: string, sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 digest: ${sha256}`);
  return join(root, BLOBS_DIR, sha256.slice(0, 2), sha256);
}

/** One stat, asked by a worker for every file it reads. */
function holdsWholeIn(root: string, sha256: string, sizeBytes: number): boolean {
  return statSync(blobPathIn(root, sha256), { throwIfNoEntry: false })?.size === sizeBytes;
}

/**
 * In a worker: writes the bytes it read and hashed as `sha256` into the run's staging folder
 * (InputArchive.makeStagingFolder), for the archive thread to publish (adoptStaged). The
 * archive then holds the bytes the run decided on by construction, where a copy of the inbox file
 * had to be read and hashed again to prove it (2.9 GiB at 10 M lines). Returns the staged path,
 * or undefined when the archive already holds the blob whole.
 */
export function stageBlob(staging: BlobStaging, sha256: string, bytes: Uint8Array): string | undefined {
  if (holdsWholeIn(staging.archiveRoot, sha256, bytes.length)) return undefined;
  const path = join(staging.folder, `${sha256.slice(0, 16)}-${randomBytes(6).toString('hex')}`);
  writePrivateFile(path, bytes);
  return path;
}

/** A new file of the owner's only, holding `bytes`. */
function writePrivateFile(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  try {
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
  } finally {
    closeSync(fd);
  }
}

/** The SHA-256 of a file's bytes, read in slices. */
export function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const slice = Buffer.allocUnsafe(READ_SLICE_BYTES);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, slice, 0, slice.length, null);
      if (n === 0) break;
      hash.update(slice.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
