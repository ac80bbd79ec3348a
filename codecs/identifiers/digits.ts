/** True when `s` is exactly `length` ASCII digits. Identifier fields are fixed-width digit strings. */
export function isDigits(s: string, length: number): boolean {
  if (s.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const code = s.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
