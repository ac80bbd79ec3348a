import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Fresh folders under the system temp dir, each named `<prefix>XXXXXX`, until `removeAll`. */
export class TempFolders {
  private readonly made: string[] = [];

  make(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.made.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A maker of fresh folders named `<prefix>XXXXXX`, all deleted after each test of the file that
 * calls this (at its top level).
 */
export function tempDirs(prefix: string): () => string {
  const folders = new TempFolders();
  afterEach(() => folders.removeAll());
  return () => folders.make(prefix);
}
