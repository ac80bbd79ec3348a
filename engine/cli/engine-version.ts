import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package version: part of every run's identity, so a replay with another engine is visible. */
export function engineVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = resolve(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tpliq') return `tpliq/${pkg.version ?? '0.0.0'}`;
    }
    dir = resolve(dir, '..');
  }
  return 'tpliq/unknown';
}
