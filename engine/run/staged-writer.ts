import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files.js';
import { FileAppendBuffer } from './file-append-buffer.js';
import type { WrittenDigestLog } from './written-digest-log.js';

/**
 * Writes the run's output files into the staging folder, each folder created once rather than per
 * file: the many small ones (one ARL per lot, one NOEMIE return per practitioner, the paper
 * notices) and the few of the run (decisions.csv's header, the SEPA file, the summary).
 *
 * Synchronous on purpose (docs/performance.md, change 16). The writes went to libuv's thread pool
 * when the main thread was the run's bottleneck; now both cores are. An asynchronous `writeFile`
 * costs three thread-pool round trips and a FileHandle per file, and a file is ≈ 23 µs of
 * syscalls when written in place. At 10 M lines (≈ 100 000 files), writing in place took 18
 * CPU-seconds off the run and 7 s off its wall time.
 *
 * A failed write throws at once, with the path, from the step that asked for it. The run
 * stops there: nothing is recorded in the ledger, and nothing leaves staging.
 *
 * With a `digests` log, each file's digest is taken from the bytes as they are written: the run
 * commits the digest of every output, and reading tens of thousands of files back only to hash
 * what was just written cost a 10 M-line run seconds after its returns (output-digests.ts).
 */
export class StagedWriter {
  private readonly dirs = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly digests?: WrittenDigestLog,
  ) {}

  /** Writes `content` (text as UTF-8) to `relativePath` under the staging folder (folders created as needed). */
  write(relativePath: string, content: string | Uint8Array): void {
    const path = this.stagedPath(relativePath);
    if (this.digests === undefined) {
      writeFileSync(path, content, { mode: PRIVATE_FILE_MODE });
      return;
    }
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    writeFileSync(path, bytes, { mode: PRIVATE_FILE_MODE });
    this.digests.add(relativePath, bytes);
  }

  /**
   * Writes the pieces of text one after the other (as UTF-8) to `relativePath`, encoded through a
   * fixed buffer as they come: a large file (the SEPA payment file) is never one string or one
   * buffer in memory. Its digest is taken from the bytes on their way to the file.
   */
  writeText(relativePath: string, pieces: Iterable<string>): void {
    const path = this.stagedPath(relativePath);
    const hash = this.digests === undefined ? undefined : createHash('sha256');
    let sizeBytes = 0;
    const fd = openSync(path, 'w', PRIVATE_FILE_MODE);
    try {
      const out = new FileAppendBuffer(() => fd, TEXT_BUFFER_BYTES, (bytes) => {
        hash?.update(bytes);
        sizeBytes += bytes.length;
      });
      for (const piece of pieces) out.append(piece);
      out.flush();
    } finally {
      closeSync(fd);
    }
    if (hash !== undefined) this.digests?.addDigest({ path: relativePath, sha256: hash.digest('hex'), sizeBytes });
  }

  /** The file's path under the staging folder, its folder created if this writer has not yet. */
  private stagedPath(relativePath: string): string {
    assertStagedPath(this.root, relativePath);
    const path = join(this.root, relativePath);
    const dir = dirname(path);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      this.dirs.add(dir);
    }
    return path;
  }
}

/** writeText's buffer: pieces are encoded into it and written out 64 KiB at a time. */
const TEXT_BUFFER_BYTES = 1 << 16;

/**
 * One segment of an output path: the characters the run's own names use (practitioner ids,
 * dates, sanitised inbox names, fixed words). Not '.' or '..', and nothing a shell or another OS
 * reads differently (NUL, '\\', ':', blanks, control characters).
 */
const SAFE_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;

/**
 * Every output lands under the staging folder, whatever the inputs said. The identifiers that name
 * files are validated when invoices are decoded, so a path refused here is a programmer error (an
 * input-derived name that skipped validation): the run stops before anything is paid or recorded,
 * rather than writing outside `--out`.
 */
export function assertStagedPath(root: string, relativePath: string): void {
  const unsafe = (why: string): Error => new Error(`TPLIQ_STAGED_PATH_UNSAFE: output path ${JSON.stringify(relativePath)} ${why}`);
  if (relativePath === '' || isAbsolute(relativePath)) throw unsafe('is not a relative path');
  for (const segment of relativePath.split('/')) {
    if (!SAFE_SEGMENT.test(segment)) throw unsafe(`has an unsafe segment ${JSON.stringify(segment)}`);
  }
  const inside = relative(resolve(root), resolve(root, relativePath));
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) throw unsafe('resolves outside the staging folder');
}
