import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OutputDigestIndex, outputDigestLine } from '../ledger/output-digest-file.js';
import type { OutputDigest } from '../ledger/run-record.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files.js';

/** Lines held before they are appended: a few dozen KiB. */
const LINES_PER_APPEND = 512;

/**
 * The digest of each output file as it was written, kept on disk in the run's scratch folder
 * rather than in memory: a 10 M-line run writes ≈ 100 000 files, most of them (the ARL) during
 * the intake, where the run's memory is at its peak. Read back once, when the run commits every
 * output's digest (output-digests.ts): no file then has to be read again only to be hashed.
 *
 * A line is `size<TAB>sha256<TAB>path` (ledger/output-digest-file.ts).
 */
export class WrittenDigestLog {
  private pending: string[] = [];

  constructor(private readonly path: string) {}

  add(relativePath: string, bytes: Uint8Array): void {
    this.addDigest({ path: relativePath, sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length });
  }

  /** A digest its writer took itself, from bytes it wrote piece by piece. */
  addDigest(digest: OutputDigest): void {
    this.pending.push(outputDigestLine(digest));
    if (this.pending.length >= LINES_PER_APPEND) this.flush();
  }

  /** Every digest logged, by path; a path written twice has its last digest. */
  read(): OutputDigestIndex {
    this.flush();
    return existsSync(this.path) ? new OutputDigestIndex(this.path) : new OutputDigestIndex(this.path, Buffer.alloc(0));
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    mkdirSync(dirname(this.path), { recursive: true, mode: PRIVATE_DIR_MODE });
    appendFileSync(this.path, this.pending.join(''), { mode: PRIVATE_FILE_MODE });
    this.pending = [];
  }
}
