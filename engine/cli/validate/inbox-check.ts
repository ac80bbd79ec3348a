import type { CodecError } from '../../../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../../../codecs/fixed-width/compiled-layout.js';
import type { CalendarKind } from '../../calendar/banking-calendar.js';
import { rejectionOfReadError, type InboxRejection } from '../../intake/inbox-rejection.js';
import { openRegularFile } from '../../intake/open-regular-file.js';
import { WholeFileReader } from '../../pipeline/whole-file-reader.js';
import { listInbox } from '../../run/inbox.js';
import type { ManifestProblem } from '../../run/inbox-manifest.js';
import { checkInputFile, invoicesOf, problemsOf, type InputFileCheck } from './input-file-check.js';

/** One inbox file as `validate --inbox` sums it up. */
export interface InboxFileReport {
  name: string;
  kind: 'B2' | 'PAPER';
  profile: string;
  lots: number;
  invoices: number;
  /** Every problem of the file: file-level, lot envelopes, invoices (framing and decoding). */
  errors: CodecError[];
}

/**
 * What a run would find wrong with an inbox before liquidating anything. The three lists a run
 * puts in summary.json `inputs` come out the same, code for code and line for line, because they
 * are made by the same code: `errors` (file-level, as `inputs.errors`), `rejected` and `manifest`.
 */
export interface InboxCheck {
  files: InboxFileReport[];
  /** As summary.json `inputs.errors`: file-level problems of every file, in input order. */
  errors: CodecError[];
  /** As summary.json `inputs.rejected`: entries refused at listing or unreadable when read. */
  rejected: InboxRejection[];
  /** As summary.json `inputs.manifest`. */
  manifest: ManifestProblem[];
}

/**
 * Lists the inbox as a run does (listInbox: same order, same rejections, same manifest problems),
 * reads each file as a worker does (openRegularFile, whole) and checks it (checkInputFile). The
 * calendar only dates receipts, which no structural check depends on.
 */
export async function checkInbox(inboxDir: string, options: { followSymlinks: boolean; calendar: CalendarKind; layouts?: ReadonlyMap<string, CompiledLayout> }): Promise<InboxCheck> {
  const listing = listInbox(inboxDir, options.calendar, { followSymlinks: options.followSymlinks });
  const reader = new WholeFileReader();
  const files: InboxFileReport[] = [];
  const errors: CodecError[] = [];
  const rejected = [...listing.rejected];
  for (const file of listing.files) {
    let bytes: Buffer;
    try {
      bytes = reader.read(file.path, (path) => openRegularFile(path, options.followSymlinks));
    } catch (error) {
      // As in a run: a file gone or changed since the listing is a rejection, after those of the listing.
      const rejection = rejectionOfReadError(error, file.name, options.followSymlinks);
      if (rejection === undefined) throw error;
      rejected.push(rejection);
      continue;
    }
    const check: InputFileCheck = await checkInputFile(bytes, file.name, file.kind, options.layouts);
    errors.push(...check.fileErrors);
    files.push({
      name: file.name, kind: file.kind, profile: check.profile, lots: check.lots.length,
      invoices: invoicesOf(check).length, errors: problemsOf(check),
    });
  }
  return { files, errors, rejected, manifest: listing.manifestProblems };
}
