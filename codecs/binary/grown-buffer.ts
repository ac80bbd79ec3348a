/**
 * A larger buffer holding the first `used` bytes of `bytes`: at least `needed` bytes, and at least
 * twice as many as before, so that a buffer grown byte by byte is copied O(log n) times. For the
 * encoders that write into one growing buffer (worker results, spool rows, entity files).
 */
export function grownBuffer(bytes: Buffer, used: number, needed: number): Buffer {
  const larger = Buffer.allocUnsafe(Math.max(2 * bytes.length, needed));
  bytes.copy(larger, 0, 0, used);
  return larger;
}
