import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { fileKindOf } from '../intake/open-regular-file.js';
import { UsageError } from './run-options.js';

/**
 * The bytes of a file named on the command line (inspect, validate). A folder or a FIFO is said to
 * be one, with a code, before any read: reading a folder fails without naming the path (a stack,
 * exit 1), and reading a FIFO waits forever (O_NONBLOCK makes its open return at once). A missing
 * or unreadable path throws Node's error, which names it and the operation (TPLIQ_PATH_…, exit 2).
 */
export function readNamedFile(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UsageError(`${path} is ${fileKindOf(stat)}, not a file${stat.isDirectory() ? '; to check an inbox, use validate --inbox' : ''}`, 'TPLIQ_PATH_NOT_A_FILE');
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
