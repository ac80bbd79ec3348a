import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDay } from '../scripts/generate/index.js';
import { centsOf, readCsv, readDay, ymdOfIso, type GeneratedDay, type ReadInvoice, type ReadLine, type Row } from './generate.day-reader.js';

/**
 * An oracle written from rules.md and the brief alone — no generator code — that reads the files of
 * a generated day and of its previous day and says which motives each invoice deserves. Every
 * invoice must deserve exactly the motives expected.csv lists (none for PAID, REGULARISATION for an
 * accepted regularisation), and every PAID amount must be the sum of the AMC parts recomputed here
 * with decimal.js from guarantees.csv — for a regularisation, max(0, new − what the previous day
 * paid for the invoice it names), an annulation's new part being 0 (rules.md §6.2). Counters run
 * across both days in input order (rules.md §2.6, §2.9): a ceiling of limits.csv pays min(raw,
 * what remains in its period), refused when declared otherwise; an equipment of
 * equipment-limits.csv under a contrat responsable is refused within 2 years (1 under 16) of one
 * already paid. A paid invoice also deserves its signalements (rules.md §5.2): a ceiling it leaves
 * with 10 % or less, an FSE sent more than 8 working days (paper: 8 days) after its last act
 * (R. 161-47), a missing RO sending date, and the other mentions of R. 161-42 (rules.md S4, seed
 * 002) whose zone the format has: the accident's number under nature d'assurance 41 (4°, the
 * hospital B2 alone has both zones), the exonération code of a line the AMO pays at 100 % (9°,
 * not on paper, which has no such zone).
 *
 * An AMO fund's C2S claim (rules.md §1.11, §4.3, S5; seeds 000/001, D. 861-2 … D. 861-6) is paid
 * to the fund, the lot's emitter, which must be a CAISSE of practitioners.csv with a sound IBAN;
 * the beneficiary's card must say C2S, and the Vitale card must not be on the opposition list at
 * the date of care; the practitioner's protocol terms (securing, 3-month window, transmission
 * signalements) are not the fund's. It is due 7 days after its ARL (FSE), 21 days after sending
 * (paper), 15 more when the paper first went to another fund; paid after that — on the run's
 * execution date, the accounting day or the next TARGET business day — or once the fund's formal
 * notice came, it is paid 10 % more, half-up to the cent, with the signalement MAJORATION_C2S.
 */

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof D>;
const eur = (cents: number): Dec => new D(cents).dividedBy(100);
const r2 = (x: Dec): Dec => x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const toCents = (x: Dec): number => x.times(100).toNumber();
const dmax = (a: Dec, b: Dec): Dec => (a.greaterThan(b) ? a : b);
const dmin = (a: Dec, b: Dec): Dec => (a.lessThan(b) ? a : b);

// The act → domain table of the brief (engine/referential/act-domains.csv).
const ACT_DOMAIN: Record<string, [string, string]> = {
  G: ['MEDG', 'MEDECIN'], GS: ['MEDG', 'MEDECIN'], V: ['MEDG', 'MEDECIN'], VG: ['MEDG', 'MEDECIN'], TCG: ['MEDG', 'MEDECIN'],
  C: ['MEDS', 'MEDECIN'], CS: ['MEDS', 'MEDECIN'], APC: ['MEDS', 'MEDECIN'], AMI: ['INFI', ''], AMK: ['KINE', ''], B: ['LABO', ''],
  PH7: ['PHAR', ''], PH4: ['PHAR', ''], PH2: ['PHAR', ''], OPT: ['OPTI', ''], PRO: ['DEPR', ''], SC: ['DESO', ''], GHS: ['HOSP', ''], FJ: ['FORF', ''],
  MON: ['OPTI', ''], HN: ['XCMP', ''],
};
// Domain groups of rules.md §3.4, narrowest first, for the domains the acts above reach.
const LOOKUP: Record<string, string[]> = {
  MEDG: ['MEDG', 'MEDE', 'MED'], MEDS: ['MEDS', 'MEDE', 'MED'], INFI: ['INFI', 'AUXM', 'RLAX', 'VILL', 'SVIL'],
  KINE: ['KINE', 'AMM', 'AUXM', 'RLAX', 'VILL', 'SVIL'], LABO: ['LABO', 'LARA', 'RLAX', 'VILL', 'SVIL'], PHNO: ['PHNO', 'PHCN', 'PHAR'],
  PHCO: ['PHCO', 'PHCN', 'PHAR'], PHOR: ['PHOR', 'PHAR'], OPTI: ['OPTI', 'OPAU', 'OPDE', 'ODEA'], DEPR: ['DEPR', 'DENT', 'OPDE', 'ODEA'],
  DESO: ['DESO', 'DENT', 'OPDE', 'ODEA'], HOSP: ['HOSP', 'HOSC'], FORF: ['FORF', 'HOSC'],
};

function domainOf(line: ReadLine): string {
  const entry = ACT_DOMAIN[line.actCode];
  if (!entry) throw new Error(`unknown act ${line.actCode}`);
  if (entry[0] !== 'PHAR') return entry[0];
  if ([65, 90, 100].includes(line.amoRate)) return 'PHNO';
  if ([30, 80].includes(line.amoRate)) return 'PHCO';
  if (line.amoRate === 15) return 'PHOR';
  throw new Error(`pharmacy rate ${line.amoRate}`);
}

const nirKeyOf = (nir: string): string => {
  const digits = nir.replace('2A', '19').replace('2B', '18');
  return String(97n - (BigInt(digits) % 97n)).padStart(2, '0');
};

const periodsOf = (rights: string): [number, number][] =>
  rights.split('|').map((p) => {
    const [from = '', to = ''] = p.split('..');
    return [ymdOfIso(from), to === '' ? 99991231 : ymdOfIso(to)];
  });

