import { closeSync, openSync, readSync } from 'node:fs';
import { listInbox } from '../../engine/run/inbox.js';

/** What scanning the inbox found: every file the engine reads, and its physical lines. */
export interface InboxScan {
  files: number;
  bytes: number;
  /** Physical lines (newline-terminated, plus a last unterminated one). */
  lines: number;
}

const NL = 0x0a;
/** Same read size as the engine's default (DEFAULT_LIMITS.readChunkBytes), so the I/O pattern matches. */
const CHUNK_BYTES = 2 * 1024 * 1024;

/**
 * Baseline 1, the floor: read every inbox file the engine reads and count its lines, nothing else.
 * `Buffer.indexOf` is a memchr over the bytes — the fastest scan Node offers — so this is the
 * I/O + scan limit no engine that looks at every line can beat.
 */
export function scanInbox(inboxDir: string): InboxScan {
  const files = listInbox(inboxDir, 'TARGET_AND_FR').files;
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let bytes = 0;
  let lines = 0;
  for (const file of files) {
    const fd = openSync(file.path, 'r');
    let last = NL;
    try {
      for (;;) {
        const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
        if (n === 0) break;
        bytes += n;
        const view = n === CHUNK_BYTES ? chunk : chunk.subarray(0, n);
        for (let at = view.indexOf(NL); at !== -1; at = view.indexOf(NL, at + 1)) lines++;
        last = view[n - 1]!;
      }
    } finally {
      closeSync(fd);
    }
    if (last !== NL) lines++;
  }
  return { files: files.length, bytes, lines };
}
