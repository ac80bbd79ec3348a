/**
 * The SEPA basic Latin character set (rules.md §7.3, EPC implementation guidelines):
 * a-z A-Z 0-9 / - ? : ( ) . , ' + and space. Banks may accept more; none is obliged to, so the
 * payment file never contains anything else.
 */
const SEPA_CHARACTER = /^[A-Za-z0-9/\-?:().,'+ ]$/;
const SEPA_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/**
 * Letters NFD does not decompose into a base letter plus accents, and the punctuation French
 * names and labels actually use. Everything else outside the set becomes a blank (not deleted),
 * so "Dupont_Martin" stays two words.
 */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  Œ: 'OE', œ: 'oe', Æ: 'AE', æ: 'ae', ß: 'ss', Ø: 'O', ø: 'o', Ł: 'L', ł: 'l', Đ: 'D', đ: 'd',
  '’': "'", '‘': "'", 'ʼ': "'", '&': '+', '–': '-', '—': '-',
};

/**
 * SEPA-safe text: accents stripped (é → e), ligatures spelled out, other characters blanked,
 * blanks collapsed and trimmed, then cut to `maxLength` characters. Meant for names and free text,
 * never for identifiers or amounts, which are refused rather than altered (see assertSepaIdentifier).
 */
export function toSepaText(text: string, maxLength: number): string {
  let out = '';
  for (const ch of text.normalize('NFD')) {
    const code = ch.charCodeAt(0);
    if (code >= 0x300 && code <= 0x36f) continue; // combining accent, its base letter was kept
    const spelled = SPELLED_OUT[ch];
    if (spelled !== undefined) out += spelled;
    else out += SEPA_CHARACTER.test(ch) ? ch : ' ';
  }
  const collapsed = out.replace(/ {2,}/g, ' ').trim();
  return collapsed.length <= maxLength ? collapsed : collapsed.slice(0, maxLength).trimEnd();
}

export const isSepaText = (text: string): boolean => SEPA_TEXT.test(text);

/**
 * MsgId, PmtInfId, EndToEndId: 1–35 characters of the SEPA set, without a leading or trailing
 * '/' nor '//' (EPC rule). An identifier is built by the engine, so a bad one is a programmer
 * error: it throws, because silently cutting it could make two payments share a reference.
 */
export function assertSepaIdentifier(id: string, field: string): void {
  const shapeOk = id.length >= 1 && id.length <= 35 && isSepaText(id);
  const slashesOk = !id.startsWith('/') && !id.endsWith('/') && !id.includes('//');
  if (!shapeOk || !slashesOk || id.trim() !== id) {
    throw new RangeError(`${field} "${id}" is not a SEPA identifier (1–35 SEPA characters, no edge or double '/')`);
  }
}
