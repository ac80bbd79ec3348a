import { formatFr } from '../calendar/ymd.js';
import { MOTIVES } from '../domain/motive.js';
import type { PaperNoticeLine } from '../domain/paper-notice-line.js';
import { cents } from '../domain/units.js';
import { formatEurosFr } from '../money/euros.js';

/**
 * What a notice says of one accounting day's paper invoices (protocol §8-3): those put in payment,
 * with the day's global transfer they are part of, and those rejected, each with its motives in
 * clear. The daily e-mail holds one such section, the monthly summary one per day of the month.
 * `lines` are in the run's input order.
 */
export function accountingDaySection(lines: readonly PaperNoticeLine[], day: string): string[] {
  const paid = lines.filter((d) => d.status === 'PAID');
  const rejected = lines.filter((d) => d.status === 'REJECTED');
  const out: string[] = [];
  if (paid.length === 0) {
    out.push('Factures mises en paiement : aucune.');
  } else {
    out.push(`Factures mises en paiement : ${paid.length}, pour un total de ${eurosText(sumOf(paid, 'paidCents'))}.`);
    for (const d of paid) out.push(`  - facture ${d.invoiceNumber} reçue le ${formatFr(d.receivedDate)} : ${eurosText(d.paidCents)}`);
    out.push(`Ce montant est compris dans le virement global de la journée comptable du ${day}.`);
  }
  out.push('');
  if (rejected.length === 0) {
    out.push('Factures rejetées : aucune.');
  } else {
    out.push(`Factures rejetées : ${rejected.length}.`);
    for (const d of rejected) {
      out.push(`  - facture ${d.invoiceNumber} reçue le ${formatFr(d.receivedDate)}, montant demandé ${eurosText(d.claimedCents)}`);
      for (const motive of d.motives) out.push(`      motif ${MOTIVES[motive.code].noemie} : ${motive.label}`);
    }
  }
  return out;
}

/** An amount of integer cents as the notices print it: « 1 234,56 € ». */
export const eurosText = (amountCents: number): string => `${formatEurosFr(cents(amountCents))} €`;

/** Σ of one cents field: integers only, so the sum is exact. */
export const sumOf = (lines: readonly PaperNoticeLine[], field: 'paidCents' | 'claimedCents'): number =>
  lines.reduce((sum, line) => sum + line[field], 0);
