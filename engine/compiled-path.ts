import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled JavaScript of a thread entry point (`engine/<path>.js`), which is what a worker
 * thread must load. Running from dist/ it sits under this file's folder; running from the
 * TypeScript sources (tests), the compiled copy in dist/ is used, so `npm test` builds first.
 */
export function compiledEnginePath(pathInEngine: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = resolve(here, pathInEngine);
  if (existsSync(beside)) return beside;
  return resolve(here, '../dist/engine', pathInEngine);
}
