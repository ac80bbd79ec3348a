import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { luhnKey } from '../../codecs/identifiers/luhn.js';
import { addBusinessDays } from '../../engine/calendar/banking-calendar.js';
import type { DateYmd } from '../../engine/domain/units.js';
import { AnomalySchedule } from './anomaly-schedule.js';
import { B2FileWriter, ProfileEncoders, type FixedWidthProfile } from './b2-file-writer.js';
import { BeneficiaryPool, poolLayout } from './beneficiary-pool.js';
import { C2S_CLAIM_SHARE, C2S_CLAIMS_MIN, C2sClaimFactory, isIncreasedClaim, isRefusedClaim, type GenClaim } from './c2s-claims.js';
import { C2S_PROFILE, writeClaimsFile } from './c2s-claims-writer.js';
import { buildFunds, type ClaimingFunds, type GenFund } from './c2s-funds.js';
import { GuaranteeBook, guaranteeRows } from './contracts.js';
import { CounterFactory, ORIGINAL_LINES, originalsWanted, PROFILE_OF_KIND } from './counter-factory.js';
import { COUNTER_KINDS, CounterOriginals, type CounterKind } from './counter-originals.js';
import { CsvOut } from './csv-out.js';
import { isoDay, plusDays } from './dates.js';
import { billingId } from './identities.js';
import { InvoiceFactory } from './invoice-factory.js';
import { LineAmcCalculator } from './line-amc.js';
import {
  C2S_CATEGORIES, C2S_INCREASE_MOTIVE, CATEGORIES_WITHOUT_REGULARISATIONS, type InvoiceCategory, isCounterCategory, isRegularisation, NEAR_CEILING_MOTIVE, paidAsDeclared, REGULARISATION_MOTIVE, SCHEDULED_CATEGORIES, type Category, type GenChannelPractitioners, type GenInvoice, type GenPractitioner, type GeneratedChannel,
  type PractitionerProfile, type ScheduledCategory, SIGNALEMENT_CATEGORIES, SIGNALEMENT_MOTIVE,
} from './model.js';
import { resolveOptions, type GenerateOptions, type ResolvedOptions } from './options.js';
import { PaperFileWriter } from './paper-file-writer.js';
import { buildAmcs, buildPractitioners, practitionersByChannel, PS_PROFILES } from './practitioners.js';
import { PreviousDayInvoices } from './previous-day-invoices.js';
import { Prng, cumulativeWeights } from './prng.js';
import { receiptInstants } from './receipt-times.js';
import { PEC_COLUMNS, euros, pecCsvRow, writeReferential, type ReferentialCounts } from './referential-csv.js';
import { RegularisationFactory } from './regularisation-factory.js';
import { SIGNALEMENT_CHANNELS, SIGNALEMENT_INVOICE_SHARE, SIGNALEMENT_INVOICES_MIN, SignalementInvoiceFactory, type SignalementInvoice } from './signalement-invoices.js';

/**
 * One operator day and the day before it, written to `outDir`:
 *   referential/  amc.csv practitioners.csv beneficiaries.csv guarantees.csv pecs.csv equipment-limits.csv
 *                 limits.csv (one referential for both days)
 *   inbox/        *.b2 (profiles b2-ps, b2-etablissements) *.dre, paper/*.csv, manifest.json
 *   expected.csv  the outcome the engine must reach for every invoice
 *   generation.json  options, counts per category and per file
 *   previous/     the previous accounting day (the TARGET business day before the day): its own
 *                 inbox/, expected.csv and generation.json. A few per cent of the day's lines,
 *                 all valid, in lots of a few invoices so that many practitioners were paid; the
 *                 day regularises some of them (RECTIFICATIVE_COMPLEMENT, RECTIFICATIVE_INDU,
 *                 ANNULATION) and meets the counters it filled (PLAFOND_ATTEINT, PLAFONNEE,
 *                 RENOUVELLEMENT_ANTICIPE, counter-factory.ts), so the previous day must be
 *                 liquidated first, into the same ledger.
 *
 * Deterministic: every draw comes from streams of the seed, files are written in a fixed order,
 * nothing reads the clock — the same options give the same bytes. Streaming: invoices are written
 * as they are built and forgotten, outputs wait on backpressure, and the referential is derived
 * rather than held, so memory stays flat from ten thousand to ten million lines.
 */

export const EXPECTED_COLUMNS = ['file', 'invoice_number', 'practitioner_id', 'expected_status', 'expected_amount', 'expected_motives', 'category'] as const;

export interface GeneratedFile {
  /** Path relative to inbox/. */
  file: string;
  /** C2S: an AMO fund's claims (c2s-claims.ts). */
  channel: GeneratedChannel | 'C2S';
  profile: FixedWidthProfile | 'paper' | typeof C2S_PROFILE;
  receivedAt: string;
  lots: number;
  invoices: number;
  /** Invoice-line records (B2 Types 3/4, DRE Type 4) or paper rows. */
  lines: number;
  records: number;
  bytes: number;
}

