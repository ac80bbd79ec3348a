/**
 * A fixed-width file (B2, DRE, NOEMIE, ARL) as its records, so that mutators can work on records
 * and fields and give back bytes. Line ends are kept as the file had them (CRLF for B2), so a
 * file split and joined untouched is the same bytes.
 */
export interface RecordLines {
  records: Buffer[];
  eol: string;
  /** The file ended with a line end (the last split piece was empty). */
  endsWithEol: boolean;
}

export function splitRecords(bytes: Uint8Array): RecordLines {
  const text = Buffer.from(bytes).toString('latin1');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const parts = text.split(eol);
  const endsWithEol = parts[parts.length - 1] === '';
  if (endsWithEol) parts.pop();
  return { records: parts.map((p) => Buffer.from(p, 'latin1')), eol, endsWithEol };
}

export function joinRecords(lines: RecordLines): Uint8Array {
  const eol = Buffer.from(lines.eol, 'latin1');
  const parts: Buffer[] = [];
  lines.records.forEach((r, i) => {
    parts.push(r);
    if (i < lines.records.length - 1 || lines.endsWithEol) parts.push(eol);
  });
  return Buffer.concat(parts);
}
