/**
 * A money or rate text that cannot be read exactly. Rates and amounts arrive as text from the
 * referential CSV and the paper channel: a bad one is an operating error the loader reports with
 * its file and line, so it carries a stable code the loader can pass on unchanged.
 */
export type MoneyErrorCode = 'TPLIQ_MONEY_RATE_INVALID' | 'TPLIQ_MONEY_AMOUNT_INVALID';

export class MoneyParseError extends Error {
  readonly code: MoneyErrorCode;
  /** The text as received, so the report can quote it. */
  readonly text: string;

  constructor(code: MoneyErrorCode, text: string, reason: string) {
    super(`${code}: "${text}" ${reason}`);
    this.name = 'MoneyParseError';
    this.code = code;
    this.text = text;
  }
}
