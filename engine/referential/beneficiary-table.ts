import type { BeneficiaryCsvRow } from '../../codecs/csv/beneficiaries-csv.js';
import { formatYmd } from '../../codecs/csv/field-parsers.js';
import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import { NIR_WIDTH } from '../../codecs/csv/referential-shapes.js';
import type { BeneficiaryTableMessage } from '../../codecs/proto/referential-proto.js';
import { ByteColumnBuilder, IntColumnBuilder, littleEndianBytes, StringColumnBuilder } from './column-builders.js';
import { dayColumnBytes } from './day-column.js';
import { nirOrdinalOfBytes } from './nir-ordinal.js';

/** Row range of each AMC in the sorted table: [start, end). */
export interface RowRange {
  start: number;
  end: number;
}

const DUPLICATE_KEY_COLUMNS = 'amc_number+nir+birth_date+birth_rank+member_number+card_from';

/**
 * The beneficiaries, built column by column as the CSV is read (the referential's big table: a
 * JavaScript object per row would cost several times the memory), then sorted into the snapshot's
 * canonical order (AMC, NIR, birth date, birth rank, member number, card start). That order is also
 * the key: two rows equal on all six are the same card entry twice.
 */
export class BeneficiaryTableBuilder {
  private readonly amc = new IntColumnBuilder(true);
  private readonly nir = new ByteColumnBuilder(NIR_WIDTH);
  private readonly nirKey = new ByteColumnBuilder();
  private readonly birthDate = new IntColumnBuilder();
  private readonly birthRank = new ByteColumnBuilder();
  private readonly memberNumber = new StringColumnBuilder();
  private readonly cardFrom = new IntColumnBuilder();
  private readonly cardTo = new IntColumnBuilder();
  private readonly contract = new IntColumnBuilder(true);
  private readonly c2s = new ByteColumnBuilder();
  private readonly vitaleOppositionDate = new IntColumnBuilder();
  /** Index of each row's first period in rightsFrom / rightsTo. */
  private readonly rightsStart = new IntColumnBuilder(true);
  private readonly rightsFrom = new IntColumnBuilder();
  private readonly rightsTo = new IntColumnBuilder();
  /** Source line of each row: for duplicate reports only, not stored in the snapshot. */
  private readonly line = new IntColumnBuilder(true);

  get count(): number {
    return this.line.length;
  }

  append(row: BeneficiaryCsvRow, amcIndex: number, contractIndex: number): void {
    this.amc.push(amcIndex);
    this.nir.pushAscii(row.nir);
    this.nirKey.push(Number(row.nirKey));
    this.birthDate.push(row.birthDate);
    this.birthRank.push(row.birthRank);
    this.memberNumber.push(row.memberNumber);
    this.cardFrom.push(row.cardFrom);
    this.cardTo.push(row.cardTo);
    this.contract.push(contractIndex);
    this.c2s.push(row.c2s ? 1 : 0);
    this.vitaleOppositionDate.push(row.vitaleOppositionDate);
    this.rightsStart.push(this.rightsFrom.length);
    for (const period of row.rights) {
      this.rightsFrom.push(period.from);
      this.rightsTo.push(period.to);
    }
    this.line.push(row.line);
  }

  /**
   * Sorts, reports duplicate entries (the later line, naming the earlier), and returns the table
   * with each AMC's row range (`amcCount` AMCs, empty ranges for AMCs without beneficiaries).
   */
  finish(file: string, issues: IssueSink, amcCount: number): { table: BeneficiaryTableMessage; amcRanges: RowRange[] } {
    const count = this.count;
    const nirOrder = this.nirSortKeys();
    const order: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) order[i] = i;
    const compareKey = (a: number, b: number): number =>
      this.amc.at(a) - this.amc.at(b) ||
      (nirOrder[a]! < nirOrder[b]! ? -1 : nirOrder[a]! > nirOrder[b]! ? 1 : 0) ||
      this.birthDate.at(a) - this.birthDate.at(b) ||
      this.birthRank.byteAt(a) - this.birthRank.byteAt(b) ||
      this.memberNumber.compare(a, b) ||
      this.cardFrom.at(a) - this.cardFrom.at(b);
    order.sort((a, b) => compareKey(a, b) || this.line.at(a) - this.line.at(b));

