import { copyFileSync, linkSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One file in `every` of an inbox (B2/DRE files and paper CSVs alike, in name order), hard-linked
 * into `sliceDir` with the manifest that dates them (not symlinked: a run refuses a symlink in its
 * inbox unless told to follow them, and the slice must be read as the day's own files are). Why: the memory check must change the input size
 * and nothing else; a smaller generated day also comes with a smaller referential (the 1 M-line
 * day's snapshot is a tenth of the 10 M day's), so its RSS measures the referential too.
 */
export function sliceInbox(inboxDir: string, sliceDir: string, every: number): string {
  rmSync(sliceDir, { recursive: true, force: true });
  mkdirSync(sliceDir, { recursive: true });
  linkEvery(inboxDir, sliceDir, every);
  return sliceDir;
}

function linkEvery(from: string, to: string, every: number): void {
  let index = 0;
  for (const entry of readdirSync(from).sort()) {
    const source = join(from, entry);
    if (statSync(source).isDirectory()) {
      mkdirSync(join(to, entry), { recursive: true });
      linkEvery(source, join(to, entry), every);
    } else if (entry === 'manifest.json' || ++index % every === 0) {
      linkOrCopy(source, join(to, entry));
    }
  }
}

/** A hard link, or a copy when the slice is on another file system than the day. */
function linkOrCopy(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(source, target);
  }
}
