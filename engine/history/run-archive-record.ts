import type { CalendarKind } from '../calendar/banking-calendar.js';
import type { DateYmd } from '../domain/units.js';
import type { InboxRejection } from '../intake/inbox-rejection.js';
import type { InboxFile } from '../run/inbox.js';
import type { ManifestProblem } from '../run/inbox-manifest.js';

/**
 * What the ledger keeps of a run so that it can be replayed byte for byte (run_archives,
 * run_input_blobs): every parameter that shapes an output, the inbox exactly as the run took it
 * (each file's receipt instant and where it came from, the entries refused, the manifest's
 * problems), and the digest of every input's bytes, which the archive holds (input-archive.ts).
 */
export interface RunArchiveRecord {
  parameters: ArchivedParameters;
  inputs: ArchivedInputs;
  blobs: readonly ArchivedBlob[];
}

/** Every run parameter, as the run used it. Paths are where they were then: informative only. */
export interface ArchivedParameters {
  accountingDate: DateYmd;
  executionDate: DateYmd;
  calendar: CalendarKind;
  createdAt: string;
  operator: { name: string; iban: string; bic: string; id: string; email: string };
  followSymlinks: boolean;
  auditArithmetic: boolean;
  engineVersion: string;
  threads: number;
  batchBytesMax: number;
  batchInvoicesMax: number;
  inFlightMax: number;
  readChunkBytes: number;
  /** Absent from archives made before the parameter existed: those runs used the default. */
  debtOverdueDays?: number;
  inboxDir: string;
  snapshotPath: string;
  outDir: string;
}

/** The inbox as the run took it, in input order. */
export interface ArchivedInputs {
  files: ArchivedInboxFile[];
  /** Entries refused at listing, in listing order. */
  rejected: InboxRejection[];
  manifestProblems: ManifestProblem[];
  /** The referential snapshot's blob. */
  snapshot: { sha256: string; sizeBytes: number; snapshotId: string };
  /** Per profile: the operator's layout file (a blob), or the one the engine ships. */
  layouts: Record<string, { sha256: string; sizeBytes: number } | { shipped: true }>;
}

/** An inbox file as listed (its path left out: replay reads the blob), with what became of it. */
export type ArchivedInboxFile = Omit<InboxFile, 'path'> & ({ sha256: string } | { rejectedAtIntake: InboxRejection });

export interface ArchivedBlob {
  role: 'inbox' | 'snapshot' | 'layout';
  /** The inbox name, 'snapshot', or the profile name. */
  name: string;
  sha256: string;
  sizeBytes: number;
}
