import type { LotRecord } from '../ledger/run-record.js';
import { ByteColumnBuilder } from '../referential/column-builders.js';

/**
 * The lots a run has read, kept for the ledger's run header until the input is over. A night of
 * 10 M lines has ≈ 69 000 lots: as LotRecord objects each with its own lot-number string they
 * were ≈ 4.7 MiB of the main thread's heap at the end of the intake (heap snapshot), growing with
 * the input. Here a lot costs two references and a byte: the file name is the caller's string, and
 * lot numbers ("001", "002"…) are shared, one string per distinct number.
 */
export class LotRecordLog {
  private readonly files: string[] = [];
  private readonly lotNumbers: string[] = [];
  private readonly arlPositive = new ByteColumnBuilder();
  private readonly lotNumberOf = new Map<string, string>();
  /**
   * The lot numbers of the file being logged. The ledger keeps one row per (file, lot number): a
   * lot repeated inside a file is refused at intake (TPLIQ_B2_LOT_REPEATED) and never logged, so
   * meeting one here is a programmer error. Lots arrive file by file, so only the current file's
   * numbers are kept (a few hundred at most), not the run's.
   */
  private currentFile: string | undefined;
  private readonly currentFileLots = new Set<string>();

  get size(): number {
    return this.files.length;
  }

  add(lot: LotRecord): void {
    if (lot.file !== this.currentFile) {
      this.currentFile = lot.file;
      this.currentFileLots.clear();
    }
    if (this.currentFileLots.has(lot.lotNumber)) throw new Error(`lot ${lot.lotNumber} of ${lot.file} logged twice: intake must refuse a repeated lot`);
    this.currentFileLots.add(lot.lotNumber);
    let lotNumber = this.lotNumberOf.get(lot.lotNumber);
    if (lotNumber === undefined) this.lotNumberOf.set(lot.lotNumber, (lotNumber = lot.lotNumber));
    this.files.push(lot.file);
    this.lotNumbers.push(lotNumber);
    this.arlPositive.push(lot.arlPositive ? 1 : 0);
  }

  /** The lots in the order they were added, as the ledger's run header takes them. */
  toArray(): LotRecord[] {
    return this.files.map((file, at) => ({ file, lotNumber: this.lotNumbers[at]!, arlPositive: this.arlPositive.byteAt(at) === 1 }));
  }
}
