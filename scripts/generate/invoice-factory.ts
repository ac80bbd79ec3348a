import { ACTS, GHS_TARIFFS_CENTS, HORS_PARCOURS_AMO_RATE_PERCENT, MEDICINE_BOX_PRICES_CENTS, lineDomain, type ActSpec } from './act-catalog.js';
import type { BeneficiaryPool, SpecialPool } from './beneficiary-pool.js';
import { pays, type GuaranteeBook, type GuaranteeRow } from './contracts.js';
import { plusDays } from './dates.js';
import { digits, foreignNirBody, nirKeyOf, wrongNirKey } from './identities.js';
import { amoCents, type LineAmcCalculator } from './line-amc.js';
import type { InvoiceCategory, GenBeneficiary, GenInvoice, GenLine, GenPractitioner, GeneratedChannel, PractitionerProfile } from './model.js';
import { hash32, type Prng } from './prng.js';

/**
 * Builds one invoice: a beneficiary met on a date, the acts its practitioner bills, the AMO part
 * as the AMO computes it and the AMC part as the card computes it — then, for an anomaly, the one
 * change that makes the engine reject it for that reason and no other.
 *
 * No accidental duplicates. The engine rejects a second invoice with the same practitioner,
 * beneficiary, date, act and amount (rules.md §5.3), so two independent invoices must never meet
 * the same beneficiary on the same day. Invoices take beneficiaries in turns through a permutation
 * of the ordinary pool: the k-th invoice meets beneficiary perm(k mod N) in round ⌊k / N⌋, and its
 * date of care is 1 + ((h(b) + 7·round) mod 45) days before the run — distinct for every round of
 * the same beneficiary. All lines of an invoice share that date. The special pools are taken in
 * turns the same way.
 */

/** Valid care happens within the 45 days before the run, well inside every 3-month window. */
export const CARE_WINDOW_DAYS = 45;
/** Late invoices (HORS_DELAI) are for care 120–164 days old: past 3 months by any reading. */
export const LATE_CARE_DAYS_MIN = 120;
/** OPTI / DEPR card ceilings used to size a PEC: frame 100.00, lenses 320.00 (≤ 420.00 with the frame, R871-2 3°), crown HLF 500.00. */
const FRAME_CAP_CENTS = 10000;
const LENSES_CAP_CENTS = 32000;
/** The HLF of the generator's 100 % Santé crown: also its row of equipment-limits.csv. */
export const CROWN_CAP_CENTS = 50000;
const ATTEMPTS_MAX = 8;
/**
 * A number no practitioner is ever given: numbers start below 900 000 001 (practitioners.ts) and
 * a practitioner would need a hundred million invoices to reach it.
 */
export const NEVER_ISSUED_INVOICE_NUMBER = '999999999';

export const MEDECIN_PROFILES: ReadonlySet<PractitionerProfile> = new Set(['GENERALISTE', 'SPECIALISTE_S1', 'SPECIALISTE_OPTAM', 'SPECIALISTE_NON_OPTAM']);
const CAISSES = ['751', '691', '131', '311', '331', '591', '441', '061', '341', '351'] as const;
const CAISSES_ALSACE_MOSELLE = ['671', '681', '571'] as const;

export interface PecRow {
  readonly pecNumber: string;
  readonly amcNumber: string;
  readonly nir: string;
  readonly practitionerId: string;
  readonly domain: string;
  readonly grantedCents: number;
  readonly validFrom: number;
  readonly validTo: number;
}

export interface FactoryWorld {
  readonly accountingYmd: number;
  readonly pool: BeneficiaryPool;
  readonly book: GuaranteeBook;
  readonly calculator: LineAmcCalculator;
}

interface Care {
  readonly beneficiary: GenBeneficiary;
  readonly actDate: number;
  /** Days between the act and the run (bounds a hospital stay). */
  readonly daysBeforeRun: number;
}

interface Flags {
  ald: boolean;
  horsParcours: boolean;
  forceConsultation: boolean;
}

/** Which acts a dentist bills on this invoice: conservative care or prosthesis under PEC. */
type DentalVariant = 'SC' | 'PRO';

/** An invoice neither exonerated nor hors parcours. */
const NO_FLAGS: Pick<Flags, 'ald' | 'horsParcours'> = { ald: false, horsParcours: false };

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