export interface GeneratedDaySummary {
  outDir: string;
  seed: number;
  accountingDate: string;
  options: ResolvedOptions;
  /** Invoice-line records in B2 and DRE files (what targetLines aims at), and the few of the C2S claims files on top. */
  lineRecords: number;
  paperLines: number;
  invoices: number;
  categories: Record<Category, number>;
  expectedPaidCents: number;
  referential: ReferentialCounts & { pecs: number };
  files: GeneratedFile[];
  /** Absent when generated without regularisations. */
  previous: GeneratedPreviousDay | undefined;
}

/** The previous day: to liquidate before the day, with the same referential and data folder. */
export interface GeneratedPreviousDay {
  outDir: string;
  accountingDate: string;
  lineRecords: number;
  paperLines: number;
  invoices: number;
  expectedPaidCents: number;
  files: GeneratedFile[];
}

/** The previous day's folder under the day's. */
export const PREVIOUS_DAY_FOLDER = 'previous';

/** The previous day's size: this share of the day's lines, within bounds. */
const PREVIOUS_DAY_LINE_SHARE = 0.03;
/** At least a few dozen invoices, whatever the size of the day. */
const PREVIOUS_DAY_LINES_MIN = 150;
/** Beyond, the regularisations the day owes outnumber what it can name; memory stays bounded. */
const PREVIOUS_DAY_LINES_MAX = 200_000;
/** Small lots spread the previous day over many practitioners, whom the day's lots then meet. */
const PREVIOUS_DAY_INVOICES_PER_LOT_MAX = 3;
/** Many lots per file, so that small lots do not make a previous day of a thousand small files. */
const PREVIOUS_DAY_LOTS_PER_FILE_MIN = 500;
/** Paper-only practitioners need paid invoices too, for paper to carry regularisations. */
const PREVIOUS_DAY_PAPER_MIX_MIN = 0.2;
/** Invoices per target line of a generated day (≈ 0.6 at every size): sizes the counter originals. */
const INVOICES_PER_TARGET_LINE = 0.6;
/** PRNG streams of the previous day: the day's own numbers plus this, so neither shifts the other. */
const PREVIOUS_DAY_STREAM_OFFSET = 10;
/** The previous day's PEC numbers start here (PEC900000001…), far above any the day reaches. */
const PREVIOUS_DAY_FIRST_PEC_SERIAL = 900_000_000;

/** What distinguishes the previous day's generator from the day's. */
interface DayRole {
  readonly streamOffset: number;
  /** Paid invoices of the previous day: filled by the previous day, drawn on by the day. */
  readonly previousDay: PreviousDayInvoices;
  readonly fillsPreviousDay: boolean;
  /** Both days write PECs into the one pecs.csv: their numbers must not meet. */
  readonly firstPecSerial: number;
  /** The previous day's payments into the counters: filled by the previous day, met by the day. */
  readonly counterOriginals: CounterOriginals;
  /** The funds whose C2S claims the day carries; absent for the previous day and a day without one. */
  readonly claimingFunds?: ClaimingFunds;
}

const FILE_NAMES: Record<Exclude<GeneratedChannel, 'PAPER'>, { prefix: string; ext: string; profile: FixedWidthProfile; norm: string }> = {
  B2_PS: { prefix: 'ps', ext: 'b2', profile: 'b2-ps', norm: 'B2 PS' },
  B2_ETAB: { prefix: 'etab', ext: 'b2', profile: 'b2-etablissements', norm: 'B2 ETAB' },
  DRE: { prefix: 'dre', ext: 'dre', profile: 'dre', norm: 'DRE2009' },
};

/** Files still being flushed and closed while the next ones are generated. */
const FILES_CLOSING_MAX = 6;

/** Paper batches: how many keyed invoices one CSV file carries. */
const PAPER_INVOICES_PER_FILE_MAX = 300;

/**
 * PRNG streams of the C2S claims (funds, claims, receipt instants): streams of their own, so the
 * rest of the day draws exactly what it drew before claims existed.
 */
const FUNDS_STREAM = 7;
const CLAIMS_STREAM = 8;
const CLAIM_RECEIPTS_STREAM = 9;

/**
 * PRNG streams of the signalement invoices (their practitioners and faults, their files' receipt
 * instants), past the previous day's (11–16). Their invoices come from the day's factory after
 * every other invoice, so what it drew before is unchanged.
 */
const SIGNALEMENTS_STREAM = 20;
const SIGNALEMENT_RECEIPTS_STREAM = 21;

/** The signalement invoices' files, one per channel, numbered apart from the day's others. */
const SIGNALEMENT_FILE_NUMBER = 9001;
/** A B2 lot number has 3 digits: a file holds lots 001 to 999. */
const LOTS_PER_FILE_MAX = 999;

