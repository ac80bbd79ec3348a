import type { RspFile } from '../../codecs/noemie/rsp-model.js';
import type { Cents } from '../domain/units.js';
import { formatEuros } from '../money/euros.js';
import { sameNumber, selects, type InspectSelection } from './inspect-selection.js';
import type { InputFileCheck } from './validate/input-file-check.js';

/** One lot in `inspect --summary`: amounts in integer cents, and in euros as text for people. */
export interface LotSummary {
  lot: string;
  /** Line of the lot header (B2 family). */
  line?: number;
  invoices: number;
  claimedAmcCents: number;
  claimedAmc: string;
  /** NOEMIE: what the AMC pays for the lot's invoices. */
  paidAmcCents?: number;
  paidAmc?: string;
}

export interface FileSummary {
  format: 'B2' | 'NOEMIE';
  file: string;
  profile?: string;
  lots: LotSummary[];
  totals: Omit<LotSummary, 'lot' | 'line'> & { lots: number };
}

/**
 * Per lot of a B2 / DRE file: its invoices and the AMC they claim (Σ of each invoice's declared
 * AMC amounts, as the run reads them). No identity of anyone: no NIR to mask here.
 */
export function summariseB2(check: InputFileCheck, selection: InspectSelection): FileSummary {
  const lots: LotSummary[] = [];
  for (const lot of check.lots) {
    if (selection.lot !== undefined && !sameNumber(selection.lot, lot.lotNumber)) continue;
    const wanted = selection.invoice;
    const invoices = wanted === undefined ? lot.invoices : lot.invoices.filter((i) => sameNumber(wanted, i.invoiceNumber));
    if (wanted !== undefined && invoices.length === 0) continue;
    lots.push(lotSummary(lot.lotNumber, invoices.length, sum(invoices.map((i) => i.claimedAmcCents)), undefined, lot.line));
  }
  return { format: 'B2', file: check.name, profile: check.profile, lots, totals: totalsOf(lots, false) };
}

/** Per lot of a NOEMIE return (a lot may hold invoices of several AMCs): invoices, claimed and paid. */
export function summariseRsp(path: string, file: RspFile, selection: InspectSelection): FileSummary {
  const byLot = new Map<string, { invoices: number; claimedCents: number; paidCents: number }>();
  for (const group of file.groups) {
    for (const invoice of group.invoices) {
      if (!selects(selection, invoice.lot, invoice.invoiceNumber)) continue;
      let lot = byLot.get(invoice.lot);
      if (lot === undefined) byLot.set(invoice.lot, (lot = { invoices: 0, claimedCents: 0, paidCents: 0 }));
      lot.invoices++;
      lot.claimedCents += invoice.claimedCents;
      lot.paidCents += invoice.paidCents;
    }
  }
  const lots = [...byLot].map(([lot, t]) => lotSummary(lot, t.invoices, t.claimedCents, t.paidCents));
  return { format: 'NOEMIE', file: path, lots, totals: totalsOf(lots, true) };
}

export function formatSummary(summary: FileSummary): string {
  const amounts = (s: Omit<LotSummary, 'lot'>): string => `claimed AMC ${s.claimedAmc} EUR${s.paidAmc === undefined ? '' : `, paid ${s.paidAmc} EUR`}`;
  const out = [`${summary.format}${summary.profile === undefined ? '' : ` ${summary.profile}`} ${summary.file}`];
  for (const lot of summary.lots) out.push(`  lot ${lot.lot}${lot.line === undefined ? '' : ` (line ${lot.line})`}: ${lot.invoices} invoices, ${amounts(lot)}`);
  const t = summary.totals;
  out.push(`  total: ${t.lots} lots, ${t.invoices} invoices, ${amounts(t)}`);
  return out.join('\n');
}

function lotSummary(lot: string, invoices: number, claimedCents: number, paidCents?: number, line?: number): LotSummary {
  return {
    lot, ...(line === undefined ? {} : { line }), invoices, claimedAmcCents: claimedCents, claimedAmc: formatEuros(claimedCents as Cents),
    ...(paidCents === undefined ? {} : { paidAmcCents: paidCents, paidAmc: formatEuros(paidCents as Cents) }),
  };
}

function totalsOf(lots: readonly LotSummary[], withPaid: boolean): FileSummary['totals'] {
  const claimed = sum(lots.map((l) => l.claimedAmcCents));
  const paid = sum(lots.map((l) => l.paidAmcCents ?? 0));
  return {
    lots: lots.length, invoices: sum(lots.map((l) => l.invoices)), claimedAmcCents: claimed, claimedAmc: formatEuros(claimed as Cents),
    ...(withPaid ? { paidAmcCents: paid, paidAmc: formatEuros(paid as Cents) } : {}),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
