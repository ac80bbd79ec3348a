import type { EquipmentItem } from '../domain/equipment.js';
import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { ActDomain, Guarantee } from '../domain/referential.js';
import type { ReferentialView } from '../domain/referential-view.js';
import { domainLookupOrder } from './domain-groups.js';
import { motive } from './motive-factory.js';

/** What the card says about each line of an invoice: parallel arrays, one entry per line. */
export interface InvoiceCoverage {
  /** The act's entry in the act-domain table; undefined when the act code is unknown. */
  readonly acts: (ActDomain | undefined)[];
  /** The line's elementary domain after the pharmacy refinement; '' when the act is unknown. */
  readonly domains: string[];
  /** The guarantee found for the line (possibly NOT_COVERED); undefined when none. */
  readonly guarantees: (Guarantee | undefined)[];
  /** The line's 100 % Santé classification at its act date; undefined for unclassified acts. */
  readonly equipment: (EquipmentItem | undefined)[];
}

/** Domain every medicine maps to before its AMO rate says which pharmacy domain it is. */
export const PHARMACY_DOMAIN = 'PHAR';

/**
 * A medicine's pharmacy domain from the AMO rate of the line (rules.md §1.2, §3.4): 65 % → PHNO
 * ("65 % et accessoires", the accessoires being LPP at 60 %), 30 % → PHCO, 15 % → PHOR; the
 * irreplaceable and costly medicines at 100 % go with PHNO. Alsace-Moselle raises 65 % to 90 %
 * and 30 % to 80 % (§1.8): the same medicines, the same domains. Any other rate keeps PHAR.
 */
export function pharmacyDomain(amoRatePercent: number): string {
  switch (amoRatePercent) {
    case 100:
    case 90:
    case 65:
    case 60:
      return 'PHNO';
    case 80:
    case 30:
      return 'PHCO';
    case 15:
      return 'PHOR';
    default:
      return PHARMACY_DOMAIN;
  }
}

/**
 * Resolves each line's domain and guarantee under the beneficiary's contract at the line's act
 * date (guarantees are effective-dated). Without a contract (no beneficiary found) only the acts
 * and domains are resolved: the deadline rule still needs to know which acts the RO reimburses.
 */
export function resolveCoverage(invoice: Invoice, ref: ReferentialView, contract: string | undefined): InvoiceCoverage {
  const count = invoice.lines.length;
  const acts = new Array<ActDomain | undefined>(count);
  const domains = new Array<string>(count);
  const guarantees = new Array<Guarantee | undefined>(count);
  const equipment = new Array<EquipmentItem | undefined>(count);
  for (let i = 0; i < count; i++) {
    const line = invoice.lines[i]!;
    const act = ref.actDomain(line.actCode);
    const domain = act === undefined ? '' : act.domain === PHARMACY_DOMAIN ? pharmacyDomain(line.amoRatePercent) : act.domain;
    let guarantee: Guarantee | undefined;
    if (contract !== undefined && domain !== '') {
      for (const code of domainLookupOrder(domain)) {
        guarantee = ref.guarantee(contract, code, line.actDate);
        if (guarantee !== undefined) break;
      }
    }
    acts[i] = act;
    domains[i] = domain;
    guarantees[i] = guarantee;
    // One map lookup for an act the equipment table does not list.
    equipment[i] = ref.equipmentItem(line.actCode, line.actDate);
  }
  return { acts, domains, guarantees, equipment };
}

/** True when the guarantee pays something for the line's domain. */
export const isCovered = (guarantee: Guarantee | undefined): guarantee is Guarantee =>
  guarantee !== undefined && guarantee.formula !== 'NOT_COVERED';

/**
 * Protocol §3 (rules.md P1, P2): the guarantee covers only the prestations the card lists.
 * A line outside the card rejects the invoice when the practitioner claims a complementary part
 * for it. A line claimed at 0.00 is not a request for payment — the pharmacy example of rules.md
 * §2.10 bills a PHOR box at AMC 0.00 on a card covering only PHNO/PHCO and is paid 9.10 — so it
 * does not reject the lines the card does cover.
 */
export function checkCoverage(invoice: Invoice, coverage: InvoiceCoverage, motives: Motive[]): void {
  for (let i = 0; i < invoice.lines.length; i++) {
    const line = invoice.lines[i]!;
    if (line.amcDeclaredCents === 0 || isCovered(coverage.guarantees[i])) continue;
    const domain = coverage.domains[i] ?? '';
    const what = domain === '' ? `acte ${line.actCode} inconnu` : `${line.actCode}, domaine ${domain}`;
    motives.push(motive('DOMAINE_NON_COUVERT', `(ligne ${line.lineNo} : ${what})`));
    return; // one motive per invoice names the first line; the others fail for the same reason
  }
}
