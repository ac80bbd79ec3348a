import type { InboxEdit } from './inbox-edit.js';
import type { MutationKind } from './mutation-kinds.js';

/**
 * One fuzz case, as data: what was done to the clean day and what must hold afterwards. Built from
 * (kind, seed) by buildCase, or read back from a regression fixture.
 */
export type FuzzCase = RunCase | ReturnsCase;

/** `tpliq run` on a copy of the clean inbox with `edits` applied. */
export interface RunCase {
  command: 'run';
  kind: MutationKind;
  seed: number;
  description: string;
  edits: InboxEdit[];
  /**
   * Inbox names whose invoices are not compared with the clean run: the mutated file (under its
   * old and new name) or the file the mutation added. Every other file's invoices must be decided
   * exactly as in the clean run.
   */
  touched: string[];
  /** A file moved under a new name with its bytes unchanged: its rows are compared under the old name. */
  renamed: Record<string, string>;
  /** Names of files that repeat, byte for byte, a file delivered earlier in the run: none of their invoices may be paid. */
  copies: string[];
  /** 0, and 2 where refusing the whole inbox is a documented answer (a manifest that cannot be read). */
  allowedExitCodes: number[];
}

/** `tpliq inspect`, `inspect --json` and `validate` on one mutated NOEMIE or ARL return. */
export interface ReturnsCase {
  command: 'returns';
  kind: MutationKind;
  seed: number;
  description: string;
  /** Name given to the mutated file (its extension tells the format as the clean output had it). */
  fileName: string;
  bytes: Uint8Array;
}

/** Exit codes the read-only commands may end with on any file: ok, file with problems (validate), unreadable input. */
export const RETURNS_EXIT_CODES: Readonly<Record<string, readonly number[]>> = {
  inspect: [0, 2],
  'inspect --json': [0, 2],
  validate: [0, 2, 5],
};
