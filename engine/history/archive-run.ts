import { createHash } from 'node:crypto';
import type { LayoutSpec } from '../../codecs/fixed-width/layout.js';
import type { FileRecord } from '../ledger/run-record.js';
import type { InboxRejection } from '../intake/inbox-rejection.js';
import type { InboxListing } from '../run/inbox.js';
import type { RunParameters } from '../run/run-parameters.js';
import { crashPoint } from '../run/crash-points.js';
import type { InputArchive } from './input-archive.js';
import type { ArchivedBlob, ArchivedInboxFile, ArchivedInputs, ArchivedParameters, RunArchiveRecord } from './run-archive-record.js';

/** What the run knows of its inputs once the intake is over. */
export interface RunInputsSeen {
  inbox: InboxListing;
  /** Files listed, then refused when their turn came (vanished, unreadable…). */
  rejectedAtIntake: ReadonlyMap<string, InboxRejection>;
  /** The files read, with the digest of the bytes the run decided on. */
  fileRecords: readonly FileRecord[];
  snapshot: ArchivedInputs['snapshot'];
  /** Profiles the operator pointed at a layout file of their own (`--profile`). */
  profileFiles: Readonly<Record<string, string>>;
  /** Every profile's layout as the run loaded it, includes merged. */
  layoutSpecs: ReadonlyMap<string, LayoutSpec>;
  profiles: readonly string[];
}

/**
 * One blob to store: a file by its path (hashed again as it is copied), or already written by the
 * worker that read it (`staged`, input-archive.ts stageBlob), or bytes the run holds.
 */
export type ArchiveJob =
  | { kind: 'file'; path: string; sha256: string; name: string; staged?: string }
  | { kind: 'bytes'; bytes: Uint8Array };

/** The run's archive: the record its ledger commit carries, and the blobs it names. */
export interface RunArchive {
  record: RunArchiveRecord;
  /**
   * Every blob the record names, the snapshot first; stored before the ledger commit
   * (background-archive.ts). `stagedOf` gives the copy a worker wrote of a digest, if any.
   */
  jobs(snapshotPath: string, stagedOf?: (sha256: string) => string | undefined): ArchiveJob[];
}

/** Stores, in order, the blobs of `jobs` that the archive lacks. */
export function storeArchiveJobs(archive: InputArchive, jobs: readonly ArchiveJob[]): void {
  jobs.forEach((job, index) => {
    if (job.kind === 'bytes') archive.storeBytes(job.bytes);
    else if (job.staged !== undefined) archive.adoptStaged(job.staged, job.sha256);
    else archive.storeFile(job.path, job.sha256, job.name);
    // Half stored: the run dies with some blobs in place and no ledger row naming them.
    if (index === 0) crashPoint('mid-archive');
  });
  archive.syncRenames();
}

export function runArchiveRecord(params: RunParameters, seen: RunInputsSeen): RunArchive {
  const digestOf = new Map(seen.fileRecords.map((f) => [f.name, f.sha256] as const));
  const files: ArchivedInboxFile[] = seen.inbox.files.map(({ path: _path, ...file }) => {
    const sha256 = digestOf.get(file.name);
    if (sha256 !== undefined) return { ...file, sha256 };
    const rejection = seen.rejectedAtIntake.get(file.name);
    if (rejection === undefined) throw new Error(`archive: inbox file ${file.name} was neither read nor refused`);
    return { ...file, rejectedAtIntake: rejection };
  });
  const blobs: ArchivedBlob[] = [{ role: 'snapshot', name: 'snapshot', sha256: seen.snapshot.sha256, sizeBytes: seen.snapshot.sizeBytes }];
  const pathOfBlob = new Map<string, string>();
  for (const file of seen.inbox.files) {
    const sha256 = digestOf.get(file.name);
    if (sha256 === undefined) continue;
    blobs.push({ role: 'inbox', name: file.name, sha256, sizeBytes: file.sizeBytes });
    pathOfBlob.set(sha256, file.path);
  }
  const layouts: ArchivedInputs['layouts'] = {};
  // An operator's layout is archived as the run resolved it: its `include`s merged in, so that the
  // archived bytes alone rebuild it (the files it included may change or go).
  const layoutBytes = new Map<string, Buffer>();
  for (const profile of seen.profiles) {
    const spec = seen.profileFiles[profile] === undefined ? undefined : seen.layoutSpecs.get(profile);
    if (spec === undefined) {
      layouts[profile] = { shipped: true };
      continue;
    }
    const bytes = Buffer.from(`${JSON.stringify({ ...spec, include: undefined }, null, 1)}\n`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    layouts[profile] = { sha256, sizeBytes: bytes.length };
    blobs.push({ role: 'layout', name: profile, sha256, sizeBytes: bytes.length });
    layoutBytes.set(sha256, bytes);
  }
  const parameters: ArchivedParameters = {
    accountingDate: params.accountingDate, executionDate: params.executionDate, calendar: params.calendar, createdAt: params.createdAt,
    operator: { ...params.operator }, followSymlinks: params.followSymlinks, auditArithmetic: params.auditArithmetic, engineVersion: params.engineVersion,
    threads: params.threads, batchBytesMax: params.batchBytesMax, batchInvoicesMax: params.batchInvoicesMax, inFlightMax: params.inFlightMax,
    readChunkBytes: params.readChunkBytes, debtOverdueDays: params.debtOverdueDays, inboxDir: params.inboxDir, snapshotPath: params.snapshotPath, outDir: params.outDir,
  };
  const record: RunArchiveRecord = {
    parameters,
    inputs: { files, rejected: seen.inbox.rejected, manifestProblems: seen.inbox.manifestProblems, snapshot: seen.snapshot, layouts },
    blobs,
  };
  return {
    record,
    jobs(snapshotPath, stagedOf = () => undefined) {
      pathOfBlob.set(seen.snapshot.sha256, snapshotPath);
      // One job a digest: the same bytes under two names (a copied inbox file, a link followed)
      // are one blob, and a worker's staged copy of it can be adopted once only.
      const digests = new Set<string>();
      const jobs: ArchiveJob[] = [];
      for (const blob of blobs) {
        if (digests.has(blob.sha256)) continue;
        digests.add(blob.sha256);
        const bytes = layoutBytes.get(blob.sha256);
        if (bytes !== undefined) {
          jobs.push({ kind: 'bytes', bytes });
          continue;
        }
        const staged = blob.role === 'inbox' ? stagedOf(blob.sha256) : undefined;
        jobs.push({ kind: 'file', path: pathOfBlob.get(blob.sha256)!, sha256: blob.sha256, name: blob.name, ...(staged === undefined ? {} : { staged }) });
      }
      return jobs;
    },
  };
}
