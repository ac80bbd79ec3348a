import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { luhnKey } from '../../codecs/identifiers/luhn.js';
import { AnomalySchedule } from './anomaly-schedule.js';
import { B2FileWriter, ProfileEncoders, type FixedWidthProfile } from './b2-file-writer.js';
import { BeneficiaryPool, poolLayout } from './beneficiary-pool.js';
import { GuaranteeBook, guaranteeRows } from './contracts.js';
import { CsvOut } from './csv-out.js';
import { plusDays } from './dates.js';
import { billingId } from './identities.js';
import { InvoiceFactory } from './invoice-factory.js';
import { LineAmcCalculator } from './line-amc.js';
import { ANOMALY_CATEGORIES, type Category, type GenChannelPractitioners, type GenInvoice, type GenPractitioner, type GeneratedChannel, type PractitionerProfile } from './model.js';
import { resolveOptions, type GenerateOptions, type ResolvedOptions } from './options.js';
import { PaperFileWriter } from './paper-file-writer.js';
import { buildAmcs, buildPractitioners, practitionersByChannel, PS_PROFILES } from './practitioners.js';
import { Prng, cumulativeWeights } from './prng.js';
import { receiptInstants } from './receipt-times.js';
import { PEC_COLUMNS, euros, pecCsvRow, writeReferential, type ReferentialCounts } from './referential-csv.js';

/**
 * One operator day, written to `outDir`:
 *   referential/  amc.csv practitioners.csv beneficiaries.csv guarantees.csv pecs.csv equipment-limits.csv
 *   inbox/        *.b2 (profiles b2-ps, b2-etablissements) *.dre, paper/*.csv, manifest.json
 *   expected.csv  the outcome the engine must reach for every invoice
 *   generation.json  options, counts per category and per file
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
  channel: GeneratedChannel;
  profile: FixedWidthProfile | 'paper';
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
  /** Invoice-line records in B2 and DRE files (what targetLines aims at). */
  lineRecords: number;
  paperLines: number;
  invoices: number;
  categories: Record<Category, number>;
  expectedPaidCents: number;
  referential: ReferentialCounts & { pecs: number };
  files: GeneratedFile[];
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

