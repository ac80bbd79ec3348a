import {
  ACT_CODE_PREFIX_MARK,
  AMC_NUMBER_WIDTH,
  BILLING_ID_WIDTH,
  NIR_WIDTH,
  padAmcNumber,
} from '../../codecs/csv/referential-shapes.js';
import type { ReferentialMessage } from '../../codecs/proto/referential-proto.js';
import type { ReferentialView } from '../domain/referential-view.js';
import type { EquipmentItem, EquipmentKind, EquipmentMaximumKey, LensGrade, SanteClass } from '../domain/equipment.js';
import type { ActDomain, Amc, Beneficiary, Guarantee, GuaranteeLimit, LimitPeriod, Pec, Period, Practitioner } from '../domain/referential.js';
import type { Cents, DateYmd, RatePpm } from '../domain/units.js';
import { AsciiColumn, Int32Column, lowerBoundOfText, Uint32Column, Utf8Column } from './column-readers.js';
import { DayColumn } from './day-column.js';
import { nirOrdinalOfBytes, nirOrdinalOfText } from './nir-ordinal.js';
import { RowCache } from './row-cache.js';
import { CHANNEL_CODES, FORMULA_CODES, PRACTITIONER_KIND_CODES } from './snapshot-codes.js';

/** Row counts of a referential: for the run summary and `tpliq referential compile`'s report. */
export interface ReferentialCounts {
  amcs: number;
  practitioners: number;
  beneficiaries: number;
  guarantees: number;
  pecs: number;
  actDomains: number;
  contracts: number;
  domains: number;
}

const NO_BENEFICIARIES: readonly Beneficiary[] = Object.freeze([]);
const DIGITS = /^\d+$/;
/**
 * One beneficiary row in this many has its NIR in the view's sample (as its ordinal, 8 bytes):
 * ≈ 1 MiB a worker for 2 M beneficiaries. See beneficiariesByNir.
 */
const NIR_SAMPLE_EVERY = 16;
/** A NIR key's two digits, made once: "00" to "99" (beneficiaryAt gives one per beneficiary found). */
const NIR_KEY_TEXTS: readonly string[] = Array.from({ length: 100 }, (_, key) => String(key).padStart(2, '0'));
/** Practitioners whose objects a view keeps (≈ 0.3 KiB each: ≈ 300 KiB a worker at most). */
const PRACTITIONER_CACHE_SLOTS = 1024;

/**
 * The ReferentialView over a decoded snapshot. Construction builds maps for the small tables only
 * (AMCs, contracts, domains, act codes: hundreds to thousands of entries); the big tables stay as
 * byte columns and are binary-searched on their sorted key. Domain objects are built for the rows
 * a lookup returns.
 *
 * Practitioners and guarantees are asked for again and again (each invoice of a practitioner,
 * each line of a contract), so their objects are kept, and frozen, since callers share them:
 * every guarantee row used (a referential has few), and practitioners in a bounded RowCache (a
 * night may meet most of 100 000, but one practitioner's invoices come together). Beneficiaries
 * and PECs are many and mostly asked for once (a PEC covers one invoice), so they are rebuilt per
 * lookup and never retained: a kept PEC object per row used made each worker's heap grow with the
 * input (≈ 50 MiB a worker at 10 M lines).
 */
export class SnapshotView implements ReferentialView {
  readonly counts: ReferentialCounts;

  private readonly amcs: readonly Amc[];
  private readonly amcIndex: ReadonlyMap<string, number>;
  private readonly amcRowStart: readonly number[];
  private readonly amcRowEnd: readonly number[];
  private readonly contracts: readonly string[];
  private readonly contractIndex: ReadonlyMap<string, number>;
  private readonly domains: readonly string[];
  private readonly domainIndex: ReadonlyMap<string, number>;
  private readonly actDomains: ReadonlyMap<string, ActDomain>;
  /** Longest act-code prefix entry (without its '*'); 0 when the table has none. */
  private readonly actPrefixLengthMax: number;
  /** Versions of each classified code, by valid_from (the snapshot's order). */
  private readonly equipmentItems: ReadonlyMap<string, readonly EquipmentItem[]>;
  private readonly equipmentMaxima: ReadonlyMap<string, readonly { maximumCents: Cents; from: DateYmd; to: DateYmd }[]>;
  /** Versions of each guarantee's ceiling, by contract then domain, by valid_from. */
  private readonly guaranteeLimits: ReadonlyMap<string, ReadonlyMap<string, readonly GuaranteeLimit[]>>;

