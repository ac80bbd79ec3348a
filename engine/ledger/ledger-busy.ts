/**
 * A PostgreSQL ledger is being written by another tpliq command: from another data folder, or
 * another machine, which the data-folder lock cannot see. Nothing was done; exit 3, like a busy
 * data folder (README, "Exit codes").
 */
export class LedgerBusy extends Error {
  readonly code = 'TPLIQ_LEDGER_BUSY';
  constructor(command: string) {
    super(`TPLIQ_LEDGER_BUSY: another tpliq command is writing this PostgreSQL ledger (from another data folder or machine); one command at a time writes a ledger: run ${command} when it has finished`);
    this.name = 'LedgerBusy';
  }
}

/**
 * The advisory lock a writer of a PostgreSQL ledger holds for as long as its connection is open:
 * the server releases it when the connection ends, however it ends. Any constant would do, the
 * same for every tpliq process.
 */
export const LEDGER_WRITER_LOCK = 0x7470_6c77;
