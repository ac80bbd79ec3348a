/**
 * The coded failures of the history commands (replay, runs, explain, transfers, purge) and of the
 * run's archiving: the operator's (exit 2), never a bug. The code is stable; the message names the
 * run, the file or the folder concerned.
 */
export type HistoryErrorCode =
  /** No ledger in the data folder: nothing to read (and none is created). */
  | 'TPLIQ_LEDGER_MISSING'
  /** No run with that id in the ledger. */
  | 'TPLIQ_REPLAY_UNKNOWN_RUN'
  /** The same, for a query about one run (`runs show`). */
  | 'TPLIQ_RUN_UNKNOWN'
  /** The run was recorded before the archive existed (ledger schema < 5): its inputs were not kept. */
  | 'TPLIQ_REPLAY_NOT_ARCHIVED'
  /** The run's detail was purged (retention): its inputs are gone. */
  | 'TPLIQ_REPLAY_RUN_PURGED'
  /** The archive folder is absent, or one of a run's archived inputs is. */
  | 'TPLIQ_ARCHIVE_MISSING'
  /** An archived input's bytes no longer hash to what the run read. */
  | 'TPLIQ_ARCHIVE_TAMPERED'
  /** The archive folder belongs to another ledger. */
  | 'TPLIQ_ARCHIVE_FOREIGN'
  /** An inbox file changed between the run reading it and archiving it. */
  | 'TPLIQ_INPUT_CHANGED'
  /** A retention shorter than the protocol's, without --force. */
  | 'TPLIQ_RETENTION_TOO_SHORT'
  /** The replay's scratch folder exists already: a replay never writes over anything. */
  | 'TPLIQ_REPLAY_SCRATCH_EXISTS'
  /** A query's arguments name nothing the ledger knows of the kind asked (a date range without runs…). */
  | 'TPLIQ_HISTORY_NOTHING'
  /** The month's rejected paper invoices were purged (retention): its monthly notices can no longer be written whole. */
  | 'TPLIQ_NOTICES_MONTH_PURGED'
  /** No referential to tell who has an e-mail address: the month's latest run has no archived snapshot, and no --snapshot was given. */
  | 'TPLIQ_NOTICES_NO_REFERENTIAL'
  /** The month's notices folder exists already under --out: the command never writes over notices. */
  | 'TPLIQ_NOTICES_OUTPUT_EXISTS';

export class HistoryError extends Error {
  constructor(readonly code: HistoryErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'HistoryError';
  }
}