  private readonly practitioners: PractitionerColumns;
  private readonly practitionerCache = new RowCache<Practitioner>(PRACTITIONER_CACHE_SLOTS);
  private readonly buildPractitioner = (row: number): Practitioner => this.practitionerAt(row);
  private readonly beneficiaries: BeneficiaryColumns;
  /** NIR ordinal of rows 0, NIR_SAMPLE_EVERY, 2 × NIR_SAMPLE_EVERY…; undefined when a sampled NIR has none. */
  private readonly nirSample: Float64Array | undefined;
  private readonly guarantees: GuaranteeColumns;
  private readonly guaranteeCache: (Guarantee | undefined)[];
  private readonly pecs: PecColumns;

  constructor(
    referential: ReferentialMessage,
    readonly snapshotId: string,
  ) {
    this.amcs = referential.amcs.map((amc) => Object.freeze({ amcNumber: amc.amcNumber, name: amc.name }));
    this.amcIndex = new Map(referential.amcs.map((amc, index) => [amc.amcNumber, index]));
    this.amcRowStart = referential.amcs.map((amc) => amc.beneficiaryStart);
    this.amcRowEnd = referential.amcs.map((amc) => amc.beneficiaryEnd);
    this.contracts = referential.contracts;
    this.contractIndex = new Map(referential.contracts.map((contract, index) => [contract, index]));
    this.domains = referential.domains;
    this.domainIndex = new Map(referential.domains.map((domain, index) => [domain, index]));
    this.actDomains = new Map(
      referential.actDomains.map((act) => [
        act.actCode,
        Object.freeze({
          actCode: act.actCode,
          domain: act.domain,
          family: act.family,
          roReimbursable: act.roReimbursable,
          needsAccordPrealable: act.needsAccordPrealable === true,
        }),
      ]),
    );
    this.actPrefixLengthMax = Math.max(
      0,
      ...referential.actDomains.filter((act) => act.actCode.endsWith(ACT_CODE_PREFIX_MARK)).map((act) => act.actCode.length - 1),
    );

    this.equipmentItems = groupByKey(
      referential.equipmentLimits.map((item) =>
        Object.freeze({
          actCode: item.actCode,
          kind: item.kind as EquipmentKind,
          santeClass: item.santeClass as SanteClass,
          lensGrade: item.lensGrade === '' ? undefined : (item.lensGrade as LensGrade),
          priceLimitCents: item.priceLimitCents as Cents,
          validity: Object.freeze({ from: item.validFrom as DateYmd, to: item.validTo as DateYmd }),
        }),
      ),
      (item) => item.actCode,
    );
    this.equipmentMaxima = groupByKey(
      referential.equipmentMaxima.map((maximum) => ({
        limit: maximum.limit,
        maximumCents: maximum.maximumCents as Cents,
        from: maximum.validFrom as DateYmd,
        to: maximum.validTo as DateYmd,
      })),
      (maximum) => maximum.limit,
    );

    const limitsByContract = groupByKey(
      referential.guaranteeLimits.map((limit) =>
        Object.freeze({
          contract: limit.contract, domain: limit.domain, limitId: limit.limitId, amountCents: limit.amountCents as Cents, count: limit.count,
          period: limit.period as LimitPeriod, years: limit.years, validity: Object.freeze({ from: limit.validFrom as DateYmd, to: limit.validTo as DateYmd }),
        }),
      ),
      (limit) => limit.contract,
    );
    this.guaranteeLimits = new Map([...limitsByContract].map(([contract, limits]) => [contract, groupByKey(limits, (limit) => limit.domain)]));

    const p = referential.practitioners;
    this.practitioners = {
      count: p.count,
      billingId: new AsciiColumn(p.billingId, BILLING_ID_WIDTH),
      kind: p.kind,
      name: new Utf8Column(p.name),
      address: new Utf8Column(p.address),
      iban: new Utf8Column(p.iban),
      bic: new Utf8Column(p.bic),
      email: new Utf8Column(p.email),
      optam: p.optam,
      specialty: new AsciiColumn(p.specialty, 2),
      channel: p.channel,
      conventionFrom: new Int32Column(p.conventionFrom),
      conventionTo: new Int32Column(p.conventionTo),
    };

    const b = referential.beneficiaries;
    const periods = b.count === 0 ? 0 : new Uint32Column(b.rightsStart).at(b.count);
    this.beneficiaries = {
      count: b.count,
      nir: new AsciiColumn(b.nir, NIR_WIDTH),
      nirKey: b.nirKey,
      birthDate: new Int32Column(b.birthDate),
      birthRank: b.birthRank,
      memberNumber: new Utf8Column(b.memberNumber),
      cardFrom: new DayColumn(b.cardFrom, b.count),
      cardTo: new DayColumn(b.cardTo, b.count),
      contract: new Uint32Column(b.contract),
      c2s: b.c2s,
      vitaleOppositionDate: new DayColumn(b.vitaleOppositionDate, b.count),
      rightsStart: new Uint32Column(b.rightsStart),
      rightsFrom: new DayColumn(b.rightsFrom, periods),
      rightsTo: new DayColumn(b.rightsTo, periods),
    };

    this.nirSample = sampleNirOrdinals(this.beneficiaries.nir.bytes, b.count);

    const g = referential.guarantees;
    this.guarantees = {
      count: g.count,
      contract: new Uint32Column(g.contract),
      domain: new Uint32Column(g.domain),
      formula: g.formula,
      ratePpm: new Int32Column(g.ratePpm),
      amountCents: new Int32Column(g.amountCents),
      pecRequired: g.pecRequired,
      responsable: g.responsable,
      validFrom: new Int32Column(g.validFrom),
      validTo: new Int32Column(g.validTo),
    };
    this.guaranteeCache = new Array<Guarantee | undefined>(g.count);

    const c = referential.pecs;
    this.pecs = {
      count: c.count,
      pecNumber: new Utf8Column(c.pecNumber),
      amc: new Uint32Column(c.amc),
      nir: new AsciiColumn(c.nir, NIR_WIDTH),
      practitionerId: new AsciiColumn(c.practitionerId, BILLING_ID_WIDTH),
      domain: new Uint32Column(c.domain),
      grantedCents: new Int32Column(c.grantedCents),
      validFrom: new Int32Column(c.validFrom),
      validTo: new Int32Column(c.validTo),
    };

    this.counts = Object.freeze({
      amcs: this.amcs.length,
      practitioners: p.count,
      beneficiaries: b.count,
      guarantees: g.count,
      pecs: c.count,
      actDomains: this.actDomains.size,
      contracts: this.contracts.length,
      domains: this.domains.length,
    });
  }

