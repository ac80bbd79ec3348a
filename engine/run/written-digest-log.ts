import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OutputDigest } from '../ledger/run-record.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files.js';

/** Lines held before they are appended: a few dozen KiB. */
const LINES_PER_APPEND = 512;
const TAB = 0x09;
const NEWLINE = 0x0a;
const DIGIT_ZERO = 0x30;

/**
 * The digest of each output file as it was written, kept on disk in the run's scratch folder
 * rather than in memory: a 10 M-line run writes ≈ 100 000 files, most of them (the ARL) during
 * the intake, where the run's memory is at its peak. Read back once, when the run commits every
 * output's digest (output-digests.ts): no file then has to be read again only to be hashed.
 *
 * A line is `size<TAB>sha256<TAB>path`; the staged paths hold no tab or line break
 * (staged-writer.ts, SAFE_SEGMENT).
 */
export class WrittenDigestLog {
  private pending: string[] = [];

  constructor(private readonly path: string) {}

  add(relativePath: string, bytes: Uint8Array): void {
    this.pending.push(`${bytes.length}\t${createHash('sha256').update(bytes).digest('hex')}\t${relativePath}\n`);
    if (this.pending.length >= LINES_PER_APPEND) this.flush();
  }

  /**
   * Every digest logged, by path; a path written twice has its last digest. Parsed from the
   * bytes, each path and digest a string of its own: split from one text of the whole log, they
   * would all be slices keeping that text (≈ 10 MiB at 10 M lines) alive with them.
   */
  read(): Map<string, OutputDigest> {
    this.flush();
    const digests = new Map<string, OutputDigest>();
    if (!existsSync(this.path)) return digests;
    const bytes = readFileSync(this.path);
    for (let start = 0; start < bytes.length; ) {
      const sizeEnd = bytes.indexOf(TAB, start);
      const shaEnd = bytes.indexOf(TAB, sizeEnd + 1);
      const lineEnd = bytes.indexOf(NEWLINE, shaEnd + 1);
      if (sizeEnd < 0 || shaEnd < 0 || lineEnd < 0) throw new Error(`${this.path}: a line cut short at byte ${start}`);
      let sizeBytes = 0;
      for (let i = start; i < sizeEnd; i++) sizeBytes = sizeBytes * 10 + bytes[i]! - DIGIT_ZERO;
      // Paths are ASCII (staged-writer.ts), so latin1 spells them as UTF-8 would.
      const path = bytes.toString('latin1', shaEnd + 1, lineEnd);
      digests.set(path, { path, sha256: bytes.toString('latin1', sizeEnd + 1, shaEnd), sizeBytes });
      start = lineEnd + 1;
    }
    return digests;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    mkdirSync(dirname(this.path), { recursive: true, mode: PRIVATE_DIR_MODE });
    appendFileSync(this.path, this.pending.join(''), { mode: PRIVATE_FILE_MODE });
    this.pending = [];
  }
}