class DayGenerator {
  private readonly rng: Prng;
  private readonly schedule: AnomalySchedule;
  private readonly factory: InvoiceFactory;
  private readonly files: Omit<GeneratedFile, 'receivedAt'>[] = [];
  private readonly amcKeys = new Map<string, string>();
  private readonly concentrators: string[];
  private expectedPaidCents = 0;
  private invoiceCount = 0;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly practitioners: GenChannelPractitioners,
    private readonly expected: CsvOut,
    private readonly pecs: CsvOut,
    world: ConstructorParameters<typeof InvoiceFactory>[0],
  ) {
    this.rng = new Prng(o.seed, 1);
    this.schedule = new AnomalySchedule(o.anomalyRate, new Prng(o.seed, 4));
    this.factory = new InvoiceFactory(world, this.rng, (row) => pecs.row(pecCsvRow(row)));
    // Concentrators (OCT) that send the PS files on behalf of many practitioners.
    const used = new Set<string>();
    const crng = new Prng(o.seed, 5);
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

  private amcKey(amcNumber: string): string {
    let key = this.amcKeys.get(amcNumber);
    if (key === undefined) this.amcKeys.set(amcNumber, (key = luhnKey(amcNumber) ?? ''));
    return key;
  }

  private expect(file: string, inv: GenInvoice): void {
    const paid = inv.category === 'VALID';
    if (paid) this.expectedPaidCents += inv.expectedAmountCents;
    // Values are a generated file name, digits, an amount and category codes: nothing to quote.
    this.expected.line(
      `${file},${inv.invoiceNumber},${inv.practitioner.billingId},${paid ? 'PAID' : 'REJECTED'},${euros(paid ? inv.expectedAmountCents : 0)},${paid ? '' : inv.category},${inv.category}`,
    );
    this.schedule.record(inv.category);
    this.invoiceCount++;
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
      const establishment = channel === 'B2_ETAB' ? this.rng.pick(establishments) : undefined;
      const writer = new B2FileWriter(enc, this.inbox(file), {
        emitterId: establishment ? establishment.billingId : this.rng.pick(this.concentrators),
        creationDate: this.o.accountingYmd,
        fileNumber: fileIndex,
        normVersion: names.norm,
        profile: names.profile,
      });
      const lots = this.rng.int(1, this.o.lotsPerFileMax);
      for (let lot = 0; lot < lots && lines < targetLines; lot++) {
        const practitioner = establishment ?? this.pickPractitioner(this.practitioners.edi);
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
        const category = this.schedule.next({ channel, profile: practitioner.profile, hasEarlierValid: lastValid !== undefined });
        if (category === 'DOUBLON_FONCTIONNEL' || category === 'DOUBLON') {
          if (!lastValid) throw new Error(`${category} needs an earlier valid invoice in the lot`);
          inv =
            category === 'DOUBLON_FONCTIONNEL'
              ? // Same practitioner, beneficiary, date, acts and amounts; only the invoice number differs.
              { ...lastValid, invoiceNumber: this.factory.nextNumber(practitioner), category, expectedAmountCents: 0 }
              : // The invoice number of an invoice already paid, on a new invoice.
              (this.factory.build(channel, practitioner, category, lastValid.invoiceNumber) ?? this.valid(channel, practitioner));
        } else {
          inv = this.factory.build(channel, practitioner, category) ?? this.valid(channel, practitioner);
        }
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
      const writer = new PaperFileWriter(this.inbox(file));
      const count = this.rng.int(20, PAPER_INVOICES_PER_FILE_MAX);
      for (let i = 0; i < count && lines < targetLines; i++) {
        const practitioner = this.pickPractitioner(this.practitioners.paper);
        const category = this.schedule.next({ channel: 'PAPER', profile: practitioner.profile, hasEarlierValid: false });
        const inv = this.factory.build('PAPER', practitioner, category) ?? this.valid('PAPER', practitioner);
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

  finish(): { files: GeneratedFile[]; categories: Record<Category, number>; expectedPaidCents: number; invoices: number } {
    const instants = receiptInstants(new Prng(this.o.seed, 6), this.o.accountingYmd, this.files.length);
    const files = this.files.map((f, i) => ({ ...f, receivedAt: instants[i] as string }));
    const categories = { VALID: this.schedule.counts.get('VALID') ?? 0 } as Record<Category, number>;
    for (const c of ANOMALY_CATEGORIES) categories[c] = this.schedule.counts.get(c) ?? 0;
    return { files, categories, expectedPaidCents: this.expectedPaidCents, invoices: this.invoiceCount };
  }
}

/** Splits the target lines over the B2/DRE channels by the mix; paper comes on top. */
function channelTargets(o: ResolvedOptions): { b2Ps: number; b2Etab: number; dre: number; paper: number } {
  const total = o.mix.b2Ps + o.mix.b2Etab + o.mix.dre;
  const b2Etab = Math.round((o.targetLines * o.mix.b2Etab) / total);
  const dre = Math.round((o.targetLines * o.mix.dre) / total);
  return { b2Ps: o.targetLines - b2Etab - dre, b2Etab, dre, paper: Math.round(o.targetLines * o.mix.paper) };
}

export async function generateDay(options: GenerateOptions): Promise<GeneratedDaySummary> {
  const o = resolveOptions(options);
  const referentialDir = join(o.outDir, 'referential');
  await mkdir(referentialDir, { recursive: true });
  await mkdir(join(o.outDir, 'inbox', 'paper'), { recursive: true });

  const amcs = buildAmcs(new Prng(o.seed, 2));
  const pool = new BeneficiaryPool(o.seed, poolLayout(o.targetLines), o.accountingYmd, amcs);
  const practitioners = buildPractitioners(new Prng(o.seed, 3), o.targetLines, pool.cardFrom);
  const guarantees = guaranteeRows(pool.cardFrom, (ymd) => plusDays(ymd, -1));
  const counts = await writeReferential(referentialDir, amcs, practitioners, pool, guarantees);

  const expected = new CsvOut(join(o.outDir, 'expected.csv'), EXPECTED_COLUMNS);
  const pecs = new CsvOut(join(referentialDir, 'pecs.csv'), PEC_COLUMNS);
  const day = new DayGenerator(o, practitionersByChannel(practitioners), expected, pecs, {
    accountingYmd: o.accountingYmd,
    pool,
    book: new GuaranteeBook(guarantees),
    calculator: new LineAmcCalculator(),
  });
  const targets = channelTargets(o);
  let lineRecords = 0;
  if (targets.b2Ps > 0) lineRecords += await day.fixedWidth('B2_PS', targets.b2Ps);
  if (targets.b2Etab > 0) lineRecords += await day.fixedWidth('B2_ETAB', targets.b2Etab);
  if (targets.dre > 0) lineRecords += await day.fixedWidth('DRE', targets.dre);
  const paperLines = targets.paper > 0 ? await day.paper(targets.paper) : 0;
  await day.settle();
  await expected.close();
  await pecs.close();

  const { files, categories, expectedPaidCents, invoices } = day.finish();
  const manifest = { accountingDate: o.accountingDate, files: files.map((f) => ({ file: f.file, receivedAt: f.receivedAt })) };
  await writeFile(join(o.outDir, 'inbox', 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

  const summary: GeneratedDaySummary = {
    outDir: o.outDir,
    seed: o.seed,
    accountingDate: o.accountingDate,
    options: o,
    lineRecords,
    paperLines,
    invoices,
    categories,
    expectedPaidCents,
    referential: { ...counts, pecs: pecs.rows },
    files,
  };
  // generation.json must be the same bytes for the same options wherever the day is written: no outDir.
  const generation = {
    seed: o.seed,
    accountingDate: o.accountingDate,
    options: { targetLines: o.targetLines, anomalyRate: o.anomalyRate, mix: o.mix, invoicesPerLotMax: o.invoicesPerLotMax, lotsPerFileMax: o.lotsPerFileMax },
    lineRecords,
    paperLines,
    invoices,
    categories,
    expectedPaid: euros(expectedPaidCents),
    referential: summary.referential,
    files,
  };
  await writeFile(join(o.outDir, 'generation.json'), JSON.stringify(generation, null, 2) + '\n');
  return summary;
}