const addMonths = (ymd: number, months: number): number => {
  const y = Math.floor(ymd / 10000);
  const m = Math.floor(ymd / 100) % 100;
  const d = ymd % 100;
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return ny * 10000 + nm * 100 + Math.min(d, last);
};

/**
 * Receipt day: the manifest date, or the next weekday when a dematerialised file came strictly
 * after 17:00:00 (protocol §9-1); a paper file has no cut-off (§8-2). Weekends only: the generated
 * days hold no holiday.
 */
function receiptDay(file: string, receivedAt: string): number {
  const date = new Date(`${receivedAt.slice(0, 10)}T00:00:00Z`);
  if (!file.startsWith('paper/') && receivedAt.slice(11, 19) > '17:00:00') date.setUTCDate(date.getUTCDate() + 1);
  while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() + 1);
  return Number(date.toISOString().slice(0, 10).replaceAll('-', ''));
}

interface Referential {
  beneficiaries: Map<string, Row[]>;
  practitioners: Map<string, Row>;
  guarantees: Row[];
  pecs: Map<string, Row>;
  limits: Row[];
  /** equipment-limits.csv by act code. */
  equipment: Map<string, Row>;
}

/** The limits.csv row capping a guarantee row on a date. */
function limitFor(ref: Referential, g: Row, date: number): Row | undefined {
  return ref.limits.find((l) => l['contract'] === g['contract'] && l['domain'] === g['domain'] && ymdOfIso(l['valid_from'] ?? '') <= date && (l['valid_to'] === '' || date <= ymdOfIso(l['valid_to'] ?? '')));
}

function guaranteeFor(ref: Referential, contract: string, domain: string, date: number): Row | undefined {
  for (const code of LOOKUP[domain] ?? [domain]) {
    for (const g of ref.guarantees) {
      if (g['contract'] !== contract || g['domain'] !== code) continue;
      const from = ymdOfIso(g['valid_from'] ?? '');
      const to = g['valid_to'] === '' ? 99991231 : ymdOfIso(g['valid_to'] ?? '');
      if (from <= date && date <= to) return g;
    }
  }
  return undefined;
}

/** rules.md §2.1–§2.5 in decimal euros, for one line under one guarantee row. */
function lineAmc(line: ReadLine, g: Row, medecin: boolean, horsParcours: boolean, nonOptam: boolean): number {
  const br = eur(line.base);
  const amo = eur(line.amo);
  const fr = eur(line.fee);
  const tm = dmax(new D(0), br.minus(amo));
  const rest = dmax(new D(0), fr.minus(amo));
  const responsable = g['responsable'] === '1' && medecin;
  const excluded = responsable && horsParcours ? r2(br.times('0.4')) : new D(0);
  const rate = g['rate'] === '' ? new D(0) : new D(g['rate'] ?? '0').dividedBy(100);
  let raw: Dec;
  switch (g['formula']) {
    case 'TM': raw = r2(rate.times(tm)); break;
    case 'BR_INCL_AMO': {
      // R871-2 2°: for a non-OPTAM doctor the part above 100 % BR is min(100 %, r − 120 %).
      const r = responsable && nonOptam && rate.greaterThan(1) ? new D(1).plus(dmin(new D(1), dmax(new D(0), rate.minus('1.2')))) : rate;
      raw = r2(r.times(br)).minus(amo);
      break;
    }
    case 'BR_EXCL_AMO': raw = r2(rate.times(br)); break;
    case 'FR': raw = r2(rate.times(rest)); break;
    case 'UNIT': raw = new D(g['amount'] ?? '0').times(line.quantity); break;
    case 'FORFAIT': raw = new D(g['amount'] ?? '0'); break;
    default: throw new Error(`formula ${g['formula']} is not computed per line`);
  }
  return toCents(dmax(new D(0), dmin(raw, dmax(new D(0), rest.minus(excluded)))));
}

interface Verdict {
  motives: Set<string>;
  /** What the invoice is told if it is paid: never a reason to reject it. */
  signalements: Set<string>;
  amountCents: number;
  /** A C2S claim paid late or under formal notice: the 10 % in amountCents. */
  increaseCents: number;
  /** Lines under a ceiling: their limit, the AMC recomputed and the AMC declared. */
  ceiling?: { limit: Row; rawCents: number; declaredCents: number; careDate: number };
  /** An optical equipment under a contrat responsable: the day its last piece was delivered. */
  deliveredOn?: number;
}

// Closed days of 2026–2027 besides weekends, from rules.md §4.5: French public holidays and the
// TARGET closings (Good Friday, 26 December) — the calendar R. 161-47's working days are counted in.
const CLOSED_DAYS = new Set([
  20260101, 20260403, 20260406, 20260501, 20260508, 20260514, 20260525, 20260714, 20260815, 20261101, 20261111, 20261225, 20261226,
  20270101, 20270326, 20270329, 20270501, 20270508, 20270506, 20270517, 20270714, 20270815, 20271101, 20271111, 20271225, 20271226,
]);

function plusWorkingDays(ymd: number, days: number): number {
  const date = new Date(Date.UTC(Math.floor(ymd / 10000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100));
  for (let left = days; left > 0; ) {
    date.setUTCDate(date.getUTCDate() + 1);
    const day = Number(date.toISOString().slice(0, 10).replaceAll('-', ''));
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6 && !CLOSED_DAYS.has(day)) left--;
  }
  return Number(date.toISOString().slice(0, 10).replaceAll('-', ''));
}

