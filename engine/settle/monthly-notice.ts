import { compactMonth, frenchMonth, type CalendarMonth } from '../calendar/calendar-month.js';
import { formatFr } from '../calendar/ymd.js';
import type { DatedPaperNoticeLine } from '../domain/paper-notice-line.js';
import type { Practitioner } from '../domain/referential.js';
import type { DateYmd } from '../domain/units.js';
import { accountingDaySection, eurosText, sumOf } from './notice-sections.js';

/**
 * The monthly summary of a practitioner without an e-mail address (protocol §8-3, rules.md P10):
 * the paper invoices put in payment and those rejected during the calendar month, with their
 * motives in clear, grouped by accounting day, then the month's totals. It is consolidated from
 * the ledger (engine/ledger/paper-notice-lines.ts), never appended to: each run writes the whole
 * month to date of the practitioners it decided paper invoices for, and `tpliq notices monthly`
 * the whole month of every one. The same lines give the same bytes, whoever writes them.
 */
export interface MonthlyNoticeRequest {
  billingId: string;
  /** undefined when the referential does not know the practitioner: the notice still goes out. */
  practitioner: Practitioner | undefined;
  month: CalendarMonth;
  /** The last accounting day the notice covers: the run's own, or the month's latest for the command. */
  throughDate: DateYmd;
  /** The month's paper invoices of the practitioner, by accounting day, then in each run's input order. */
  lines: readonly DatedPaperNoticeLine[];
  /** Signs the notice, e.g. "Mut'Santé". */
  operatorName: string;
}

/** The folder of a month's notices, under a notices folder. */
export const monthlyNoticeFolder = (month: CalendarMonth): string => `monthly/${compactMonth(month)}`;

/** Where a month's notice of a practitioner goes, under a notices folder. */
export const monthlyNoticePath = (month: CalendarMonth, billingId: string): string => `${monthlyNoticeFolder(month)}/${billingId}.txt`;

export function monthlyNoticeText(request: MonthlyNoticeRequest): string {
  const { billingId, practitioner, lines } = request;
  const name = practitioner?.name ?? 'professionnel de santé inconnu du référentiel';
  const out = [
    `==== ${request.operatorName} — factures papier de ${frenchMonth(request.month)} ====`,
    `Professionnel de santé : ${name} (n° de facturation ${billingId})`,
    `Journées comptables du mois jusqu'au ${formatFr(request.throughDate)} inclus.`,
  ];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.accountingDate < lines[i - 1]!.accountingDate) throw new Error(`monthly notice of ${billingId}: lines out of accounting-day order`);
  }
  let at = 0;
  while (at < lines.length) {
    const accountingDate = lines[at]!.accountingDate;
    let end = at;
    while (end < lines.length && lines[end]!.accountingDate === accountingDate) end++;
    const day = formatFr(accountingDate);
    out.push('', `-- Journée comptable du ${day} --`, ...accountingDaySection(lines.slice(at, end), day));
    at = end;
  }
  const paid = lines.filter((line) => line.status === 'PAID');
  const rejected = lines.filter((line) => line.status === 'REJECTED');
  out.push(
    '',
    `Total du mois : factures mises en paiement : ${paid.length}, pour ${eurosText(sumOf(paid, 'paidCents'))} ; ` +
      `factures rejetées : ${rejected.length}, pour un montant demandé de ${eurosText(sumOf(rejected, 'claimedCents'))}.`,
  );
  return out.join('\n') + '\n';
}
