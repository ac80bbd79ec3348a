/**
 * The file formats tpliq reads or writes and can check. B2 families (b2-etablissements, b2-ps,
 * DRE, the funds' C2S claims c2s-amo) share one framer and are told apart by the profile their header names.
 */
export type FileFormat = 'B2' | 'PAPER_CSV' | 'NOEMIE' | 'ARL' | 'PAIN001' | 'UNKNOWN';

/** Bytes looked at to recognise a file: every format says what it is in its first line or element. */
const SNIFF_BYTES = 512;

/**
 * Which format a file is, from its name and its opening bytes. A guess from the extension alone
 * would take any junk named *.b2 for B2 and answer with a page of unreadable records; from the
 * content, junk is UNKNOWN and says so in one line. Only paper CSV goes by its extension too: a
 * paper file whose header is wrong is still a paper file, and its header is the error to report.
 */
export function detectFileFormat(name: string, bytes: Uint8Array): FileFormat {
  const head = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  // Blank lines before the first record are tolerated by the readers, so they are skipped here too.
  const first = head.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  // NOEMIE and ARL are entity files opening with a 000 header: NOEMIE names its norm (00580).
  if (/^000\d{2}580/.test(first)) return 'NOEMIE';
  if (/^000/.test(first)) return 'ARL';
  // B2 families open with a type 0 file header (or, headerless, with a type 1 lot header).
  if (/^[01] [0-9A-Z ]{10}/i.test(first)) return 'B2';
  if (/^\s*<(\?xml|Document)\b/.test(head) && head.includes('pain.001')) return 'PAIN001';
  if (/\.csv$/i.test(name) || /^"?practitioner_id"?,/.test(first)) return 'PAPER_CSV';
  return 'UNKNOWN';
}
