import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Reads a whole file into memory that every worker thread can see without a copy: the bytes live
 * in a SharedArrayBuffer, and a Uint8Array over it passed in workerData or a message is shared,
 * not cloned. Used for the referential snapshot, which every worker reads and none writes
 * (loadSnapshot only takes views of its bytes).
 *
 * Why: each worker used to read its own copy, so the snapshot's size was paid once per thread
 * plus once on the main thread — at a 2-million-beneficiary referential (190 MiB snapshot) that
 * is 570 MiB with 2 workers, most of a run's peak RSS (bench/README.md, memory per worker).
 */
export function readSharedFile(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) throw new Error(`${path} ended after ${at} of ${size} bytes while being read`);
      at += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}
