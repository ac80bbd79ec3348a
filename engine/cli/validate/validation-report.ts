import { formatCodecError } from '../../../codecs/fixed-width/codec-error.js';
import type { InboxRejection } from '../../intake/inbox-rejection.js';
import type { ManifestProblem } from '../../run/inbox-manifest.js';
import { redactNirs } from '../mask-nir.js';
import type { InboxCheck } from './inbox-check.js';
import type { FileValidation } from './validate-file.js';

/**
 * What `tpliq validate` prints, for people (one problem a line, then one summary line) or, with
 * --json, for machines. Problem texts never hold a NIR by design; they are passed through
 * redactNirs all the same, as everything that leaves the process about input content.
 */

export function fileReportText(v: FileValidation): string {
  const lines = v.errors.map((e) => formatCodecError(e));
  const what = `${v.format === 'UNKNOWN' ? 'unknown format' : v.format}${v.profile ? ` ${v.profile}` : ''}`;
  const counts = [v.lots === undefined ? '' : `${v.lots} lots`, v.invoices === undefined ? '' : `${v.invoices} invoices`].filter((c) => c !== '');
  const tail = counts.length > 0 ? ` (${counts.join(', ')})` : '';
  lines.push(v.errors.length === 0 ? `${v.file}: valid ${what}${tail}` : `${v.file}: ${what}${tail}: ${v.errors.length} problem${v.errors.length === 1 ? '' : 's'}`);
  return redactNirs(lines.join('\n'));
}

export function fileReportJson(v: FileValidation): string {
  return redactNirs(JSON.stringify({ ...v, valid: v.errors.length === 0 }, null, 2));
}

/** Problems that make an inbox not clean: every error; a manifest warning (an unused entry) does not. */
export function inboxProblemCount(check: InboxCheck): number {
  const fileProblems = check.files.reduce((n, f) => n + f.errors.length, 0);
  return fileProblems + check.rejected.length + check.manifest.filter((m) => m.severity === 'error').length;
}

export function inboxReportText(inbox: string, check: InboxCheck): string {
  const out: string[] = [];
  for (const m of check.manifest) out.push(manifestLine(m));
  for (const r of check.rejected) out.push(rejectionLine(r));
  for (const f of check.files) {
    for (const e of f.errors) out.push(formatCodecError(e));
    const profile = f.profile === '' ? '' : ` ${f.profile}`;
    out.push(`${f.name}: ${f.kind === 'PAPER' ? 'paper CSV' : 'B2'}${profile}, ${f.lots} lots, ${f.invoices} invoices, ${f.errors.length} errors`);
  }
  const problems = inboxProblemCount(check);
  out.push(`inbox ${inbox}: ${check.files.length} files, ${check.rejected.length} rejected entries, ${problems === 0 ? 'clean' : `${problems} problems found`}`);
  return redactNirs(out.join('\n'));
}

export function inboxReportJson(inbox: string, check: InboxCheck): string {
  return redactNirs(JSON.stringify({ inbox, valid: inboxProblemCount(check) === 0, ...check }, null, 2));
}

function rejectionLine(r: InboxRejection): string {
  return `${r.code} ${r.name}: ${r.message}`;
}

function manifestLine(m: ManifestProblem): string {
  const place = [m.file, m.line ?? '', m.column ?? ''].filter((p) => p !== '').join(':');
  return `${m.code} ${place}${m.entry === undefined ? '' : ` ${m.entry}`}: ${m.severity === 'warning' ? 'warning: ' : ''}${m.message}`;
}