    for (let i = 1; i < count; i++) {
      const original = order[i - 1]!;
      const duplicate = order[i]!;
      if (compareKey(original, duplicate) !== 0) continue;
      issues.report(
        'TPLIQ_REF_DUPLICATE_KEY',
        file,
        this.line.at(duplicate),
        DUPLICATE_KEY_COLUMNS,
        `the same beneficiary and card (from ${formatYmd(this.cardFrom.at(duplicate))}) is already on line ${this.line.at(original)}`,
      );
    }

    const amcRanges: RowRange[] = Array.from({ length: amcCount }, () => ({ start: 0, end: 0 }));
    for (let i = 0; i < count; ) {
      const amc = this.amc.at(order[i]!);
      let end = i + 1;
      while (end < count && this.amc.at(order[end]!) === amc) end++;
      const range = amcRanges[amc];
      if (range !== undefined) {
        range.start = i;
        range.end = end;
      }
      i = end;
    }
    // Empty ranges sit where their AMC would be, so that ranges stay ascending in AMC order.
    let previousEnd = 0;
    for (const range of amcRanges) {
      if (range.end === 0) range.start = range.end = previousEnd;
      previousEnd = range.end;
    }

    return { table: this.tableInOrder(order), amcRanges };
  }

  /** Each NIR as its ordinal (nir-ordinal.ts): comparing two numbers is much cheaper than 13 bytes inside a sort of millions of rows. */
  private nirSortKeys(): Float64Array {
    const bytes = this.nir.view();
    const keys = new Float64Array(this.count);
    for (let row = 0; row < this.count; row++) keys[row] = nirOrdinalOfBytes(bytes, row * NIR_WIDTH);
    return keys;
  }

  /** Periods of row `row` (insertion order): [first, end) in rightsFrom / rightsTo. */
  private periodRange(row: number): [number, number] {
    const end = row + 1 < this.count ? this.rightsStart.at(row + 1) : this.rightsFrom.length;
    return [this.rightsStart.at(row), end];
  }

  private tableInOrder(order: readonly number[]): BeneficiaryTableMessage {
    const count = order.length;
    const rightsStart = new Uint32Array(count + 1);
    const rightsFrom = new Int32Array(this.rightsFrom.length);
    const rightsTo = new Int32Array(this.rightsTo.length);
    let at = 0;
    for (let i = 0; i < count; i++) {
      rightsStart[i] = at;
      const [first, end] = this.periodRange(order[i]!);
      for (let period = first; period < end; period++, at++) {
        rightsFrom[at] = this.rightsFrom.at(period);
        rightsTo[at] = this.rightsTo.at(period);
      }
    }
    rightsStart[count] = at;
    return {
      count,
      nir: this.nir.bytesInOrder(order),
      nirKey: this.nirKey.bytesInOrder(order),
      birthDate: this.birthDate.bytesInOrder(order),
      birthRank: this.birthRank.bytesInOrder(order),
      memberNumber: this.memberNumber.columnInOrder(order),
      cardFrom: this.dayColumnInOrder(this.cardFrom, order),
      cardTo: this.dayColumnInOrder(this.cardTo, order),
      contract: this.contract.bytesInOrder(order),
      c2s: this.c2s.bytesInOrder(order),
      vitaleOppositionDate: this.dayColumnInOrder(this.vitaleOppositionDate, order),
      rightsStart: littleEndianBytes(rightsStart),
      rightsFrom: dayColumnBytes(rightsFrom),
      rightsTo: dayColumnBytes(rightsTo),
    };
  }

  private dayColumnInOrder(column: IntColumnBuilder, order: ArrayLike<number>): Uint8Array {
    return dayColumnBytes(column.valuesInOrder(order));
  }
}
