import { isDeepStrictEqual } from 'node:util';
import { decodeLiquidationResult, decodeLiquidationResultWithProtobufjs, encodeLiquidationResult } from '../codecs/proto/liquidation-codec.js';
import type { FileRun } from './in-process-liquidation.js';
import { isSignalement } from '../engine/domain/motive.js';

/**
 * What must hold of any file the engine liquidates, however mangled: the in-process tier's
 * properties, checked on what intake and the commit step reported for one mutated file. Each
 * problem is one line naming where it was seen. Only what the engine guarantees is asserted:
 *   - the file is read and closed once (never refused: it is a regular file on disk);
 *   - every invoice framed is decided exactly once (outcomes = invoices framed = decisions, each
 *     run-wide sequence number once);
 *   - a decision is whole: PAID with no motive, paying the recomputed amount, never more than
 *     claimed; or REJECTED with at least one motive and paying nothing;
 *   - amounts are integers of cents;
 *   - every invoice, lot and file error has a stable TPLIQ_ code and its line;
 *   - no error message or motive names a beneficiary of the day by NIR;
 *   - the worker's result decodes to what protobufjs reads from the .proto, and encodes back to
 *     the same bytes (nothing lost crossing threads);
 *   - the arithmetic audit (decimal.js) agrees with the integer arithmetic on every line.
 */
const CODE = /^TPLIQ_[A-Z0-9_]+$/;

const isCents = (n: number): boolean => Number.isSafeInteger(n);

export function fileRunProblems(run: FileRun, nirs: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: () => string): void => {
    if (!ok) problems.push(what());
  };
  const { taskResult, committed } = run;
  expect(run.rejections.length === 0, () => `file refused: ${run.rejections.map((r) => r.code).join(', ')}`);
  expect(run.files.length === 1, () => `${run.files.length} file closes for one file`);

  const decoded = decodeLiquidationResult(taskResult.outcomes);
  const framed = taskResult.lotOfInvoice.length;
  expect(decoded.outcomes.length === framed, () => `${framed} invoices framed, ${decoded.outcomes.length} outcomes`);
  expect(run.totals.invoices === framed, () => `intake counted ${run.totals.invoices} invoices, ${framed} framed`);
  expect(committed.length === framed, () => `${framed} invoices framed, ${committed.length} decided`);
  const sequences = committed.map((c) => c.decision.sequence).sort((a, b) => a - b);
  expect(sequences.every((s, i) => s === i), () => `sequence numbers are not each of 0..${framed - 1} once: ${sequences.slice(0, 20).join(',')}`);
  expect(decoded.auditMismatches === 0 && run.totals.auditMismatches === 0, () => `${decoded.auditMismatches} lines where decimal.js disagrees with the integer arithmetic`);

  const codedWithLine = (where: string, e: { code: string; line?: number | undefined; message: string }): void => {
    expect(CODE.test(e.code), () => `${where}: error without a stable code: ${e.code}`);
    expect(Number.isSafeInteger(e.line) && e.line! >= 1, () => `${where}: ${e.code} without its line`);
    checkPrivate(`${where}: ${e.code}`, e.message);
  };
  const checkPrivate = (where: string, text: string): void => {
    // Every 13-digit window of every run of digits: a NIR followed by its key is still a NIR.
    for (const digits of text.match(/\d{13,}/g) ?? []) {
      for (let i = 0; i + 13 <= digits.length; i++) expect(!nirs.has(digits.slice(i, i + 13)), () => `${where} names a beneficiary's NIR`);
    }
  };

  for (const { decision: d, outcome } of committed) {
    const at = `${d.file}:${d.line} invoice ${d.invoiceNumber}`;
    expect(isCents(d.paidCents) && isCents(d.claimedCents) && isCents(outcome.computedAmcCents) && isCents(outcome.feeCents) && isCents(outcome.pecCents), () => `${at}: amounts not whole cents`);
    if (d.status === 'PAID') {
      // A paid invoice carries signalements only (a late FSE, a missing RO date…): never a rejection motive.
      expect(d.motives.every((m) => isSignalement(m.code)), () => `${at}: PAID with motives ${d.motives.map((m) => m.code).join(',')}`);
      expect(d.paidCents === outcome.computedAmcCents && d.paidCents >= 0 && d.paidCents <= d.claimedCents, () => `${at}: PAID ${d.paidCents} cents, computed ${outcome.computedAmcCents}, claimed ${d.claimedCents}`);
    } else {
      expect(d.status === 'REJECTED', () => `${at}: status ${String(d.status)}`);
      expect(d.motives.length > 0 && d.motives.every((m) => String(m.code) !== ''), () => `${at}: REJECTED without a motive`);
      expect(d.paidCents === 0, () => `${at}: REJECTED paying ${d.paidCents} cents`);
    }
    for (const m of d.motives) checkPrivate(`${at}: motive ${m.code}`, m.label);
    for (const e of outcome.errors) codedWithLine(at, e);
  }
  for (const lot of run.lots) for (const e of lot.errors) codedWithLine(`lot ${lot.lot.lotNumber}`, e);
  for (const f of run.files) {
    for (const e of f.close?.errors ?? []) codedWithLine('file', e);
    for (const e of f.errors) codedWithLine('file', e);
  }

  // Decoded again from the bytes: the commit step above may have renumbered the first decoding's outcomes.
  const fresh = decodeLiquidationResult(taskResult.outcomes);
  expect(isDeepStrictEqual(fresh, decodeLiquidationResultWithProtobufjs(taskResult.outcomes)), () => 'the engine decodes the result otherwise than protobufjs');
  expect(Buffer.from(encodeLiquidationResult(fresh)).equals(taskResult.outcomes), () => 'the decoded result does not encode back to the same bytes');
  return problems;
}