  amc(amcNumber: string): Amc | undefined {
    const index = this.amcIndexOf(amcNumber);
    return index === undefined ? undefined : this.amcs[index];
  }

  practitioner(billingId: string): Practitioner | undefined {
    const t = this.practitioners;
    if (billingId.length !== BILLING_ID_WIDTH) return undefined;
    const row = lowerBoundOfText(t.billingId, 0, t.count, billingId);
    if (row >= t.count || t.billingId.compare(row, billingId) !== 0) return undefined;
    return this.practitionerCache.get(row, this.buildPractitioner);
  }

  beneficiariesByNir(amcNumber: string, nir: string): readonly Beneficiary[] {
    const amc = this.amcIndexOf(amcNumber);
    if (amc === undefined || nir.length !== NIR_WIDTH) return NO_BENEFICIARIES;
    const t = this.beneficiaries;
    const end = this.amcRowEnd[amc]!;
    let low = this.amcRowStart[amc]!;
    let high = end;
    // The hottest search of a run (one per invoice). Each step of a search over the NIR column
    // reads another page of a table of millions of rows: the first steps go through the sample
    // instead (1 MiB of numbers, which stays in the caches), down to NIR_SAMPLE_EVERY rows.
    const sample = this.nirSample;
    const ordinal = sample === undefined ? -1 : nirOrdinalOfText(nir);
    if (sample !== undefined && ordinal >= 0) {
      const firstSampled = Math.ceil(low / NIR_SAMPLE_EVERY);
      const endSampled = Math.ceil(high / NIR_SAMPLE_EVERY);
      let s = firstSampled;
      let e = endSampled;
      while (s < e) {
        const middle = (s + e) >>> 1;
        if (sample[middle]! < ordinal) s = middle + 1;
        else e = middle;
      }
      // Sampled rows before s sort before the NIR, the one at s (if any) not: the first row of
      // the NIR is after the former and at or before the latter.
      if (s > firstSampled) low = (s - 1) * NIR_SAMPLE_EVERY + 1;
      if (s < endSampled) high = s * NIR_SAMPLE_EVERY;
    }
    const first = lowerBoundOfText(t.nir, low, high, nir);
    if (first >= end || t.nir.compare(first, nir) !== 0) return NO_BENEFICIARIES;
    const amcNumber10 = this.amcs[amc]!.amcNumber;
    const found: Beneficiary[] = [];
    for (let row = first; row < end && t.nir.compare(row, nir) === 0; row++) found.push(this.beneficiaryAt(row, amcNumber10, nir));
    return found;
  }

