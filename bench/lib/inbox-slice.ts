import { mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One file in `every` of an inbox (B2/DRE files and paper CSVs alike, in name order), linked into
 * `sliceDir` with the manifest that dates them. Why: the memory check must change the input size
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
    } else if (entry === 'manifest.json') {
      symlinkSync(source, join(to, entry));
    } else if (++index % every === 0) {
      symlinkSync(source, join(to, entry));
    }
  }
}
