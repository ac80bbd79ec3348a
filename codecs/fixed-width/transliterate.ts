/**
 * Strict output text: uppercase ASCII without accents (formats.md §2.3: B2's mainframe origins
 * mean lower case and accents may be rejected). Ligatures and accented letters are spelled out;
 * anything else outside printable ASCII becomes a blank rather than a byte a receiver might refuse.
 */
const SPECIAL: Record<string, string> = { Œ: 'OE', œ: 'OE', Æ: 'AE', æ: 'AE', ß: 'SS' };

export function toB2Text(text: string): string {
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
