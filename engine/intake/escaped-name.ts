/**
 * File names come from the file system as bytes. A name that is not valid UTF-8 cannot be written
 * in summary.json, decisions.csv or a log line as it is (it would be replaced or break the
 * output), so such an entry is rejected and shown with each invalid byte as \xNN, and backslashes
 * doubled so that the escaped form cannot be mistaken for another name. Valid names are kept as
 * they are.
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The name as text, or undefined when its bytes are not valid UTF-8. */
export function utf8NameOf(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A printable, unambiguous form of a name that is not valid UTF-8. */
export function escapedNameOf(bytes: Uint8Array): string {
  let out = '';
  let at = 0;
  while (at < bytes.length) {
    const length = utf8SequenceLength(bytes, at);
    if (length === 0) {
      out += `\\x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
      at++;
    } else {
      const text = strictUtf8.decode(bytes.subarray(at, at + length));
      out += text === '\\' ? '\\\\' : text;
      at += length;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at `at`, or 0 if the byte there starts none. */
function utf8SequenceLength(bytes: Uint8Array, at: number): number {
  for (const length of [1, 2, 3, 4]) {
    if (at + length > bytes.length) return 0;
    if (utf8NameOf(bytes.subarray(at, at + length)) !== undefined) return length;
  }
  return 0;
}