export class InvoiceFactory {
  private ordinaryTurn = 0;
  private readonly specialTurns = new Map<SpecialPool, number>();
  private foreignSerial = 0;
  private pecSerial = 0;
  private readonly permMultiplier: number;
  private readonly permOffset: number;

  constructor(
    private readonly world: FactoryWorld,
    private readonly rng: Prng,
    private readonly onPec: (row: PecRow) => void,
    /** PEC numbers follow this serial: two factories writing one pecs.csv start apart. */
    firstPecSerial = 0,
  ) {
    this.pecSerial = firstPecSerial;
    const n = world.pool.ordinaryCount;
    let m = (2_654_435_761 % n) || 1;
    while (gcd(m, n) !== 1) m++;
    this.permMultiplier = m;
    this.permOffset = rng.int(0, n - 1);
  }

  /**
   * An invoice of `category` from `practitioner` on `channel`, or undefined when this practitioner
   * cannot make that anomaly here (the caller then asks for a valid one).
   * `earlierNumber` is the number of the lot's earlier valid invoice: the one an exact duplicate
   * (DOUBLON) repeats, or a premature rectificative (RECTIFICATIVE_PREMATUREE) names.
   * `exonerated` asks an ALD invoice (a valid one, or undefined when this practitioner cannot make
   * one whose AMC part is above zero).
   */
  build(channel: GeneratedChannel, practitioner: GenPractitioner, category: InvoiceCategory, earlierNumber = '', exonerated = false): GenInvoice | undefined {
    const care = this.care(category);
    for (let attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
      const invoice = this.attempt(channel, practitioner, category, care, attempt, exonerated);
      if (invoice !== undefined) {
        if (category === 'DOUBLON') invoice.invoiceNumber = earlierNumber;
        else invoice.invoiceNumber = this.nextNumber(practitioner);
        // Refused rectificatives: a fresh care, sound in every other way, that names an invoice
        // the commit step cannot regularise.
        if (category === 'RECTIFICATIVE_PREMATUREE' || category === 'FACTURE_RECTIFIEE_INCONNUE') {
          invoice.nature = 'R';
          invoice.refersTo = category === 'RECTIFICATIVE_PREMATUREE' ? earlierNumber : NEVER_ISSUED_INVOICE_NUMBER;
        }
        this.finishPec(invoice, category);
        return invoice;
      }
    }
    if (category === 'VALID' && !exonerated) throw new Error(`could not build a valid invoice for ${practitioner.profile} ${practitioner.billingId}`);
    return undefined;
  }

  /** The practitioner's next n° de facture (9 digits, unique per practitioner across channels). */
  nextNumber(practitioner: GenPractitioner): string {
    const n = practitioner.nextInvoiceNumber++;
    if (n > 999_999_999) throw new RangeError(`practitioner ${practitioner.billingId} ran out of 9-digit invoice numbers`);
    return String(n).padStart(9, '0');
  }

  /** The beneficiary and the date of care, taking the next turn of the right pool. */
  private care(category: InvoiceCategory): Care {
    const pool = this.world.pool;
    const special: SpecialPool | undefined =
      category === 'CARTE_INVALIDE' ? 'EXPIRED_CARD' : category === 'DROITS_FERMES' ? 'RIGHTS_CLOSED' : category === 'DOMAINE_NON_COUVERT' ? 'BASIC' : undefined;
    let index: number;
    let round: number;
    if (special !== undefined) {
      const turn = this.specialTurns.get(special) ?? 0;
      this.specialTurns.set(special, turn + 1);
      index = pool.specialIndex(special, turn);
      round = Math.floor(turn / pool.specialCount);
    } else {
      const turn = this.ordinaryTurn++;
      index = (((turn % pool.ordinaryCount) * this.permMultiplier) % pool.ordinaryCount + this.permOffset) % pool.ordinaryCount;
      round = Math.floor(turn / pool.ordinaryCount);
    }
    if (round >= CARE_WINDOW_DAYS) {
      throw new RangeError(`beneficiary ${index} would be met a ${round + 1}th time: the pool is too small for the day`);
    }
    const offset = 1 + ((hash32(0x5a1d, index) + 7 * round) % CARE_WINDOW_DAYS);
    const daysBeforeRun = category === 'HORS_DELAI' ? LATE_CARE_DAYS_MIN - 1 + offset : offset;
    return { beneficiary: pool.at(index), actDate: plusDays(this.world.accountingYmd, -daysBeforeRun), daysBeforeRun };
  }

