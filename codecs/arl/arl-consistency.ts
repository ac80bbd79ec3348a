import type { CodecError, CodecErrorCode, CodecLocation } from '../fixed-width/codec-error.js';
import { codecError } from '../fixed-width/codec-error.js';
import type { ArlCounts, ArlError } from './arl-model.js';

/**
 * What makes an ARL say one thing (formats.md §5 placeholder model [R]). Shared by the writer,
 * which refuses to write an ARL that breaks them, and the reader, which reports them:
 *
 * - the status agrees with the errors: negative ⇔ at least one error (A1);
 * - an invoice-level error names its invoice;
 * - accepted ≤ received, and the invoices not accepted are exactly those named by invoice-level
 *   errors — fewer named is allowed only when a file or lot error condemns the lot anyway;
 * - what was read matches the lot trailer (count and amount), unless a file or lot error reports
 *   that it does not (a missing trailer is such a mismatch).
 */

export interface ArlView {
  /** As read: anything other than P or N is reported. */
  status: string;
  counts: ArlCounts;
  errors: readonly ArlError[];
}

/** Lines of the ARL's entities, for the reader; the writer has none. */
export interface ArlLines {
  file?: string;
  header?: number;
  counts?: number;
  /** Line of each error entity, in the order of `errors`. */
  errors?: readonly number[];
}

export function arlProblems(arl: ArlView, lines: ArlLines = {}): CodecError[] {
  const problems: CodecError[] = [];
  const at = (line: number | undefined, extra: CodecLocation = {}): CodecLocation => {
    const where: CodecLocation = { ...extra };
    if (lines.file !== undefined) where.file = lines.file;
    if (line !== undefined) where.line = line;
    return where;
  };
  const report = (code: CodecErrorCode, message: string, where: CodecLocation): void => {
    problems.push(codecError(code, message, where));
  };

  const errorCount = arl.errors.length;
  if (arl.status !== 'P' && arl.status !== 'N') {
    report('TPLIQ_ARL_STATUS_INCONSISTENT', `status "${arl.status}" is neither P (positive) nor N (negative)`, at(lines.header));
  } else if (arl.status === 'N' && errorCount === 0) {
    report('TPLIQ_ARL_STATUS_INCONSISTENT', 'negative ARL without any error entity', at(lines.header));
  } else if (arl.status === 'P' && errorCount > 0) {
    report('TPLIQ_ARL_STATUS_INCONSISTENT', `positive ARL with ${errorCount} error entit${errorCount === 1 ? 'y' : 'ies'}`, at(lines.header));
  }

  const named = new Set<string>();
  let lotCondemned = false;
  arl.errors.forEach((e, i) => {
    if (e.level !== 'invoice') lotCondemned = true;
    else if (e.invoiceNumber === '') report('TPLIQ_ARL_STRUCTURE', `invoice-level error ${e.code} names no invoice`, at(lines.errors?.[i]));
    else named.add(e.invoiceNumber);
  });

  const c = arl.counts;
  const notAccepted = c.invoicesReceived - c.invoicesAccepted;
  if (notAccepted < 0) {
    report('TPLIQ_ARL_COUNT_MISMATCH', `${c.invoicesAccepted} invoices accepted out of ${c.invoicesReceived} received`, at(lines.counts));
  } else if (named.size > notAccepted) {
    report('TPLIQ_ARL_COUNT_MISMATCH', `${named.size} invoices named by errors, but only ${notAccepted} not accepted`, at(lines.counts));
  } else if (named.size < notAccepted && !lotCondemned) {
    report('TPLIQ_ARL_COUNT_MISMATCH', `${notAccepted} invoices not accepted, but only ${named.size} named by an error`, at(lines.counts));
  }
  if (!lotCondemned) {
    if (c.declaredInvoices !== c.invoicesReceived) {
      const declared = c.declaredInvoices === null ? 'no lot trailer' : `the lot trailer declares ${c.declaredInvoices} invoices`;
      report('TPLIQ_ARL_COUNT_MISMATCH', `${c.invoicesReceived} invoices received, ${declared}, and no file or lot error says so`, at(lines.counts));
    }
    if (c.declaredAmountCents !== c.receivedAmountCents) {
      const declared = c.declaredAmountCents === null ? 'no lot trailer' : `the lot trailer declares ${c.declaredAmountCents}`;
      report('TPLIQ_ARL_TOTAL_MISMATCH', `${c.receivedAmountCents} cents received, ${declared}, and no file or lot error says so`, at(lines.counts));
    }
  }
  return problems;
}
