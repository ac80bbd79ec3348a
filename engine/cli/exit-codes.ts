/**
 * Documented exit codes of the tpliq CLI (README "Exit codes"). Scripts around a nightly run
 * branch on these, so they never change meaning.
 */
export const EXIT = {
  OK: 0,
  /** Unexpected failure (a bug): the message and stack are logged. */
  INTERNAL: 1,
  /** Bad command line or unreadable input (referential rows, snapshot, layout). Nothing was run. */
  USAGE: 2,
  /** The run stopped before paying anything: broken invariant or arithmetic audit difference. */
  RUN_ABORTED: 3,
  /** The output folder already exists: a run never overwrites another. */
  OUTPUT_EXISTS: 4,
  /** `validate`: the file (or inbox) was read and has problems, or the file is of no known format. */
  INVALID_FILE: 5,
  /** `replay`: the replay did not reproduce every output of the run byte for byte (the report says which). */
  REPLAY_DIFFERS: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