  private attempt(channel: GeneratedChannel, practitioner: GenPractitioner, category: InvoiceCategory, care: Care, attempt: number, exonerated: boolean): GenInvoice | undefined {
    const rng = this.rng;
    const ben = care.beneficiary;
    const medecin = MEDECIN_PROFILES.has(practitioner.profile);
    const flags: Flags = {
      // ALD exonerates médecin, auxiliary, biology, pharmacy and hospital care (rules.md §1.7).
      // An invoice asked exonerated is ALD at every attempt (and draws nothing for it).
      ald: (attempt === 0 || exonerated) && category !== 'DOMAINE_NON_COUVERT' && practitioner.profile !== 'OPTICIEN' && practitioner.profile !== 'DENTISTE' &&
        (exonerated || rng.chance(0.1)),
      // Hors parcours: adults seeing a généraliste or secteur 1 specialist without referral (§1.4);
      // never with a dépassement, ALD, Alsace-Moselle or C2S, where the reading of the caps is unsettled.
      horsParcours: false,
      forceConsultation: attempt > 0,
    };
    flags.horsParcours =
      channel !== 'B2_ETAB' && (practitioner.profile === 'GENERALISTE' || practitioner.profile === 'SPECIALISTE_S1') &&
      ben.adult && !ben.alsaceMoselle && !ben.c2s && !flags.ald && rng.chance(0.06);
    const dental: DentalVariant =
      category === 'PEC_ABSENTE' || category === 'PEC_DEPASSEE' ? 'PRO'
        : category === 'DOMAINE_NON_COUVERT' || category === 'MONTANT_AMC_DIFFERENT' || category === 'DOUBLON' ||
          category === 'RECTIFICATIVE_PREMATUREE' || category === 'FACTURE_RECTIFIEE_INCONNUE' ? 'SC'
          : rng.chance(0.3) ? 'PRO' : 'SC';

    const lines = this.actLines(practitioner.profile, care, flags, dental, category);
    const nonOptam = practitioner.kind === 'PS' && medecin && !practitioner.optam;
    const uncovered = this.price(lines, ben, flags, nonOptam);

    if (category === 'DOMAINE_NON_COUVERT') {
      // The practitioner claims the TM of a line the card does not list.
      const line = uncovered.find((l) => l.baseCents > l.amoCents);
      if (line === undefined) return undefined;
      line.amcDeclaredCents = line.baseCents - line.amoCents;
    }
    let total = 0;
    for (const line of lines) total += line.amcDeclaredCents;
    if (total === 0) return undefined;

    const invoice = this.invoiceAround(channel, practitioner, ben, care.actDate, lines, category, flags);
    if (channel === 'B2_ETAB') {
      const stay = lines[0] as GenLine;
      invoice.entryDate = stay.actDate;
      invoice.exitDate = stay.endDate === 0 ? stay.actDate : stay.endDate;
      invoice.entryNumber = String(rng.int(1, 999_999_999)).padStart(9, '0');
    }
    if (!this.applyAnomaly(invoice, category)) return undefined;
    invoice.expectedAmountCents = category === 'VALID' ? total : 0;
    return invoice;
  }

  /**
   * An invoice of `lines` from `practitioner` to `ben`, everything but its number and amounts:
   * the date the RO was sent, the FSE a DRE goes with, the beneficiary's caisse.
   */
  invoiceAround(
    channel: GeneratedChannel, practitioner: GenPractitioner, ben: GenBeneficiary, actDate: number, lines: GenLine[], category: InvoiceCategory,
    flags: Pick<Flags, 'ald' | 'horsParcours'> = NO_FLAGS,
  ): GenInvoice {
    const rng = this.rng;
    return {
      invoiceNumber: '',
      practitioner,
      nature: 'I',
      refersTo: '',
      contract: ben.contract,
      amcNumber: ben.amcNumber,
      memberNumber: ben.memberNumber,
      nir: ben.nir,
      nirKey: ben.nirKey,
      birthDate: ben.birthDate,
      birthRank: ben.birthRank,
      roSentDate: channel === 'B2_ETAB' ? 0 : Math.min(plusDays(actDate, rng.int(0, 3)), this.world.accountingYmd),
      horsParcours: flags.horsParcours,
      pecNumber: '',
      securingMode: 'V',
      exoCode: flags.ald ? '4' : ' ',
      entryDate: 0,
      exitDate: 0,
      linkedFseNumber: channel === 'DRE' ? String(rng.int(1, 999_999_999)).padStart(9, '0') : '',
      entryNumber: '',
      caisse: ben.alsaceMoselle ? rng.pick(CAISSES_ALSACE_MOSELLE) : (CAISSES[hash32(0xca155e, Number(ben.memberNumber.slice(-6))) % CAISSES.length] as string),
      lines,
      malformedLine: -1,
      malformation: undefined,
      category,
      expectedAmountCents: 0,
    };
  }

