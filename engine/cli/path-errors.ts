import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './run-options.js';

/**
 * A file-system error on a path the operator gave (missing, not a folder, not readable, disk
 * full): the operator's to fix, so one line and exit 2, never an internal error with a stack.
 * Node's errors name the path and the operation; nothing else carries both.
 */
export function pathErrorMessage(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string' || typeof e.syscall !== 'string') return undefined;
  const reason = e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return `TPLIQ_PATH_${e.code}: ${e.path}: ${reason} (${e.syscall})`;
}

/** The paths of a run, checked before anything starts: each problem is a usage error naming the option. */
export function checkRunPaths(paths: { snapshot: string; data: string; out: string }): void {
  if (!existsSync(paths.snapshot)) throw new UsageError(`--snapshot ${paths.snapshot} does not exist`);
  if (!statSync(paths.snapshot).isFile()) throw new UsageError(`--snapshot ${paths.snapshot} is not a file`);
  if (existsSync(paths.data) && !statSync(paths.data).isDirectory()) throw new UsageError(`--data ${paths.data} is not a folder`);
  // Missing folders on the way are created (a first night); a file on the way is a mistake.
  let ancestor = dirname(paths.out);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  if (!statSync(ancestor).isDirectory()) throw new UsageError(`--out ${paths.out}: ${ancestor} is not a folder`);
}
