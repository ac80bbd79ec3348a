/** The character codes a CSV file's syntax is made of (`,` separator, `"` quote), shared by its scanners. */
export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const TAB = 0x09;