  /** The acts of one invoice (amounts not yet priced). */
  private actLines(profile: PractitionerProfile, care: Care, flags: Flags, dental: DentalVariant, category: InvoiceCategory): GenLine[] {
    const rng = this.rng;
    const date = care.actDate;
    const lines: GenLine[] = [];
    const add = (spec: ActSpec, quantity: number, coefficientHundredths: number, unitPriceCents: number, depassementCents = 0, record: 'T3' | 'T4' = 'T4', endDate = 0): void => {
      const product = unitPriceCents * coefficientHundredths * quantity;
      if (product % 100 !== 0) throw new RangeError(`${spec.code}: base ${product / 100} is not whole cents`);
      lines.push({
        spec, record, actDate: date, endDate, quantity, coefficientHundredths, unitPriceCents,
        baseCents: product / 100, amoRatePercent: 0, amoCents: 0, feeCents: product / 100 + depassementCents,
        amcDeclaredCents: 0, exoCode: ' ',
      });
    };
    switch (profile) {
      case 'GENERALISTE': {
        const x = rng.float();
        add(x < 0.75 ? ACTS.G : x < 0.85 ? ACTS.VG : x < 0.95 ? ACTS.TCG : ACTS.GS, 1, 100, 3000);
        break;
      }
      case 'SPECIALISTE_S1': {
        const x = rng.float();
        const spec = x < 0.7 ? ACTS.CS : x < 0.9 ? ACTS.APC : ACTS.C;
        add(spec, 1, 100, spec.unitPriceCents);
        break;
      }
      case 'SPECIALISTE_OPTAM': {
        const spec = rng.chance(0.8) ? ACTS.CS : ACTS.APC;
        add(spec, 1, 100, spec.unitPriceCents, rng.chance(0.85) ? rng.pick([500, 1000, 1500, 2000, 2500, 3000]) : 0);
        break;
      }
      case 'SPECIALISTE_NON_OPTAM':
        add(ACTS.CS_NON_OPTAM, 1, 100, ACTS.CS_NON_OPTAM.unitPriceCents, rng.chance(0.9) ? rng.pick([1000, 1500, 2000, 3000, 4000, 5000, 6000]) : 0);
        break;
      case 'INFIRMIER':
        for (let i = rng.int(1, 3); i > 0; i--) add(ACTS.AMI, 1, rng.pick([100, 200, 300, 400]), ACTS.AMI.unitPriceCents);
        break;
      case 'KINE':
        add(ACTS.AMK, 1, rng.pick([800, 900, 1000]), ACTS.AMK.unitPriceCents);
        break;
      case 'LABORATOIRE':
        for (let i = rng.int(2, 6); i > 0; i--) add(ACTS.B, 1, rng.pick([1700, 2000, 2500, 3000, 4000, 5000, 7000, 10000, 12000, 15000]), ACTS.B.unitPriceCents);
        break;
      case 'PHARMACIE': {
        for (let i = rng.int(1, 6); i > 0; i--) {
          const x = rng.float();
          add(x < 0.6 ? ACTS.PH7 : x < 0.85 ? ACTS.PH4 : ACTS.PH2, rng.chance(0.7) ? 1 : rng.int(2, 3), 100, rng.pick(MEDICINE_BOX_PRICES_CENTS));
        }
        if (category === 'DOMAINE_NON_COUVERT' && !lines.some((l) => l.spec !== ACTS.PH7)) {
          const first = lines[0] as GenLine;
          lines[0] = { ...first, spec: ACTS.PH4 };
        }
        break;
      }
      case 'DENTISTE':
        if (dental === 'SC') {
          for (let i = rng.int(1, 3); i > 0; i--) add(ACTS.SC, 1, rng.pick([700, 1200, 1600, 2000, 3000]), ACTS.SC.unitPriceCents);
        } else {
          for (let i = rng.int(1, 2); i > 0; i--) add(ACTS.PRO, 1, 100, ACTS.PRO.unitPriceCents, rng.pick([42000, 50000, 55000, 65000]) - ACTS.PRO.unitPriceCents);
        }
        break;
      case 'OPTICIEN':
        // A frame and a pair of simple lenses, classe B (rules.md §2.6).
        add(ACTS.OPT, 1, 100, ACTS.OPT.unitPriceCents, rng.pick([8900, 12000, 15000, 18900, 24000]) - 5);
        add(ACTS.OPT, 2, 100, ACTS.OPT.unitPriceCents, rng.pick([12000, 18000, 26000, 34000, 42000]) - 10);
        break;
      case 'ETABLISSEMENT': {
        const days = rng.int(0, Math.min(8, care.daysBeforeRun - 1));
        const exit = plusDays(date, days);
        add(ACTS.GHS, 1, 100, rng.pick(GHS_TARIFFS_CENTS), 0, 'T3', exit);
        // The forfait journalier is billed when the stay's own participation does not absorb it:
        // exonerated stays (rules.md §1.9, L174-4), one per day including the day of discharge.
        if (flags.ald || care.beneficiary.alsaceMoselle) add(ACTS.FJ, days + 1, 100, ACTS.FJ.unitPriceCents, 0, 'T3', exit);
        if (flags.forceConsultation || rng.chance(0.3)) add(ACTS.CS, 1, 100, ACTS.CS.unitPriceCents);
        break;
      }
    }
    return lines;
  }

