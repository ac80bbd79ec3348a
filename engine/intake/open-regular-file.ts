import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { NotARegularFile } from './inbox-rejection.js';

/**
 * Opens an inbox file for reading, only if it is a regular file, and gives its descriptor.
 *
 * The inbox was listed earlier; by the time a file's turn comes it may have been replaced. So the
 * check is made again on what was actually opened (fstat), not on the path: O_NONBLOCK makes the
 * open of a FIFO return at once instead of waiting forever for a writer (it changes nothing for a
 * regular file), and O_NOFOLLOW refuses a symbolic link put in its place (ELOOP) unless links are
 * followed. Throws the system error, or NotARegularFile; the caller turns either into a rejection.
 */
export function openRegularFile(path: string, followSymlinks: boolean): number {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (followSymlinks ? 0 : constants.O_NOFOLLOW);
  const fd = openSync(path, flags);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotARegularFile(fileKindOf(stat));
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** What a non-regular entry is, in words for a message. */
export function fileKindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFile()) return 'a regular file';
  return 'an unknown kind of entry';
}