  guarantee(contract: string, domain: string, at: DateYmd): Guarantee | undefined {
    const contractIndex = this.contractIndex.get(contract);
    const domainIndex = this.domainIndex.get(domain);
    if (contractIndex === undefined || domainIndex === undefined) return undefined;
    const t = this.guarantees;
    // Written out rather than through lowerBound: asked for each line of each invoice, and a
    // comparison closure would be made for each.
    let low = 0;
    let high = t.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((t.contract.at(middle) - contractIndex || t.domain.at(middle) - domainIndex) < 0) low = middle + 1;
      else high = middle;
    }
    // Versions of one (contract, domain) are sorted by start and never overlap: the first whose
    // end is on or after the day is the only candidate.
    for (let row = low; row < t.count && t.contract.at(row) === contractIndex && t.domain.at(row) === domainIndex; row++) {
      if (t.validTo.at(row) < at) continue;
      if (t.validFrom.at(row) > at) return undefined;
      return (this.guaranteeCache[row] ??= this.guaranteeAt(row));
    }
    return undefined;
  }

  pec(pecNumber: string): Pec | undefined {
    const t = this.pecs;
    const row = lowerBoundOfText(t.pecNumber, 0, t.count, pecNumber);
    if (row >= t.count || t.pecNumber.compare(row, pecNumber) !== 0) return undefined;
    return this.pecAt(row);
  }

  /** Exact act code first; else the longest prefix entry (`HBLD*` for HBLD036). */
  actDomain(actCode: string): ActDomain | undefined {
    const exact = this.actDomains.get(actCode);
    if (exact !== undefined || this.actPrefixLengthMax === 0) return exact;
    for (let length = Math.min(actCode.length, this.actPrefixLengthMax); length > 0; length--) {
      const byPrefix = this.actDomains.get(actCode.slice(0, length) + ACT_CODE_PREFIX_MARK);
      if (byPrefix !== undefined) return byPrefix;
    }
    return undefined;
  }

  equipmentItem(actCode: string, at: DateYmd): EquipmentItem | undefined {
    const versions = this.equipmentItems.get(actCode);
    if (versions === undefined) return undefined;
    return versions.find((item) => item.validity.from <= at && at <= item.validity.to);
  }

  equipmentMaximumCents(limit: EquipmentMaximumKey, at: DateYmd): Cents | undefined {
    return this.equipmentMaxima.get(limit)?.find((maximum) => maximum.from <= at && at <= maximum.to)?.maximumCents;
  }

  guaranteeLimit(contract: string, domain: string, at: DateYmd): GuaranteeLimit | undefined {
    // Asked for each covered line: two map lookups, no key made, no closure.
    const versions = this.guaranteeLimits.get(contract)?.get(domain);
    if (versions === undefined) return undefined;
    for (const limit of versions) if (limit.validity.from <= at && at <= limit.validity.to) return limit;
    return undefined;
  }

  /** The AMC's position; the number is matched as B2 carries it, zero-filled to 10 digits. */
  private amcIndexOf(amcNumber: string): number | undefined {
    const padded = amcNumber.length < AMC_NUMBER_WIDTH && DIGITS.test(amcNumber) ? padAmcNumber(amcNumber) : amcNumber;
    return this.amcIndex.get(padded);
  }

  private practitionerAt(row: number): Practitioner {
    const t = this.practitioners;
    return Object.freeze({
      billingId: t.billingId.textAt(row),
      kind: PRACTITIONER_KIND_CODES[t.kind[row]!]!,
      name: t.name.textAt(row),
      address: t.address.textAt(row),
      iban: t.iban.textAt(row),
      bic: t.bic.textAt(row),
      email: t.email.textAt(row),
      optam: t.optam[row] === 1,
      specialty: t.specialty.textAt(row).trimEnd(),
      channel: CHANNEL_CODES[t.channel[row]!]!,
      conventionFrom: t.conventionFrom.at(row) as DateYmd,
      conventionTo: t.conventionTo.at(row) as DateYmd,
    });
  }

  /** @param nir the row's NIR, as the search matched it: not read again from the column. */
  private beneficiaryAt(row: number, amcNumber: string, nir: string): Beneficiary {
    const t = this.beneficiaries;
    const rights: Period[] = [];
    for (let period = t.rightsStart.at(row); period < t.rightsStart.at(row + 1); period++) {
      rights.push({ from: t.rightsFrom.at(period) as DateYmd, to: t.rightsTo.at(period) as DateYmd });
    }
    const nirKey = t.nirKey[row]!;
    return {
      amcNumber,
      memberNumber: t.memberNumber.textAt(row),
      nir,
      nirKey: nirKey < NIR_KEY_TEXTS.length ? NIR_KEY_TEXTS[nirKey]! : String(nirKey),
      birthDate: t.birthDate.at(row) as DateYmd,
      birthRank: t.birthRank[row]!,
      card: { from: t.cardFrom.at(row) as DateYmd, to: t.cardTo.at(row) as DateYmd },
      rights,
      contract: this.contracts[t.contract.at(row)]!,
      c2s: t.c2s[row] === 1,
      vitaleOppositionDate: t.vitaleOppositionDate.at(row) as DateYmd,
    };
  }

  private guaranteeAt(row: number): Guarantee {
    const t = this.guarantees;
    return Object.freeze({
      contract: this.contracts[t.contract.at(row)]!,
      domain: this.domains[t.domain.at(row)]!,
      formula: FORMULA_CODES[t.formula[row]!]!,
      rate: t.ratePpm.at(row) as RatePpm,
      amountCents: t.amountCents.at(row) as Cents,
      pecRequired: t.pecRequired[row] === 1,
      responsable: t.responsable[row] === 1,
      validity: Object.freeze({ from: t.validFrom.at(row) as DateYmd, to: t.validTo.at(row) as DateYmd }),
    });
  }

  private pecAt(row: number): Pec {
    const t = this.pecs;
    return Object.freeze({
      pecNumber: t.pecNumber.textAt(row),
      amcNumber: this.amcs[t.amc.at(row)]!.amcNumber,
      nir: t.nir.textAt(row),
      practitionerId: t.practitionerId.textAt(row),
      domain: this.domains[t.domain.at(row)]!,
      grantedCents: t.grantedCents.at(row) as Cents,
      validity: Object.freeze({ from: t.validFrom.at(row) as DateYmd, to: t.validTo.at(row) as DateYmd }),
    });
  }
}