  /**
   * AMO rate and amount, dépassement, and the AMC the card gives each line. Returns the lines the
   * card does not cover (their AMC stays 0, as a practitioner bills a PHOR box on a card without it).
   */
  private price(lines: GenLine[], ben: GenBeneficiary, flags: Flags, nonOptam: boolean): GenLine[] {
    const { book, calculator } = this.world;
    const uncovered: GenLine[] = [];
    for (const line of lines) {
      const spec = line.spec;
      const medecinAct = spec.family === 'MEDECIN';
      let rate = ben.alsaceMoselle ? spec.amoRateAlsaceMosellePercent : spec.amoRatePercent;
      if (flags.ald) rate = Math.max(rate, spec.amoRateAldPercent);
      if (flags.horsParcours && medecinAct) rate = HORS_PARCOURS_AMO_RATE_PERCENT;
      line.amoRatePercent = rate;
      line.amoCents = amoCents(line.baseCents, rate);
      line.exoCode = flags.ald ? '4' : ' ';
      const guarantee = book.resolve(ben.contract, lineDomain(spec, rate), line.actDate);
      if (spec.pecRequired) {
        if (!guarantee || guarantee.formula !== 'PEC') throw new Error(`contract ${ben.contract} has no PEC guarantee for ${spec.code}`);
        line.amcDeclaredCents = Math.min(line.feeCents, this.pecCap(line)) - line.amoCents;
        continue;
      }
      if (line.feeCents > line.baseCents && !this.depassementAllowed(guarantee, medecinAct, nonOptam, ben, flags)) {
        line.feeCents = line.baseCents;
      }
      if (pays(guarantee)) {
        line.amcDeclaredCents = calculator.amcCents(
          guarantee,
          { baseCents: line.baseCents, amoCents: line.amoCents, feeCents: line.feeCents, quantity: line.quantity },
          { medecinAct, horsParcours: flags.horsParcours, nonOptam },
        );
      } else {
        line.amcDeclaredCents = 0;
        uncovered.push(line);
      }
    }
    return uncovered;
  }

  /**
   * Dépassements only where the contract's computation is unambiguous (see contracts.ts): never for
   * C2S beneficiaries (tarifs opposables), never hors parcours, and not on a médecin act of a
   * non-OPTAM doctor under a contrat responsable written on FR or on % BR without the AMO.
   */
  private depassementAllowed(guarantee: GuaranteeRow | undefined, medecinAct: boolean, nonOptam: boolean, ben: GenBeneficiary, flags: Flags): boolean {
    if (ben.c2s || flags.horsParcours) return false;
    if (guarantee && guarantee.responsable && medecinAct && nonOptam && (guarantee.formula === 'FR' || guarantee.formula === 'BR_EXCL_AMO')) return false;
    return true;
  }

