import { buildCase } from './build-case.js';
import type { RunCase } from './fuzz-case.js';
import type { FuzzDay, InboxEntry } from './fuzz-day.js';
import { ALL_KINDS, familyOf, type MutationKind } from './mutation-kinds.js';

/**
 * The kinds the in-process tier draws: those that change one inbox file's bytes (control, byte,
 * layout, CSV). Inbox kinds (manifests, links, FIFOs, folders, copies) are about how the CLI lists
 * and opens the inbox, and returns kinds about `inspect`/`validate`: they need the CLI, and stay
 * with the child-process tier (test/fuzz.pipeline.test.ts).
 */
export const IN_PROCESS_KINDS: readonly MutationKind[] = ALL_KINDS.filter((k) => ['control', 'byte', 'layout', 'csv'].includes(familyOf(k)));

/** One mutated inbox file: what the in-process tier liquidates for a case. */
export interface MutatedFile {
  /** The clean file it was made from (its channel and receipt instant are kept). */
  entry: InboxEntry;
  /** Its name in the case (moved last in its group by buildCase), as errors and decisions name it. */
  name: string;
  bytes: Uint8Array;
}

/**
 * The mutated file of a one-file case, from the very RunCase the child-process tier would run
 * (buildCase, or a loaded regression fixture): the same (kind, seed) gives the same bytes in both
 * tiers, so a failure found in process is replayed through the CLI as is.
 */
export function mutatedFileOf(day: FuzzDay, fuzzCase: RunCase): MutatedFile {
  const writes = fuzzCase.edits.filter((e) => e.op === 'write' && e.path !== 'manifest.json');
  const removed = fuzzCase.edits.find((e) => e.op === 'remove');
  const write = writes[0];
  if (writes.length !== 1 || write?.op !== 'write' || removed === undefined) {
    throw new Error(`${fuzzCase.kind} seed ${fuzzCase.seed} does not change exactly one inbox file: it needs the CLI`);
  }
  const entry = day.entries.find((e) => e.name === removed.path);
  if (!entry) throw new Error(`${fuzzCase.kind} seed ${fuzzCase.seed} removes ${removed.path}, which is not a file of the fuzz day`);
  return { entry, name: write.path, bytes: write.bytes };
}

/** (kind, seed) → the case and its mutated file. */
export function buildFileCase(day: FuzzDay, kind: MutationKind, seed: number): { fuzzCase: RunCase; file: MutatedFile } {
  const fuzzCase = buildCase(day, kind, seed);
  if (fuzzCase.command !== 'run') throw new Error(`${kind} is not a kind of the in-process tier`);
  return { fuzzCase, file: mutatedFileOf(day, fuzzCase) };
}