/** The sample of beneficiariesByNir; undefined when a sampled row's NIR has no ordinal (an unverified snapshot). */
function sampleNirOrdinals(nirBytes: Uint8Array, rows: number): Float64Array | undefined {
  const sample = new Float64Array(Math.ceil(rows / NIR_SAMPLE_EVERY));
  for (let i = 0; i < sample.length; i++) {
    const ordinal = nirOrdinalOfBytes(nirBytes, i * NIR_SAMPLE_EVERY * NIR_WIDTH);
    if (ordinal < 0) return undefined;
    sample[i] = ordinal;
  }
  return sample;
}

interface PractitionerColumns {
  count: number;
  billingId: AsciiColumn;
  kind: Uint8Array;
  name: Utf8Column;
  address: Utf8Column;
  iban: Utf8Column;
  bic: Utf8Column;
  email: Utf8Column;
  optam: Uint8Array;
  specialty: AsciiColumn;
  channel: Uint8Array;
  conventionFrom: Int32Column;
  conventionTo: Int32Column;
}

interface BeneficiaryColumns {
  count: number;
  nir: AsciiColumn;
  nirKey: Uint8Array;
  birthDate: Int32Column;
  birthRank: Uint8Array;
  memberNumber: Utf8Column;
  cardFrom: DayColumn;
  cardTo: DayColumn;
  contract: Uint32Column;
  c2s: Uint8Array;
  vitaleOppositionDate: DayColumn;
  rightsStart: Uint32Column;
  rightsFrom: DayColumn;
  rightsTo: DayColumn;
}

interface GuaranteeColumns {
  count: number;
  contract: Uint32Column;
  domain: Uint32Column;
  formula: Uint8Array;
  ratePpm: Int32Column;
  amountCents: Int32Column;
  pecRequired: Uint8Array;
  responsable: Uint8Array;
  validFrom: Int32Column;
  validTo: Int32Column;
}

interface PecColumns {
  count: number;
  pecNumber: Utf8Column;
  amc: Uint32Column;
  nir: AsciiColumn;
  practitionerId: AsciiColumn;
  domain: Uint32Column;
  grantedCents: Int32Column;
  validFrom: Int32Column;
  validTo: Int32Column;
}

/** Rows grouped by key, each group in the rows' order (the snapshot's: by valid_from). */
function groupByKey<T>(rows: readonly T[], keyOf: (row: T) => string): ReadonlyMap<string, readonly T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return groups;
}