  private pecCap(line: GenLine): number {
    if (line.spec === ACTS.PRO) return CROWN_CAP_CENTS;
    return line.quantity === 1 ? FRAME_CAP_CENTS : LENSES_CAP_CENTS;
  }

  /** The single change that makes the invoice an anomaly of `category`; false when it cannot be made. */
  private applyAnomaly(invoice: GenInvoice, category: InvoiceCategory): boolean {
    const rng = this.rng;
    switch (category) {
      case 'BENEF_INCONNU': {
        // Someone no card holds: a NIR of a person born abroad (department 99) and a member number
        // outside the operator's numbering.
        const sex: 1 | 2 = rng.chance(0.5) ? 1 : 2;
        invoice.nir = foreignNirBody(sex, invoice.birthDate, this.foreignSerial++);
        invoice.nirKey = nirKeyOf(invoice.nir);
        invoice.memberNumber = '9' + digits(rng, 9);
        return true;
      }
      case 'BENEF_HORS_CARTE':
        // The Vitale data disagree with the card: the rank of birth, or the day of birth.
        if (rng.chance(0.5)) invoice.birthRank = invoice.birthRank === 1 ? 2 : 1;
        else {
          const day = invoice.birthDate % 100;
          invoice.birthDate += day <= 14 ? 13 : -13;
        }
        return true;
      case 'PEC_ABSENTE':
      case 'PEC_DEPASSEE':
        return invoice.lines.some((l) => l.spec.pecRequired);
      case 'MONTANT_AMC_DIFFERENT':
        return this.misdeclare(invoice);
      case 'NIR_INVALIDE':
        invoice.nirKey = wrongNirKey(invoice.nirKey, rng);
        return true;
      case 'SECURISATION_DEGRADEE':
        invoice.securingMode = 'D';
        return true;
      case 'STRUCTURE_INVALIDE':
        invoice.malformedLine = rng.int(0, invoice.lines.length - 1);
        invoice.malformation = rng.chance(0.7) ? 'LETTER_IN_AMOUNT' : 'TRUNCATED_RECORD';
        return true;
      default:
        return true;
    }
  }

  /**
   * A declared AMC that is not the card's: on the covered line with the largest part, the
   * practitioner over-claims 1–5 € when the frais réels leave room for it, else under-claims by at
   * least 0.50 € (as if it had read a 90 % card as 100 %).
   */
  private misdeclare(invoice: GenInvoice): boolean {
    let target: GenLine | undefined;
    for (const line of invoice.lines) {
      if (line.spec.pecRequired || line.amcDeclaredCents === 0) continue;
      if (!target || line.amcDeclaredCents > target.amcDeclaredCents) target = line;
    }
    if (!target) return false;
    const over = this.rng.int(1, 5) * 100;
    if (target.amcDeclaredCents + over <= target.feeCents - target.amoCents) {
      target.amcDeclaredCents += over;
      return true;
    }
    if (target.amcDeclaredCents >= 150) {
      target.amcDeclaredCents -= Math.max(50, Math.round(target.amcDeclaredCents / 10));
      return true;
    }
    return false;
  }

  /** The PEC notification behind an optique or prosthesis invoice, unless the anomaly is its absence. */
  private finishPec(invoice: GenInvoice, category: InvoiceCategory): void {
    const pecLines = invoice.lines.filter((l) => l.spec.pecRequired);
    const first = pecLines[0];
    // No PEC is ever granted to someone no card holds: the referential would refuse such a row.
    if (first === undefined || category === 'PEC_ABSENTE' || category === 'BENEF_INCONNU') return;
    let declared = 0;
    for (const line of pecLines) declared += line.amcDeclaredCents;
    const granted = category === 'PEC_DEPASSEE' ? declared - Math.max(100, Math.round(declared * 0.15)) : declared;
    if (granted <= 0) throw new Error('a PEC must grant a positive amount');
    invoice.pecNumber = 'PEC' + String(++this.pecSerial).padStart(9, '0');
    const validFrom = plusDays(first.actDate, -this.rng.int(10, 60));
    this.onPec({
      pecNumber: invoice.pecNumber,
      amcNumber: invoice.amcNumber,
      nir: invoice.nir,
      practitionerId: invoice.practitioner.billingId,
      domain: first.spec.domain,
      grantedCents: granted,
      validFrom,
      validTo: plusDays(validFrom, 180),
    });
  }
}