class DayGenerator {
  private readonly rng: Prng;
  private readonly schedule: AnomalySchedule;
  private readonly factory: InvoiceFactory;
  private readonly regularisations: RegularisationFactory;
  private readonly counted: CounterFactory;
  private readonly categories: readonly ScheduledCategory[];
  private readonly files: Omit<GeneratedFile, 'receivedAt'>[] = [];
  /** The claims files come after the others, with receipt instants of their own stream. */
  private readonly claimFiles: Omit<GeneratedFile, 'receivedAt'>[] = [];
  private readonly claimCategories = new Map<Category, number>();
  /** The signalement invoices' files come last, with receipt instants of their own stream. */
  private readonly signalementFiles: Omit<GeneratedFile, 'receivedAt'>[] = [];
  private readonly signalementCategories = new Map<Category, number>();
  private readonly amcKeys = new Map<string, string>();
  private readonly concentrators: string[];
  private expectedPaidCents = 0;
  private invoiceCount = 0;
  /** Invoice lines written so far: how far through its day the generator is. */
  private linesWritten = 0;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly practitioners: GenChannelPractitioners,
    private readonly expected: CsvOut,
    private readonly pecs: CsvOut,
    private readonly world: ConstructorParameters<typeof InvoiceFactory>[0],
    private readonly role: DayRole,
  ) {
    this.rng = new Prng(o.seed, 1 + role.streamOffset);
    this.categories = o.regularisations ? SCHEDULED_CATEGORIES : CATEGORIES_WITHOUT_REGULARISATIONS;
    this.schedule = new AnomalySchedule(o.anomalyRate, new Prng(o.seed, 4 + role.streamOffset), this.categories);
    this.factory = new InvoiceFactory(world, this.rng, (row) => pecs.row(pecCsvRow(row)), role.firstPecSerial);
    this.regularisations = new RegularisationFactory(world, () => String(this.rng.int(1, 999_999_999)).padStart(9, '0'));
    this.counted = new CounterFactory(world, this.rng, this.factory, role.counterOriginals);
    // Concentrators (OCT) that send the PS files on behalf of many practitioners.
    const used = new Set<string>();
    const crng = new Prng(o.seed, 5 + role.streamOffset);
    this.concentrators = [billingId(crng, used), billingId(crng, used), billingId(crng, used)];
  }

  private inbox(file: string): string {
    return join(this.o.outDir, 'inbox', file);
  }

  private pickPractitioner(map: ReadonlyMap<PractitionerProfile, GenPractitioner[]>): GenPractitioner {
    const profiles = PS_PROFILES.filter((p) => (map.get(p.profile)?.length ?? 0) > 0);
    const profile = profiles[this.rng.weightedIndex(cumulativeWeights(profiles.map((p) => p.weight)))];
    const list = profile ? map.get(profile.profile) : undefined;
    if (!list) throw new Error('no practitioner can send on this channel');
    return this.rng.pick(list);
  }

  /**
   * The practitioner of the next lot (or paper invoice). The previous day gives its lots to those
   * who bill what the counters hold while their originals are behind (counter-factory.ts).
   */
  private lotPractitioner(map: ReadonlyMap<PractitionerProfile, GenPractitioner[]>): GenPractitioner {
    if (this.role.fillsPreviousDay) {
      const progress = this.linesWritten / this.o.targetLines;
      for (const kind of COUNTER_KINDS) {
        const list = map.get(PROFILE_OF_KIND[kind]);
        if (list !== undefined && list.length > 0 && this.role.counterOriginals.owes(kind, progress)) return this.rng.pick(list);
      }
    }
    return this.pickPractitioner(map);
  }

  /**
   * The sender of a B2 établissements file. Half the time on the day, one the previous day paid:
   * an establishment sends the file of its own invoices only, so its regularisations need it to
   * be drawn (a day without a previous day draws as before).
   */
  private fileEstablishment(establishments: readonly GenPractitioner[]): GenPractitioner {
    const paid = this.role.fillsPreviousDay ? [] : establishments.filter((e) => this.role.previousDay.has(e.billingId));
    if (paid.length > 0 && this.rng.chance(0.5)) return this.rng.pick(paid);
    return this.rng.pick(establishments);
  }

  private amcKey(amcNumber: string): string {
    let key = this.amcKeys.get(amcNumber);
    if (key === undefined) this.amcKeys.set(amcNumber, (key = luhnKey(amcNumber) ?? ''));
    return key;
  }

  private expect(file: string, inv: GenInvoice): void {
    // An accepted regularisation is paid (its complement, or nothing) with one signalement; so is
    // an invoice that takes what remains of a ceiling (it leaves it used up).
    const regularisation = isRegularisation(inv.category);
    const paid = paidAsDeclared(inv.category) || regularisation;
    if (paid) this.expectedPaidCents += inv.expectedAmountCents;
    const motives = inv.category === 'PLAFONNEE' ? NEAR_CEILING_MOTIVE : inv.category === 'VALID' ? '' : regularisation ? REGULARISATION_MOTIVE : inv.category;
    // Values are a generated file name, digits, an amount and category codes: nothing to quote.
    this.expected.line(
      `${file},${inv.invoiceNumber},${inv.practitioner.billingId},${paid ? 'PAID' : 'REJECTED'},${euros(paid ? inv.expectedAmountCents : 0)},${motives},${inv.category}`,
    );
    this.schedule.record(inv.category);
    this.invoiceCount++;
    this.linesWritten += inv.lines.length;
    if (this.role.fillsPreviousDay) this.role.previousDay.offer(inv);
  }

  /**
   * The invoice of `category`: built by the factory, made from the lot's earlier valid invoice
   * (duplicates, premature rectificative) or from a paid invoice of the previous day
   * (regularisations). A valid invoice when the category cannot be made here after all.
   */
  private invoiceOf(channel: GeneratedChannel, practitioner: GenPractitioner, category: InvoiceCategory, lastValid: GenInvoice | undefined): GenInvoice {
    if (category === 'DOUBLON_FONCTIONNEL' || category === 'DOUBLON' || category === 'RECTIFICATIVE_PREMATUREE') {
      if (!lastValid) throw new Error(`${category} needs an earlier valid invoice in the lot`);
      // Same practitioner, beneficiary, date, acts and amounts; only the invoice number differs.
      if (category === 'DOUBLON_FONCTIONNEL') return { ...lastValid, invoiceNumber: this.factory.nextNumber(practitioner), category, expectedAmountCents: 0 };
      // DOUBLON: the invoice number of an invoice already paid, on a new invoice; a premature
      // rectificative names that invoice.
      return this.factory.build(channel, practitioner, category, lastValid.invoiceNumber) ?? this.valid(channel, practitioner);
    }
    if (isCounterCategory(category)) return this.counted.followUp(category, channel, practitioner) ?? this.valid(channel, practitioner);
    // The previous day pays into the counters the day will meet.
    if (category === 'VALID' && this.role.fillsPreviousDay) {
      const original = this.counted.original(channel, practitioner, this.linesWritten / this.o.targetLines);
      if (original !== undefined) return original;
    }
    if (isRegularisation(category)) {
      const original = this.role.previousDay.take(practitioner.billingId);
      const made = original && this.regularisations.build(category, original, '', channel === 'DRE');
      if (!made) return this.valid(channel, practitioner);
      made.invoiceNumber = this.factory.nextNumber(practitioner);
      return made;
    }
    return this.factory.build(channel, practitioner, category) ?? this.valid(channel, practitioner);
  }

  /** Files being closed in the background, oldest first; bounded so open handles stay few. */
  private readonly closingFiles: Promise<void>[] = [];

  private async closing(done: Promise<void>): Promise<void> {
    this.closingFiles.push(done);
    while (this.closingFiles.length > FILES_CLOSING_MAX) await this.closingFiles.shift();
  }

  /** Waits until every file is on disk. */
  async settle(): Promise<void> {
    await Promise.all(this.closingFiles.splice(0));
  }

  private async keepUp(writer: { needsDrain: boolean; drain(): Promise<void> }): Promise<void> {
    if (writer.needsDrain) await writer.drain();
    if (this.expected.needsDrain) await this.expected.drain();
    if (this.pecs.needsDrain) await this.pecs.drain();
  }

  /** Lot sizes lean small (a GP's day) with a tail up to the maximum (a pharmacy chain). */
  private lotSize(max: number): number {
    const u = this.rng.float();
    return Math.min(max, 1 + Math.floor(u * u * max));
  }

  async fixedWidth(channel: Exclude<GeneratedChannel, 'PAPER'>, targetLines: number): Promise<number> {
    const names = FILE_NAMES[channel];
    const enc = new ProfileEncoders(names.profile);
    const establishments = this.practitioners.edi.get('ETABLISSEMENT') ?? [];
    let lines = 0;
    for (let fileIndex = 1; lines < targetLines; fileIndex++) {
      const file = `${names.prefix}-${String(fileIndex).padStart(4, '0')}.${names.ext}`;
      const establishment = channel === 'B2_ETAB' ? this.fileEstablishment(establishments) : undefined;
      const writer = new B2FileWriter(enc, this.inbox(file), {
        emitterId: establishment ? establishment.billingId : this.rng.pick(this.concentrators),
        creationDate: this.o.accountingYmd,
        fileNumber: fileIndex,
        normVersion: names.norm,
        profile: names.profile,
      });
      const lots = this.rng.int(1, this.o.lotsPerFileMax);
      for (let lot = 0; lot < lots && lines < targetLines; lot++) {
        const practitioner = establishment ?? this.lotPractitioner(this.practitioners.edi);
        lines += await this.lot(writer, file, channel, practitioner, targetLines - lines);
      }
      const { stats, done } = writer.close();
      await this.closing(done);
      this.files.push({ file, channel, profile: names.profile, lots: stats.lots, invoices: stats.invoices, lines: stats.lineRecords, records: stats.records, bytes: stats.bytes });
    }
    return lines;
  }

  /** One lot of one practitioner; returns the invoice-line records written. */
  private async lot(writer: B2FileWriter, file: string, channel: Exclude<GeneratedChannel, 'PAPER'>, practitioner: GenPractitioner, linesLeft: number): Promise<number> {
    const max = channel === 'B2_ETAB' ? Math.min(100, this.o.invoicesPerLotMax) : this.o.invoicesPerLotMax;
    const broken = this.schedule.brokenLotSize(max);
    if (broken > 0) this.schedule.lotBroken();
    const size = broken > 0 ? broken : this.lotSize(max);
    writer.beginLot(practitioner, this.o.accountingYmd);
    let lines = 0;
    let invoices = 0;
    let lastValid: GenInvoice | undefined;
    for (; invoices < size && lines < linesLeft; invoices++) {
      let inv: GenInvoice;
      if (broken > 0) {
        // A broken lot holds sound invoices: the lot trailer is the only fault.
        inv = this.valid(channel, practitioner);
        inv.category = 'LOT_INVALIDE';
        inv.expectedAmountCents = 0;
      } else {
        const category = this.schedule.next({
          channel, profile: practitioner.profile, hasEarlierValid: lastValid !== undefined, hasPreviousDayInvoice: this.role.previousDay.has(practitioner.billingId),
          counterOriginals: this.role.counterOriginals,
        });
        inv = this.invoiceOf(channel, practitioner, category, lastValid);
      }
      writer.writeInvoice(inv, channel === 'DRE' ? this.amcKey(inv.amcNumber) : '');
      lines += inv.lines.length;
      this.expect(file, inv);
      if (inv.category === 'VALID' && inv.pecNumber === '' && !inv.lines.some((l) => l.spec.pecRequired)) lastValid = inv;
      await this.keepUp(writer);
    }
    // A broken trailer miscounts by one, up or down (never to a count of zero invoices).
    writer.endLot(broken > 0 ? (invoices > 1 && this.rng.chance(0.5) ? -1 : 1) : 0);
    return lines;
  }

  private valid(channel: GeneratedChannel, practitioner: GenPractitioner): GenInvoice {
    const inv = this.factory.build(channel, practitioner, 'VALID');
    if (!inv) throw new Error('a valid invoice can always be built');
    return inv;
  }

  async paper(targetLines: number): Promise<number> {
    let lines = 0;
    for (let fileIndex = 1; lines < targetLines; fileIndex++) {
      const file = `paper/paper-${String(fileIndex).padStart(4, '0')}.csv`;
      const writer = new PaperFileWriter(this.inbox(file), this.o.regularisations);
      const count = this.rng.int(20, PAPER_INVOICES_PER_FILE_MAX);
      for (let i = 0; i < count && lines < targetLines; i++) {
        const practitioner = this.lotPractitioner(this.practitioners.paper);
        const category = this.schedule.next({
          channel: 'PAPER', profile: practitioner.profile, hasEarlierValid: false, hasPreviousDayInvoice: this.role.previousDay.has(practitioner.billingId),
          counterOriginals: this.role.counterOriginals,
        });
        const inv = this.invoiceOf('PAPER', practitioner, category, undefined);
        writer.writeInvoice(inv);
        lines += inv.lines.length;
        this.expect(file, inv);
        await this.keepUp(writer);
      }
      const { bytes, done } = writer.close();
      await this.closing(done);
      this.files.push({ file, channel: 'PAPER', profile: 'paper', lots: 0, invoices: writer.invoices, lines: writer.lines, records: writer.lines + 1, bytes });
    }
    return lines;
  }

  /**
   * The AMO funds' C2S claims (c2s-claims.ts): a small share of the day's invoices, one file per
   * known fund, then the unknown fund's one lot in a file of its own.
   */
  async c2sClaims(funds: ClaimingFunds): Promise<number> {
    const count = Math.max(C2S_CLAIMS_MIN, Math.round(this.invoiceCount * C2S_CLAIM_SHARE));
    const factory = new C2sClaimFactory({ ...this.world, practitioners: this.practitioners.edi }, new Prng(this.o.seed, CLAIMS_STREAM), funds);
    const plan = factory.plan(count);
    const files: [GenFund, GenClaim[]][] = [...plan.byFund, [funds.unknown, plan.unknown]];
    let lines = 0;
    for (const [fund, claims] of files) {
      if (claims.length === 0) continue;
      const file = `c2s-${String(this.claimFiles.length + 1).padStart(4, '0')}.b2`;
      const stats = await writeClaimsFile(this.inbox(file), fund, claims, this.claimFiles.length + 1, this.o.accountingYmd);
      for (const claim of claims) this.expectClaim(file, claim);
      this.claimFiles.push({ file, channel: 'C2S', profile: C2S_PROFILE, lots: stats.lots, invoices: stats.invoices, lines: stats.lineRecords, records: stats.records, bytes: stats.bytes });
      lines += stats.lineRecords;
      if (this.expected.needsDrain) await this.expected.drain();
    }
    return lines;
  }

  private expectClaim(file: string, claim: GenClaim): void {
    const paid = !isRefusedClaim(claim.category);
    if (paid) this.expectedPaidCents += claim.expectedAmountCents;
    const motives = !paid ? claim.category : isIncreasedClaim(claim.category) ? C2S_INCREASE_MOTIVE : '';
    this.expected.line(
      `${file},${claim.invoiceNumber},${claim.fund.billingId},${paid ? 'PAID' : 'REJECTED'},${euros(claim.expectedAmountCents)},${motives},${claim.category}`,
    );
    this.claimCategories.set(claim.category, (this.claimCategories.get(claim.category) ?? 0) + 1);
    this.invoiceCount++;
  }

  /**
   * The paid invoices that carry a signalement (signalement-invoices.ts): on each of `channels`, a
   * file of its own holding a few invoices of every category whose rubric it carries, one lot each
   * (a hospital file is its one establishment's). Returns the line records and paper lines written.
   */
  async signalementInvoices(channels: readonly GeneratedChannel[]): Promise<{ lineRecords: number; paperLines: number }> {
    const rng = new Prng(this.o.seed, SIGNALEMENTS_STREAM);
    const factory = new SignalementInvoiceFactory(this.factory, rng, this.o.accountingYmd);
    const perChannel = Math.max(SIGNALEMENT_INVOICES_MIN, Math.round(this.invoiceCount * SIGNALEMENT_INVOICE_SHARE));
    let lineRecords = 0;
    let paperLines = 0;
    for (const channel of channels) {
      const categories = SIGNALEMENT_CATEGORIES.filter((c) => SIGNALEMENT_CHANNELS[c].includes(channel));
      if (categories.length === 0) continue;
      const establishments = this.practitioners.edi.get('ETABLISSEMENT') ?? [];
      const establishment = channel === 'B2_ETAB' && establishments.length > 0 ? rng.pick(establishments) : undefined;
      if (channel === 'B2_ETAB' && establishment === undefined) continue;
      const practitioners = establishment ? new Map([['ETABLISSEMENT' as const, [establishment]]]) : channel === 'PAPER' ? this.practitioners.paper : this.practitioners.edi;
      const made: SignalementInvoice[] = [];
      for (const category of categories) {
        for (let i = 0; i < perChannel; i++) {
          const invoice = factory.build(category, channel, practitioners);
          if (invoice !== undefined) made.push(invoice);
        }
      }
      if (made.length === 0) continue;
      if (channel === 'PAPER') paperLines += await this.signalementPaperFile(made);
      else lineRecords += await this.signalementFixedWidthFile(channel, made, establishment?.billingId ?? rng.pick(this.concentrators));
    }
    return { lineRecords, paperLines };
  }

  /**
   * The signalement invoices of a fixed-width channel, one lot each: in files of at most
   * LOTS_PER_FILE_MAX lots, since a lot number has 3 digits. The first file keeps the name it had
   * before there could be more than one, so that smaller days are generated byte for byte as before.
   */
  private async signalementFixedWidthFile(channel: Exclude<GeneratedChannel, 'PAPER'>, made: readonly SignalementInvoice[], emitterId: string): Promise<number> {
    const names = FILE_NAMES[channel];
    let lineRecords = 0;
    for (let first = 0, part = 1; first < made.length; first += LOTS_PER_FILE_MAX, part++) {
      const file = `${names.prefix}-signalements${part === 1 ? '' : `-${part}`}.${names.ext}`;
      const writer = new B2FileWriter(new ProfileEncoders(names.profile), this.inbox(file), {
        emitterId, creationDate: this.o.accountingYmd, fileNumber: SIGNALEMENT_FILE_NUMBER, normVersion: names.norm, profile: names.profile,
      });
      for (const s of made.slice(first, first + LOTS_PER_FILE_MAX)) {
        writer.beginLot(s.invoice.practitioner, this.o.accountingYmd);
        writer.writeInvoice(s.invoice, channel === 'DRE' ? this.amcKey(s.invoice.amcNumber) : '');
        writer.endLot();
        this.expectSignalement(file, s);
        await this.keepUp(writer);
      }
      const { stats, done } = writer.close();
      await this.closing(done);
      this.signalementFiles.push({ file, channel, profile: names.profile, lots: stats.lots, invoices: stats.invoices, lines: stats.lineRecords, records: stats.records, bytes: stats.bytes });
      lineRecords += stats.lineRecords;
    }
    return lineRecords;
  }

  private async signalementPaperFile(made: readonly SignalementInvoice[]): Promise<number> {
    const file = 'paper/paper-signalements.csv';
    const writer = new PaperFileWriter(this.inbox(file), this.o.regularisations);
    for (const s of made) {
      writer.writeInvoice(s.invoice);
      this.expectSignalement(file, s);
      await this.keepUp(writer);
    }
    const { bytes, done } = writer.close();
    await this.closing(done);
    this.signalementFiles.push({ file, channel: 'PAPER', profile: 'paper', lots: 0, invoices: writer.invoices, lines: writer.lines, records: writer.lines + 1, bytes });
    return writer.lines;
  }

  /** Paid as declared, with the category's one signalement. */
  private expectSignalement(file: string, s: SignalementInvoice): void {
    const inv = s.invoice;
    this.expectedPaidCents += inv.expectedAmountCents;
    this.expected.line(
      `${file},${inv.invoiceNumber},${inv.practitioner.billingId},PAID,${euros(inv.expectedAmountCents)},${SIGNALEMENT_MOTIVE[s.category]},${s.category}`,
    );
    this.signalementCategories.set(s.category, (this.signalementCategories.get(s.category) ?? 0) + 1);
    this.invoiceCount++;
  }

  finish(): { files: GeneratedFile[]; categories: Record<Category, number>; expectedPaidCents: number; invoices: number } {
    const instants = receiptInstants(new Prng(this.o.seed, 6 + this.role.streamOffset), this.o.accountingYmd, this.files.length);
    const files = this.files.map((f, i) => ({ ...f, receivedAt: instants[i] as string }));
    const claimInstants = receiptInstants(new Prng(this.o.seed, CLAIM_RECEIPTS_STREAM), this.o.accountingYmd, this.claimFiles.length);
    files.push(...this.claimFiles.map((f, i) => ({ ...f, receivedAt: claimInstants[i] as string })));
    const signalementInstants = receiptInstants(new Prng(this.o.seed, SIGNALEMENT_RECEIPTS_STREAM), this.o.accountingYmd, this.signalementFiles.length);
    files.push(...this.signalementFiles.map((f, i) => ({ ...f, receivedAt: signalementInstants[i] as string })));
    const categories = { VALID: this.schedule.counts.get('VALID') ?? 0 } as Record<Category, number>;
    for (const c of this.categories) categories[c] = this.schedule.counts.get(c) ?? 0;
    if (this.role.claimingFunds !== undefined) for (const c of C2S_CATEGORIES) categories[c] = this.claimCategories.get(c) ?? 0;
    if (this.role.claimingFunds !== undefined) for (const c of SIGNALEMENT_CATEGORIES) categories[c] = this.signalementCategories.get(c) ?? 0;
    return { files, categories, expectedPaidCents: this.expectedPaidCents, invoices: this.invoiceCount };
  }

  get funds(): ClaimingFunds | undefined {
    return this.role.claimingFunds;
  }
}