const plusCalendarDays = (ymd: number, days: number): number => {
  const date = new Date(Date.UTC(Math.floor(ymd / 10000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100 + days));
  return Number(date.toISOString().slice(0, 10).replaceAll('-', ''));
};

/** R. 161-47 and R. 161-42 10°: the non-blocking rubric and the transmission term, on an invoice the RO saw. */
function transmissionSignalements(inv: ReadInvoice, signalements: Set<string>): void {
  // Ostéopathie (HN) is no RO act: no feuille de soins went to the RO, it has no date to give.
  if (inv.channel === 'B2_ETAB' || inv.nature === 'A' || inv.lines.every((l) => l.actCode === 'HN')) return;
  if (inv.roSentDate === 0) {
    signalements.add('MENTION_MANQUANTE');
    return;
  }
  const lastAct = Math.max(...inv.lines.map((l) => l.actDate));
  const limit = inv.channel === 'PAPER' ? plusCalendarDays(lastAct, 8) : plusWorkingDays(lastAct, 8);
  if (inv.roSentDate > limit) signalements.add('TRANSMISSION_TARDIVE');
}

/**
 * R. 161-42 4° and 9° (rules.md S4, seed 002; docs/formats.md "Non-blocking rubrics"): mentions due
 * "s'il y a lieu", each told missing by what makes it due. An annulation cancels the care: nothing
 * is due on it.
 */
function mentionSignalements(inv: ReadInvoice, signalements: Set<string>): void {
  if (inv.nature === 'A') return;
  // 4°: an accident du travail (nature d'assurance 41) is identified by its number or date; blank or zeros identify nothing.
  if (inv.channel === 'B2_ETAB' && inv.natureAssurance === '41' && /^0*$/.test(inv.atNumber ?? '')) signalements.add('MENTION_MANQUANTE');
  // 9°: the AMO pays 100 % only under an exonération (rules.md §1.7), which the line's code names;
  // blank and 0 ("sans objet") name none. A hospital service (a Type 3 record: the stay, its
  // forfait) and a medicine irremplaçable (PH1) are at 100 % by their own rate. Paper has no zone.
  const unexplained = (l: ReadLine): boolean => l.amoRate === 100 && l.record !== '3' && l.actCode !== 'PH1' && (l.exoCode.trim() === '' || l.exoCode.trim() === '0');
  if (inv.channel !== 'PAPER' && inv.lines.some(unexplained)) signalements.add('MENTION_MANQUANTE');
}

/** ISO 13616: the IBAN's check digits (mod 97 of the rearranged number is 1). */
function ibanIsSound(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return BigInt(digits) % 97n === 1n;
}

// TARGET2 closing days of 2026–2027 besides weekends (rules.md §4.5): 1 January, Good Friday,
// Easter Monday, 1 May, 25 and 26 December. SEPA transfers are executed on the others.
const TARGET_CLOSED = new Set([20260101, 20260403, 20260406, 20260501, 20261225, 20261226, 20270101, 20270326, 20270329, 20271225, 20271226]);

/** The run's default execution date: the accounting day when TARGET is open, else the next day it is. */
function executionDay(accountingDay: number): number {
  let day = accountingDay;
  for (;;) {
    const weekDay = new Date(Date.UTC(Math.floor(day / 10000), (Math.floor(day / 100) % 100) - 1, day % 100)).getUTCDay();
    if (weekDay !== 0 && weekDay !== 6 && !TARGET_CLOSED.has(day)) return day;
    day = plusCalendarDays(day, 1);
  }
}

/** D. 861-6: the claim's last day, in calendar days from its ARL (FSE) or its sending (paper). */
const claimDueDay = (claim: NonNullable<ReadInvoice['c2s']>): number =>
  plusCalendarDays(claim.startDate, claim.transmission === 'F' ? 7 : 21 + (claim.wrongFund ? 15 : 0));

/** L. 861-3, D. 861-5: 10 % of what the claim is paid, half-up to the cent. */
const c2sIncrease = (paidCents: number): number => toCents(r2(eur(paidCents).times('0.10')));

function judge(inv: ReadInvoice, ref: Referential, receivedDay: number, executionDate: number): Verdict {
  const motives = new Set<string>();
  const signalements = new Set<string>();
  const claim = inv.c2s;
  // A claim's feuille went from the practitioner to the fund: its rubrics were the fund's business.
  if (claim === undefined) {
    transmissionSignalements(inv, signalements);
    mentionSignalements(inv, signalements);
  }
  if (inv.badRecords > 0) motives.add('STRUCTURE_INVALIDE');
  if (nirKeyOf(inv.nir) !== inv.nirKey) motives.add('NIR_INVALIDE');
  if (inv.securingMode === 'D') motives.add('SECURISATION_DEGRADEE');
  const payee = ref.practitioners.get(inv.practitionerId);
  // A claim's payee is the fund; the practitioner it paid only tells whether the doctor is OPTAM.
  const ps = claim === undefined ? payee : ref.practitioners.get(claim.treatingPractitionerId);
  if (claim === undefined && (!payee || payee['kind'] === 'CAISSE')) motives.add('PS_INCONNU');
  if (claim !== undefined) {
    if (payee?.['kind'] !== 'CAISSE') motives.add('CAISSE_INCONNUE');
    else if (!ibanIsSound(payee['iban'] ?? '')) motives.add('CAISSE_IBAN_INVALIDE');
    if (claim.startDate === 0) motives.add('RUBRIQUE_MANQUANTE');
  }
  // Structural coherence the engine checks first (rules.md §1.1, §5.2).
  for (const line of inv.lines) {
    const amo = new D(line.base).times(line.amoRate).dividedBy(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    if (amo !== line.amo || line.amo > line.fee) motives.add('MONTANT_INCOHERENT');
  }
  if (inv.badRecords === 0 && inv.lines.reduce((s, l) => s + l.amc, 0) !== inv.totalAmc) motives.add('TOTAL_INCOHERENT');

  const entries = ref.beneficiaries.get(`${inv.amcNumber}|${inv.nir}`) ?? [];
  let contract: string | undefined;
  if (entries.length === 0) motives.add('BENEF_INCONNU');
  else {
    const match = entries.find(
      (b) => ymdOfIso(b['birth_date'] ?? '') === inv.birthDate && Number(b['birth_rank']) === inv.birthRank && (inv.memberNumber === '' || b['member_number'] === inv.memberNumber),
    );
    if (!match) motives.add('BENEF_HORS_CARTE');
    else {
      contract = match['contract'];
      const cardFrom = ymdOfIso(match['card_from'] ?? '');
      const cardTo = ymdOfIso(match['card_to'] ?? '');
      const rights = periodsOf(match['rights'] ?? '');
      for (const line of inv.lines) {
        if (line.actDate < cardFrom || line.actDate > cardTo) motives.add('CARTE_INVALIDE');
        if (!rights.some(([f, t]) => f <= line.actDate && line.actDate <= t)) motives.add('DROITS_FERMES');
      }
      // D. 861-2: a C2S beneficiary's care is guaranteed unless the card was in opposition on the day of care.
      const opposition = ymdOfIso(match['vitale_opposition_date'] ?? '');
      if (match['c2s'] === '1' && opposition !== 0 && Math.max(...inv.lines.map((l) => l.actDate)) >= opposition) motives.add('OPPOSITION_VITALE');
      if (claim !== undefined && match['c2s'] !== '1') motives.add('C2S_NON_OUVERTE');
    }
  }

  const start = inv.roSentDate !== 0 ? inv.roSentDate : Math.min(...inv.lines.map((l) => l.actDate));
  if (claim === undefined && addMonths(start, 3) < receivedDay) motives.add('HORS_DELAI');

  let amount = 0;
  let ceiling: Verdict['ceiling'];
  let deliveredOn: number | undefined;
  if (contract !== undefined && inv.badRecords === 0) {
    const medecinPs = ps?.['kind'] === 'PS';
    const nonOptam = medecinPs && ps?.['optam'] === '0';
    let pecDeclared = 0;
    let pecDomain = '';
    for (const line of inv.lines) {
      const domain = domainOf(line);
      const g = guaranteeFor(ref, contract, domain, line.actDate);
      if (!g || g['formula'] === 'NOT_COVERED') {
        if (line.amc > 0) motives.add('DOMAINE_NON_COUVERT');
        continue;
      }
      if (g['formula'] === 'PEC') {
        pecDeclared += line.amc;
        pecDomain = domain;
        if (line.amc > line.fee - line.amo) motives.add('MONTANT_AMC_DIFFERENT');
        amount += line.amc;
        continue;
      }
      let computed = lineAmc(line, g, ACT_DOMAIN[line.actCode]?.[1] === 'MEDECIN', inv.horsParcours, nonOptam);
      const item = ref.equipment.get(line.actCode);
      if (item !== undefined && g['responsable'] === '1' && (item['kind'] === 'FRAME' || item['kind'] === 'LENS')) {
        // R871-2 3°: a classe B frame, AMO included, at most 100.00 € (the generated equipment is a frame alone).
        if (item['kind'] === 'FRAME' && item['class'] === 'B') computed = Math.min(computed, 10000 - line.amo);
        deliveredOn = Math.max(deliveredOn ?? 0, line.actDate);
      }
      amount += computed;
      const limit = limitFor(ref, g, line.actDate);
      if (limit !== undefined) {
        // The ceiling may lower the line: what it was declared at is judged with the counter.
        ceiling ??= { limit, rawCents: 0, declaredCents: 0, careDate: Math.min(...inv.lines.map((l) => l.actDate)) };
        ceiling.rawCents += computed;
        ceiling.declaredCents += line.amc;
        continue;
      }
      if (computed !== line.amc) motives.add('MONTANT_AMC_DIFFERENT');
    }
    if (pecDomain !== '') {
      const pec = ref.pecs.get(inv.pecNumber);
      if (inv.pecNumber === '') motives.add('PEC_ABSENTE');
      else if (
        !pec || pec['nir'] !== inv.nir || pec['amc_number'] !== inv.amcNumber || pec['practitioner_id'] !== inv.practitionerId || pec['domain'] !== pecDomain ||
        inv.lines.some((l) => l.actDate < ymdOfIso(pec['valid_from'] ?? '') || l.actDate > ymdOfIso(pec['valid_to'] ?? ''))
      ) motives.add('PEC_INVALIDE');
      else if (pecDeclared > centsOf(pec['granted'] ?? '')) motives.add('PEC_DEPASSEE');
    }
  }
  let increaseCents = 0;
  if (claim !== undefined && (executionDate > claimDueDay(claim) || claim.formalNoticeDate !== 0)) {
    increaseCents = c2sIncrease(amount);
    amount += increaseCents;
    signalements.add('MAJORATION_C2S');
  }
  return { motives, signalements, amountCents: amount, increaseCents, ...(ceiling && { ceiling }), ...(deliveredOn !== undefined && { deliveredOn }) };
}

/**
 * The counters across the previous day and the day, in input order, per beneficiary: what each
 * ceiling's paid invoices took, by date of care, and the equipment delivered. Adds the counter's
 * motive to the verdict, or lowers a ceiling's amount to what remains.
 */
function applyCounters(days: readonly GeneratedDay[], verdicts: ReadonlyMap<ReadInvoice, Verdict>): void {
  const taken = new Map<string, { date: number; cents: number }[]>();
  const delivered = new Map<string, number[]>();
  for (const day of days) {
    for (const inv of day.invoices) {
      const v = verdicts.get(inv);
      if (v === undefined) continue;
      const who = `${inv.amcNumber}|${inv.nir}|${inv.birthDate}|${inv.birthRank}`;
      let owedCents = v.amountCents;
      if (v.ceiling !== undefined) {
        const { limit, careDate } = v.ceiling;
        const key = `${limit['contract']}|${limit['limit_id']}|${who}`;
        const years = Number(limit['years']);
        if (limit['period'] !== 'ROLLING_YEARS' && limit['period'] !== 'CALENDAR_YEAR') throw new Error(`the oracle does not read ${limit['period']}`);
        // The period holds the dates of care after `after` up to `through` (yyyy0100 precedes 1 January).
        const rolling = limit['period'] === 'ROLLING_YEARS';
        const after = rolling ? addMonths(careDate, -12 * years) : Math.floor(careDate / 10000) * 10000 + 100;
        const through = rolling ? careDate : Math.floor(careDate / 10000) * 10000 + 1231;
        const used = (taken.get(key) ?? []).filter((t) => t.date > after && t.date <= through).reduce((sum, t) => sum + t.cents, 0);
        const remaining = Math.max(0, centsOf(limit['amount'] ?? '') - used);
        const allowed = Math.min(v.ceiling.rawCents, remaining);
        if (v.ceiling.declaredCents !== allowed) v.motives.add('PLAFOND_ATTEINT');
        else {
          owedCents = v.amountCents - v.ceiling.rawCents + allowed;
          // 10 % or less of the ceiling left once this invoice is paid: a signalement.
          if ((remaining - allowed) * 10 <= centsOf(limit['amount'] ?? '')) v.signalements.add('PLAFOND_PROCHE');
        }
        if (v.motives.size === 0) taken.set(key, [...(taken.get(key) ?? []), { date: careDate, cents: allowed }]);
      }
      if (v.deliveredOn !== undefined) {
        const years = v.deliveredOn < inv.birthDate + 160000 ? 1 : 2;
        const earlier = delivered.get(who) ?? [];
        if (earlier.some((d) => d > addMonths(v.deliveredOn!, -12 * years) && d < addMonths(v.deliveredOn!, 12 * years))) v.motives.add('RENOUVELLEMENT_ANTICIPE');
        else if (v.motives.size === 0) delivered.set(who, [...earlier, v.deliveredOn]);
      }
      v.amountCents = owedCents;
    }
  }
}

/**
 * The commit step's judgement of a rectificative or an annulation (rules.md §6.2): the invoice it
 * names must have been paid to this practitioner on the previous day, and not be one of this run
 * nor regularised earlier in it. Returns the motive, and for an accepted one what it is owed.
 */
function regularisationVerdicts(day: GeneratedDay, verdicts: Map<ReadInvoice, Verdict>, previousPaid: ReadonlyMap<string, number>): Map<ReadInvoice, { motive: string; owedCents: number }> {
  const out = new Map<ReadInvoice, { motive: string; owedCents: number }>();
  const sentToday = new Set<string>();
  const regularised = new Set<string>();
  for (const inv of day.invoices) {
    if (inv.nature !== 'I') {
      const named = `${inv.practitionerId}|${inv.refersTo}`;
      const paid = previousPaid.get(named);
      if (inv.refersTo === '') out.set(inv, { motive: 'RECTIFICATIVE_SANS_REFERENCE', owedCents: 0 });
      else if (sentToday.has(named) || regularised.has(named)) out.set(inv, { motive: 'RECTIFICATIVE_PREMATUREE', owedCents: 0 });
      else if (paid === undefined) out.set(inv, { motive: 'FACTURE_RECTIFIEE_INCONNUE', owedCents: 0 });
      else {
        regularised.add(named);
        const newCents = inv.nature === 'A' ? 0 : (verdicts.get(inv)?.amountCents ?? 0);
        out.set(inv, { motive: 'REGULARISATION', owedCents: Math.max(0, newCents - paid) });
      }
    }
    sentToday.add(`${inv.practitionerId}|${inv.invoiceNumber}`);
  }
  return out;
}

/** Whole-run rules: exact and functional duplicates in input order, broken lots. */
function runMotives(day: GeneratedDay): Map<ReadInvoice, string[]> {
  const out = new Map<ReadInvoice, string[]>();
  const numbers = new Set<string>();
  const care = new Set<string>();
  const brokenLots = new Set<string>();
  for (const f of day.files) for (const lot of f.lots) if (lot.trailer['invoiceCount'] !== lot.invoices) brokenLots.add(`${f.file}#${lot.lot}`);
  for (const inv of day.invoices) {
    const motives: string[] = [];
    const number = `${inv.practitionerId}|${inv.invoiceNumber}`;
    const acts = inv.lines.map((l) => `${l.actDate}/${l.actCode}/${l.quantity}/${l.coefficient}/${l.fee}`).join(';');
    const careKey = `${inv.practitionerId}|${inv.nir}|${inv.birthDate}|${inv.birthRank}|${acts}`;
    if (numbers.has(number)) motives.push('DOUBLON');
    else if (care.has(careKey)) motives.push('DOUBLON_FONCTIONNEL');
    numbers.add(number);
    care.add(careKey);
    if (brokenLots.has(inv.lot)) motives.push('LOT_INVALIDE');
    out.set(inv, motives);
  }
  return out;
}

function loadReferential(dir: string): Referential {
  const beneficiaries = new Map<string, Row[]>();
  for (const b of readCsv(join(dir, 'referential', 'beneficiaries.csv'))) {
    const key = `${b['amc_number']}|${b['nir']}`;
    const list = beneficiaries.get(key);
    if (list) list.push(b);
    else beneficiaries.set(key, [b]);
  }
  return {
    beneficiaries,
    practitioners: new Map(readCsv(join(dir, 'referential', 'practitioners.csv')).map((p) => [p['billing_id'] ?? '', p])),
    guarantees: readCsv(join(dir, 'referential', 'guarantees.csv')),
    pecs: new Map(readCsv(join(dir, 'referential', 'pecs.csv')).map((p) => [p['pec_number'] ?? '', p])),
    limits: readCsv(join(dir, 'referential', 'limits.csv')),
    equipment: new Map(readCsv(join(dir, 'referential', 'equipment-limits.csv')).map((e) => [e['act_code'] ?? '', e])),
  };
}

/** Each invoice's stateless and whole-run motives and its recomputed AMC. */
function judgeDay(day: GeneratedDay, ref: Referential): Map<ReadInvoice, Verdict> {
  const verdicts = new Map<ReadInvoice, Verdict>();
  const received = new Map(day.manifest.files.map((f) => [f.file, receiptDay(f.file, f.receivedAt)]));
  const execution = executionDay(ymdOfIso(day.manifest.accountingDate));
  const run = runMotives(day);
  for (const inv of day.invoices) {
    const v = judge(inv, ref, received.get(inv.file) ?? 0, execution);
    for (const m of run.get(inv) ?? []) v.motives.add(m);
    verdicts.set(inv, v);
  }
  return verdicts;
}

const REGULARISATION_CATEGORIES = ['RECTIFICATIVE_COMPLEMENT', 'RECTIFICATIVE_INDU', 'ANNULATION'];
/** The motives a paid invoice carries (rules.md §5.2). */
const SIGNALEMENTS = ['REGULARISATION', 'TRANSMISSION_TARDIVE', 'MENTION_MANQUANTE', 'PLAFOND_PROCHE', 'MAJORATION_C2S'];
/** The funds' claims paid as liquidated, and those paid 10 % more (docs/development.md). */
const C2S_PAID_AS_LIQUIDATED = ['C2S_FSE_DANS_LE_DELAI', 'C2S_PAPIER_DANS_LE_DELAI', 'C2S_PAPIER_AUTRE_CAISSE'];
const C2S_INCREASED = ['C2S_FSE_EN_RETARD', 'C2S_PAPIER_EN_RETARD', 'C2S_MISE_EN_DEMEURE'];
const C2S_REFUSED = ['C2S_NON_OUVERTE', 'CAISSE_INCONNUE'];
/**
 * The paid invoices built to carry one signalement (docs/development.md), and the channels whose
 * formats have the rubric: each category must be met on every one of them.
 */
const SIGNALEMENT_CATEGORIES: Record<string, { motive: string; channels: string[] }> = {
  TRANSMISSION_TARDIVE: { motive: 'TRANSMISSION_TARDIVE', channels: ['B2_PS', 'DRE', 'PAPER'] },
  MENTION_DATE_ENVOI_RO: { motive: 'MENTION_MANQUANTE', channels: ['B2_PS', 'DRE', 'PAPER'] },
  MENTION_EXONERATION: { motive: 'MENTION_MANQUANTE', channels: ['B2_ETAB', 'B2_PS', 'DRE'] },
  MENTION_ACCIDENT: { motive: 'MENTION_MANQUANTE', channels: ['B2_ETAB'] },
};

describe('every generated invoice deserves exactly the outcome expected.csv gives it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tpliq-gen-out-'));
  let day: GeneratedDay;
  let previous: GeneratedDay;
  let ref: Referential;
  let verdicts = new Map<ReadInvoice, Verdict>();
  let previousVerdicts = new Map<ReadInvoice, Verdict>();
  let regularisations = new Map<ReadInvoice, { motive: string; owedCents: number }>();
  beforeAll(async () => {
    await generateDay({ outDir: dir, seed: 2026, targetLines: 20_000 });
    day = readDay(dir);
    previous = readDay(join(dir, 'previous'));
    ref = loadReferential(dir);
    previousVerdicts = judgeDay(previous, ref);
    verdicts = judgeDay(day, ref);
    applyCounters([previous, day], new Map([...previousVerdicts, ...verdicts]));
    // What the previous day paid, by practitioner and invoice number: the invoices it deserved to pay.
    const previousPaid = new Map<string, number>();
    for (const [inv, v] of previousVerdicts) if (v.motives.size === 0) previousPaid.set(`${inv.practitionerId}|${inv.invoiceNumber}`, v.amountCents);
    regularisations = regularisationVerdicts(day, verdicts, previousPaid);
    for (const [inv, r] of regularisations) verdicts.get(inv)?.motives.add(r.motive);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejected invoices deserve exactly the one motive they were built for; paid ones deserve none', () => {
    const wrong: string[] = [];
    day.invoices.forEach((inv, i) => {
      const row = day.expected[i] as Row;
      const expectedMotives = (row['expected_motives'] ?? '') === '' ? [] : (row['expected_motives'] ?? '').split('|');
      const v = verdicts.get(inv);
      // Signalements only ride on a paid invoice: a rejection is what the practitioner acts on.
      const paidByOracle = v !== undefined && [...v.motives].every((m) => m === 'REGULARISATION');
      const got = [...(v?.motives ?? []), ...(paidByOracle ? (v?.signalements ?? []) : [])].sort();
      if (JSON.stringify(got) !== JSON.stringify(expectedMotives.sort())) {
        wrong.push(`${inv.file} ${inv.invoiceNumber} ${row['category']}: expected [${expectedMotives}] got [${got}]`);
      }
      const paid = expectedMotives.every((m) => SIGNALEMENTS.includes(m));
      expect(row['expected_status']).toBe(paid ? 'PAID' : 'REJECTED');
      if (REGULARISATION_CATEGORIES.includes(row['category'] ?? '')) expect(expectedMotives).toEqual(['REGULARISATION']);
      else if (row['category'] === 'PLAFONNEE') expect(expectedMotives).toEqual(['PLAFOND_PROCHE']);
      else if (C2S_INCREASED.includes(row['category'] ?? '')) expect(expectedMotives).toEqual(['MAJORATION_C2S']);
      else if (C2S_PAID_AS_LIQUIDATED.includes(row['category'] ?? '')) expect(expectedMotives).toEqual([]);
      else if (row['category'] !== undefined && row['category'] in SIGNALEMENT_CATEGORIES) expect(expectedMotives).toEqual([SIGNALEMENT_CATEGORIES[row['category']]?.motive]);
      else if (row['category'] !== 'VALID') expect(expectedMotives).toEqual([row['category']]);
    });
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it('signalement invoices: each category on every channel with its rubric, paid as declared', () => {
    const channels = new Map<string, Set<string>>();
    day.invoices.forEach((inv, i) => {
      const row = day.expected[i] as Row;
      const category = row['category'] ?? '';
      if (!(category in SIGNALEMENT_CATEGORIES)) return;
      const met = channels.get(category) ?? new Set<string>();
      channels.set(category, met.add(inv.channel));
      const v = verdicts.get(inv);
      expect([row['expected_status'], [...(v?.motives ?? [])], [...(v?.signalements ?? [])]]).toEqual(['PAID', [], [SIGNALEMENT_CATEGORIES[category]?.motive]]);
      // Paid what the practitioner declared, which is what the oracle recomputes from the card.
      expect(centsOf(row['expected_amount'] ?? '')).toBe(inv.totalAmc);
      expect(v?.amountCents).toBe(inv.totalAmc);
    });
    const wanted = Object.fromEntries(Object.entries(SIGNALEMENT_CATEGORIES).map(([c, { channels: on }]) => [c, on]));
    expect(Object.fromEntries([...channels].map(([c, on]) => [c, [...on].sort()]))).toEqual(wanted);
  });

  it('the previous day is all valid: every invoice paid what the oracle recomputes', () => {
    expect(previous.invoices.length).toBeGreaterThan(50);
    expect(previous.manifest.accountingDate).toBe('2026-11-20'); // the TARGET business day before Monday 23
    previous.invoices.forEach((inv, i) => {
      const row = previous.expected[i] as Row;
      const v = previousVerdicts.get(inv);
      expect([row['category'], row['expected_status'], [...(v?.motives ?? [])], [...(v?.signalements ?? [])]]).toEqual(['VALID', 'PAID', [], []]);
      expect(centsOf(row['expected_amount'] ?? '')).toBe(previousVerdicts.get(inv)?.amountCents);
    });
  });

  it('a regularisation is paid max(0, new − paid the day before): complements, indus and annulations on every channel', () => {
    const seen = new Set<string>();
    day.invoices.forEach((inv, i) => {
      const row = day.expected[i] as Row;
      const category = row['category'] ?? '';
      const r = regularisations.get(inv);
      if (!REGULARISATION_CATEGORIES.includes(category)) {
        if (r?.motive === 'REGULARISATION') throw new Error(`${inv.file} ${inv.invoiceNumber}: an accepted regularisation expected as ${category}`);
        return;
      }
      seen.add(`${category} ${inv.channel}`);
      expect(inv.nature).toBe(category === 'ANNULATION' ? 'A' : 'R');
      expect(r?.motive).toBe('REGULARISATION');
      const owed = centsOf(row['expected_amount'] ?? '');
      expect(owed).toBe(r?.owedCents);
      // A complement is owed only when the new part exceeds what was paid; an indu or an annulation pays nothing.
      if (category === 'RECTIFICATIVE_COMPLEMENT') expect(owed).toBeGreaterThan(0);
      else expect(owed).toBe(0);
      if (category === 'RECTIFICATIVE_INDU') expect(verdicts.get(inv)?.amountCents).toBeGreaterThan(0);
    });
    for (const category of REGULARISATION_CATEGORIES) {
      for (const channel of ['B2_PS', 'B2_ETAB', 'DRE']) expect(seen, `${category} on ${channel}`).toContain(`${category} ${channel}`);
    }
    expect([...seen].some((s) => s.endsWith(' PAPER')), 'a regularisation on paper').toBe(true);
  });

  it('each paid amount is the sum of the lines recomputed with decimal.js from the CSV guarantees, and what the practitioner declared', () => {
    let paid = 0;
    day.invoices.forEach((inv, i) => {
      const row = day.expected[i] as Row;
      if (row['expected_status'] !== 'PAID') {
        expect(row['expected_amount']).toBe('0.00');
        return;
      }
      // Regularisations: what is owed is checked above; the declared part is the new one.
      if (REGULARISATION_CATEGORIES.includes(row['category'] ?? '')) {
        expect(inv.totalAmc).toBe(inv.nature === 'A' ? inv.totalAmc : verdicts.get(inv)?.amountCents);
        return;
      }
      paid++;
      const amount = verdicts.get(inv)?.amountCents ?? -1;
      expect(centsOf(row['expected_amount'] ?? '')).toBe(amount);
      // A claim is declared as the fund liquidated it: the increase is the AMC's own.
      expect(inv.totalAmc).toBe(amount - (verdicts.get(inv)?.increaseCents ?? 0));
      expect(amount).toBeGreaterThan(0);
    });
    expect(paid).toBeGreaterThan(day.invoices.length * 0.9);
  });

  it('the counters meet the previous day: ceilings refused or lowered to what remains, early renewals refused', () => {
    const seen = new Map<string, number>();
    day.invoices.forEach((inv, i) => {
      const category = day.expected[i]?.['category'] ?? '';
      if (!['PLAFOND_ATTEINT', 'PLAFONNEE', 'RENOUVELLEMENT_ANTICIPE'].includes(category)) return;
      seen.set(category, (seen.get(category) ?? 0) + 1);
      const v = verdicts.get(inv);
      if (category === 'RENOUVELLEMENT_ANTICIPE') expect(v?.deliveredOn).toBeGreaterThan(0);
      else {
        // The ceiling binds: what the sessions would pay is more than what is paid or declared.
        expect(v?.ceiling?.rawCents).toBeGreaterThan(category === 'PLAFONNEE' ? (v?.amountCents ?? 0) : (v?.ceiling?.declaredCents ?? 0) - 1);
      }
    });
    for (const category of ['PLAFOND_ATTEINT', 'PLAFONNEE', 'RENOUVELLEMENT_ANTICIPE']) expect(seen.get(category) ?? 0, category).toBeGreaterThan(5);
  });

  it('C2S claims: each category is what its dates and rows make it, paid as declared or 10 % more, half-up', () => {
    const execution = executionDay(ymdOfIso(day.manifest.accountingDate));
    const seen = new Map<string, number>();
    const funds = new Set<string>();
    const unknownLots = new Set<string>();
    const increasedDeclared: number[] = [];
    day.invoices.forEach((inv, i) => {
      const row = day.expected[i] as Row;
      const category = row['category'] ?? '';
      const claim = inv.c2s;
      expect(claim !== undefined, `${inv.file} ${inv.invoiceNumber} ${category}`).toBe([...C2S_PAID_AS_LIQUIDATED, ...C2S_INCREASED, ...C2S_REFUSED].includes(category));
      if (claim === undefined) return;
      seen.set(category, (seen.get(category) ?? 0) + 1);
      const due = claimDueDay(claim);
      const fund = ref.practitioners.get(inv.practitionerId);
      const card = ref.beneficiaries.get(`${inv.amcNumber}|${inv.nir}`)?.find((b) => ymdOfIso(b['birth_date'] ?? '') === inv.birthDate);
      const where = `${inv.file} ${inv.invoiceNumber} ${category}`;
      switch (category) {
        case 'C2S_FSE_DANS_LE_DELAI':
          expect([claim.transmission, execution <= due, claim.formalNoticeDate], where).toEqual(['F', true, 0]);
          break;
        case 'C2S_PAPIER_DANS_LE_DELAI':
          expect([claim.transmission, claim.wrongFund, execution <= due, claim.formalNoticeDate], where).toEqual(['P', false, true, 0]);
          break;
        case 'C2S_PAPIER_AUTRE_CAISSE':
          // Past 21 days from sending, within the 15 more a first sending to another fund gives.
          expect([claim.transmission, claim.wrongFund, execution > plusCalendarDays(claim.startDate, 21), execution <= due, claim.formalNoticeDate], where).toEqual(['P', true, true, true, 0]);
          break;
        case 'C2S_FSE_EN_RETARD':
          expect([claim.transmission, execution > due], where).toEqual(['F', true]);
          break;
        case 'C2S_PAPIER_EN_RETARD':
          expect([claim.transmission, execution > due], where).toEqual(['P', true]);
          break;
        case 'C2S_MISE_EN_DEMEURE':
          // In time: the notice alone brings the increase.
          expect([execution <= due, claim.formalNoticeDate >= claim.startDate, claim.formalNoticeDate <= ymdOfIso(day.manifest.accountingDate)], where).toEqual([true, true, true]);
          break;
        case 'C2S_NON_OUVERTE':
          expect(card?.['c2s'], where).toBe('0');
          break;
        case 'CAISSE_INCONNUE':
          expect(fund, where).toBeUndefined();
          unknownLots.add(inv.lot);
          break;
      }
      if (category !== 'C2S_NON_OUVERTE') expect([card?.['c2s'], card?.['contract']], where).toEqual(['1', 'C2S']);
      if (category !== 'CAISSE_INCONNUE') {
        expect(fund?.['kind'], where).toBe('CAISSE');
        funds.add(inv.practitionerId);
      }
      if (row['expected_status'] !== 'PAID') return;
      const increase = C2S_INCREASED.includes(category) ? new D(inv.totalAmc).times('0.1').toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() : 0;
      if (increase > 0) increasedDeclared.push(inv.totalAmc);
      expect(centsOf(row['expected_amount'] ?? ''), where).toBe(inv.totalAmc + increase);
    });
    for (const category of [...C2S_PAID_AS_LIQUIDATED, ...C2S_INCREASED, ...C2S_REFUSED]) expect(seen.get(category) ?? 0, category).toBeGreaterThan(3);
    expect(funds.size).toBeGreaterThanOrEqual(2);
    expect(unknownLots.size).toBe(1);
    // Some increases are exactly half a cent (rounded up), some more or less than half.
    expect(increasedDeclared.some((c) => c % 10 === 5)).toBe(true);
    expect(increasedDeclared.some((c) => c % 10 > 5)).toBe(true);
    expect(increasedDeclared.some((c) => c % 10 > 0 && c % 10 < 5)).toBe(true);
  });

  it('the valid invoices span the realistic cases: ALD, Alsace-Moselle, hors parcours, dépassements, PEC, the four channels', () => {
    const valid = day.invoices.filter((_, i) => day.expected[i]?.['category'] === 'VALID');
    const lines = valid.flatMap((inv) => inv.lines.map((l) => ({ inv, l })));
    // ALD (AMO 100 %): a consultation then leaves nothing to the AMC unless there is a dépassement.
    expect(lines.some(({ l }) => l.actCode === 'PH7' && l.amoRate === 100)).toBe(true);
    expect(lines.some(({ l }) => l.actCode === 'GHS' && l.amoRate === 100)).toBe(true);
    expect(lines.some(({ l }) => l.actCode === 'G' && l.amoRate === 90)).toBe(true); // Alsace-Moselle
    expect(valid.some((inv) => inv.horsParcours && inv.lines.every((l) => l.amoRate === 30))).toBe(true);
    expect(lines.some(({ l }) => l.actCode === 'CS' && l.fee > l.base)).toBe(true); // dépassement
    expect(new Set(lines.map(({ l }) => l.actCode))).toEqual(new Set(['G', 'GS', 'VG', 'TCG', 'C', 'CS', 'APC', 'AMI', 'AMK', 'B', 'PH7', 'PH4', 'PH2', 'SC', 'PRO', 'OPT', 'GHS', 'FJ']));
    expect(new Set(lines.map(({ l }) => l.amoRate))).toEqual(new Set([0, 15, 30, 60, 65, 70, 80, 90, 100]));
    expect(valid.some((inv) => inv.pecNumber !== '')).toBe(true);
    expect(new Set(valid.map((inv) => inv.channel))).toEqual(new Set(['B2_PS', 'B2_ETAB', 'DRE', 'PAPER']));
    const contracts = new Set(valid.map((inv) => ref.beneficiaries.get(`${inv.amcNumber}|${inv.nir}`)?.[0]?.['contract']));
    expect(contracts).toEqual(new Set(['RESP-TM100', 'RESP-BR150', 'RESP-BR200', 'NR-ESSENTIEL', 'NR-FR100', 'NR-SURCO', 'C2S']));
  });
});
