/**
 * Strict output text: uppercase ASCII without accents (formats.md §2.3: B2's mainframe origins
 * mean lower case and accents may be rejected). Ligatures and accented letters are spelled out;
 * anything else outside printable ASCII becomes a blank rather than a byte a receiver might refuse.
 */
const SPECIAL: Record<string, string> = { Œ: 'OE', œ: 'OE', Æ: 'AE', æ: 'AE', ß: 'SS' };

/**
 * Printable ASCII only (0x20–0x7e): nothing to transliterate (most fields: numbers, codes,
 * identifiers). A loop rather than a regular expression: asked for every act code and motive label
 * of a night's returns, the expression's own entry cost more than the few characters it reads.
 */
export function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

export function toB2Text(text: string): string {
  // The NIR, amounts and codes of a night's NOEMIE returns: ≈ 3 s of the main thread at 10 M
  // lines went to the loop below for text it leaves as it is.
  if (isPrintableAscii(text)) return text.toUpperCase();
  let out = '';
  for (const ch of text.normalize('NFD')) {
    const code = ch.charCodeAt(0);
    if (code >= 0x300 && code <= 0x36f) continue; // combining accent stripped from its letter
    const special = SPECIAL[ch];
    if (special !== undefined) out += special;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += ' ';
  }
  return out.toUpperCase();
}
