import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * One change a fuzz case makes to a copy of the clean inbox. A case is a list of these rather than
 * a function, so that a failing case can be saved as plain data (a regression fixture) and replayed
 * byte for byte long after the mutators that made it have changed.
 *
 * Paths are relative to the inbox, with '/' separators, as the engine names files in its outputs.
 */
export type InboxEdit =
  /** Writes (or overwrites) a file; `receivedAtMs` also sets its mtime, the engine's fallback receipt instant. */
  | { op: 'write'; path: string; bytes: Uint8Array; receivedAtMs?: number }
  | { op: 'remove'; path: string }
  | { op: 'mkdir'; path: string }
  /**
   * A symbolic link at `path` to `target`, written as is (relative to the link's folder), except
   * that a target starting with DAY_ROOT is made absolute under the fuzz day's folder: links out
   * of the inbox still resolve when a saved fixture is replayed on a day generated elsewhere.
   */
  | { op: 'symlink'; path: string; target: string }
  /** A named pipe nobody writes to: a reader that opens it waits for ever. */
  | { op: 'fifo'; path: string };

export const DAY_ROOT = '<day>/';

/** Applies the edits in order to the inbox folder; `dayRoot` is the folder DAY_ROOT stands for. */
export function applyInboxEdits(inboxDir: string, edits: readonly InboxEdit[], dayRoot: string): void {
  for (const edit of edits) {
    const at = join(inboxDir, edit.path);
    switch (edit.op) {
      case 'write':
        mkdirSync(dirname(at), { recursive: true });
        writeFileSync(at, edit.bytes);
        if (edit.receivedAtMs !== undefined) utimesSync(at, edit.receivedAtMs / 1000, edit.receivedAtMs / 1000);
        break;
      case 'remove':
        rmSync(at, { recursive: true, force: true });
        break;
      case 'mkdir':
        mkdirSync(at, { recursive: true });
        break;
      case 'symlink':
        mkdirSync(dirname(at), { recursive: true });
        symlinkSync(edit.target.startsWith(DAY_ROOT) ? join(dayRoot, edit.target.slice(DAY_ROOT.length)) : edit.target, at);
        break;
      case 'fifo': {
        mkdirSync(dirname(at), { recursive: true });
        // Node has no mkfifo; the coreutils command is on every machine the engine runs on.
        const made = spawnSync('mkfifo', [at]);
        if (made.status !== 0) throw new Error(`mkfifo ${at} failed: ${made.stderr.toString()}`);
        break;
      }
    }
  }
}
