import { RunAborted } from './run-liquidation-errors.js';

export type InboxUnavailableCode =
  /** --inbox names nothing. */
  | 'TPLIQ_INBOX_MISSING'
  /** --inbox names a file, not a folder. */
  | 'TPLIQ_INBOX_NOT_A_FOLDER'
  /** The inbox folder exists but cannot be listed (permissions, I/O error). */
  | 'TPLIQ_INBOX_NOT_LISTABLE';

/**
 * The inbox folder itself cannot be used: an operator error in the command line or the
 * machine's set-up, found before anything is read or paid. Unlike a bad entry inside the inbox
 * (a rejection, the night goes on), there is no night to liquidate: the CLI exits with the usage
 * code (2), with this one line and no stack.
 */
export class InboxUnavailable extends RunAborted {
  constructor(code: InboxUnavailableCode, message: string) {
    super(code, message);
    this.name = 'InboxUnavailable';
  }
}