/** Splits the target lines over the B2/DRE channels by the mix; paper comes on top. */
function channelTargets(o: ResolvedOptions): { b2Ps: number; b2Etab: number; dre: number; paper: number } {
  const total = o.mix.b2Ps + o.mix.b2Etab + o.mix.dre;
  const b2Etab = Math.round((o.targetLines * o.mix.b2Etab) / total);
  const dre = Math.round((o.targetLines * o.mix.dre) / total);
  return { b2Ps: o.targetLines - b2Etab - dre, b2Etab, dre, paper: Math.round(o.targetLines * o.mix.paper) };
}

/**
 * The previous day's options: the TARGET business day before the day (a Monday's is the Friday
 * before), a few per cent of its lines plus its counter originals, no anomaly, small lots in few
 * files; the same seed, drawn on other streams.
 */
function previousDayOptions(o: ResolvedOptions, originals: Readonly<Record<CounterKind, number>>): ResolvedOptions {
  const accountingYmd = addBusinessDays(o.accountingYmd as DateYmd, -1, 'TARGET');
  // The counter originals come on top of the share, so they take nothing from the regularisations.
  const originalLines = COUNTER_KINDS.reduce((sum, kind) => sum + Math.ceil(originals[kind] * ORIGINAL_LINES[kind]), 0);
  const targetLines = Math.min(PREVIOUS_DAY_LINES_MAX, Math.max(PREVIOUS_DAY_LINES_MIN, Math.round(o.targetLines * PREVIOUS_DAY_LINE_SHARE))) + originalLines;
  return {
    ...o,
    outDir: join(o.outDir, PREVIOUS_DAY_FOLDER),
    accountingDate: isoDay(accountingYmd),
    accountingYmd,
    targetLines,
    anomalyRate: 0,
    mix: { ...o.mix, paper: o.mix.paper > 0 ? Math.max(o.mix.paper, PREVIOUS_DAY_PAPER_MIX_MIN) : 0 },
    invoicesPerLotMax: Math.min(o.invoicesPerLotMax, PREVIOUS_DAY_INVOICES_PER_LOT_MAX),
    lotsPerFileMax: Math.max(o.lotsPerFileMax, PREVIOUS_DAY_LOTS_PER_FILE_MIN),
  };
}

interface WrittenInvoices {
  lineRecords: number;
  paperLines: number;
  invoices: number;
  categories: Record<Category, number>;
  expectedPaidCents: number;
  files: GeneratedFile[];
}

/** Writes one day's inbox (files, then manifest.json) and closes its expected.csv. */
async function writeInvoices(day: DayGenerator, o: ResolvedOptions, expected: CsvOut): Promise<WrittenInvoices> {
  await mkdir(join(o.outDir, 'inbox', 'paper'), { recursive: true });
  const targets = channelTargets(o);
  let lineRecords = 0;
  if (targets.b2Ps > 0) lineRecords += await day.fixedWidth('B2_PS', targets.b2Ps);
  if (targets.b2Etab > 0) lineRecords += await day.fixedWidth('B2_ETAB', targets.b2Etab);
  if (targets.dre > 0) lineRecords += await day.fixedWidth('DRE', targets.dre);
  let paperLines = targets.paper > 0 ? await day.paper(targets.paper) : 0;
  if (day.funds !== undefined) lineRecords += await day.c2sClaims(day.funds);
  // The signalement invoices ride with the C2S claims: on the day that has a previous day.
  let signalementPaperLines = 0;
  if (day.funds !== undefined) {
    const channels = (['B2_PS', 'DRE', 'B2_ETAB', 'PAPER'] as const).filter((c) => (c === 'B2_PS' ? targets.b2Ps : c === 'DRE' ? targets.dre : c === 'B2_ETAB' ? targets.b2Etab : targets.paper) > 0);
    const written = await day.signalementInvoices(channels);
    lineRecords += written.lineRecords;
    signalementPaperLines = written.paperLines;
  }
  await day.settle();
  await expected.close();
  const { files, categories, expectedPaidCents, invoices } = day.finish();
  const manifest = { accountingDate: o.accountingDate, files: files.map((f) => ({ file: f.file, receivedAt: f.receivedAt })) };
  await writeFile(join(o.outDir, 'inbox', 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  paperLines += signalementPaperLines;
  return { lineRecords, paperLines, invoices, categories, expectedPaidCents, files };
}

export async function generateDay(options: GenerateOptions): Promise<GeneratedDaySummary> {
  const o = resolveOptions(options);
  const referentialDir = join(o.outDir, 'referential');
  await mkdir(referentialDir, { recursive: true });

  const amcs = buildAmcs(new Prng(o.seed, 2));
  // The counter pools, contracts and ceiling exist only with a previous day to fill the counters.
  const pool = new BeneficiaryPool(o.seed, poolLayout(o.targetLines), o.accountingYmd, amcs, o.regularisations);
  const counterOriginals = new CounterOriginals(
    originalsWanted(o.targetLines * INVOICES_PER_TARGET_LINE, o.anomalyRate, SCHEDULED_CATEGORIES.length, pool.counterCount),
  );
  const previousO = previousDayOptions(o, counterOriginals.wanted);
  const practitioners = buildPractitioners(new Prng(o.seed, 3), o.targetLines, pool.cardFrom);
  // C2S claims come with the day that has a previous day: a day alone keeps its bytes (the fuzz day).
  const funds = o.regularisations ? buildFunds(new Prng(o.seed, FUNDS_STREAM), practitioners) : undefined;
  const guarantees = guaranteeRows(pool.cardFrom, (ymd) => plusDays(ymd, -1), o.regularisations);
  const counts = await writeReferential(referentialDir, amcs, practitioners, pool, guarantees, o.regularisations, funds?.known ?? []);

  // Both days share the referential, the practitioners (so invoice numbers never repeat across
  // them) and the PEC file; the previous day is written first and hands its paid invoices over.
  const pecs = new CsvOut(join(referentialDir, 'pecs.csv'), PEC_COLUMNS);
  const byChannel = practitionersByChannel(practitioners);
  const book = new GuaranteeBook(guarantees);
  const calculator = new LineAmcCalculator();
  const previousDay = new PreviousDayInvoices();

  let before: WrittenInvoices | undefined;
  if (o.regularisations) {
    await mkdir(previousO.outDir, { recursive: true });
    const previousExpected = new CsvOut(join(previousO.outDir, 'expected.csv'), EXPECTED_COLUMNS);
    before = await writeInvoices(
      new DayGenerator(previousO, byChannel, previousExpected, pecs, { accountingYmd: previousO.accountingYmd, pool, book, calculator }, {
        streamOffset: PREVIOUS_DAY_STREAM_OFFSET, previousDay, fillsPreviousDay: true, firstPecSerial: PREVIOUS_DAY_FIRST_PEC_SERIAL, counterOriginals,
      }),
      previousO,
      previousExpected,
    );
  }

  const expected = new CsvOut(join(o.outDir, 'expected.csv'), EXPECTED_COLUMNS);
  const written = await writeInvoices(
    new DayGenerator(o, byChannel, expected, pecs, { accountingYmd: o.accountingYmd, pool, book, calculator }, {
      streamOffset: 0, previousDay, fillsPreviousDay: false, firstPecSerial: 0, counterOriginals, ...(funds && { claimingFunds: funds }),
    }),
    o,
    expected,
  );
  await pecs.close();

  const previous: GeneratedPreviousDay | undefined = before && {
    outDir: previousO.outDir,
    accountingDate: previousO.accountingDate,
    lineRecords: before.lineRecords,
    paperLines: before.paperLines,
    invoices: before.invoices,
    expectedPaidCents: before.expectedPaidCents,
    files: before.files,
  };
  const summary: GeneratedDaySummary = {
    outDir: o.outDir,
    seed: o.seed,
    accountingDate: o.accountingDate,
    options: o,
    lineRecords: written.lineRecords,
    paperLines: written.paperLines,
    invoices: written.invoices,
    categories: written.categories,
    expectedPaidCents: written.expectedPaidCents,
    referential: { ...counts, pecs: pecs.rows },
    files: written.files,
    previous,
  };
  // generation.json must be the same bytes for the same options wherever the day is written: no outDir.
  const generation = {
    seed: o.seed,
    accountingDate: o.accountingDate,
    options: { targetLines: o.targetLines, anomalyRate: o.anomalyRate, mix: o.mix, invoicesPerLotMax: o.invoicesPerLotMax, lotsPerFileMax: o.lotsPerFileMax },
    lineRecords: written.lineRecords,
    paperLines: written.paperLines,
    invoices: written.invoices,
    categories: written.categories,
    expectedPaid: euros(written.expectedPaidCents),
    referential: summary.referential,
    files: written.files,
    ...(previous && { previous: { folder: PREVIOUS_DAY_FOLDER, accountingDate: previous.accountingDate, invoices: previous.invoices, expectedPaid: euros(previous.expectedPaidCents) } }),
  };
  await writeFile(join(o.outDir, 'generation.json'), JSON.stringify(generation, null, 2) + '\n');
  if (!previous) return summary;
  const previousGeneration = {
    seed: o.seed,
    accountingDate: previous.accountingDate,
    options: { targetLines: previousO.targetLines, anomalyRate: 0, mix: previousO.mix, invoicesPerLotMax: previousO.invoicesPerLotMax, lotsPerFileMax: previousO.lotsPerFileMax },
    lineRecords: previous.lineRecords,
    paperLines: previous.paperLines,
    invoices: previous.invoices,
    expectedPaid: euros(previous.expectedPaidCents),
    files: previous.files,
  };
  await writeFile(join(previousO.outDir, 'generation.json'), JSON.stringify(previousGeneration, null, 2) + '\n');
  return summary;
}
