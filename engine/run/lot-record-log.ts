import type { LotRecord } from '../ledger/run-record.js';

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
  private arlPositive = new Uint8Array(1024);
  private readonly lotNumberOf = new Map<string, string>();

  get size(): number {
    return this.files.length;
  }

  add(lot: LotRecord): void {
    const at = this.files.length;
    if (at === this.arlPositive.length) {
      const wider = new Uint8Array(2 * at);
      wider.set(this.arlPositive);
      this.arlPositive = wider;
    }
    let lotNumber = this.lotNumberOf.get(lot.lotNumber);
    if (lotNumber === undefined) this.lotNumberOf.set(lot.lotNumber, (lotNumber = lot.lotNumber));
    this.files.push(lot.file);
    this.lotNumbers.push(lotNumber);
    this.arlPositive[at] = lot.arlPositive ? 1 : 0;
  }

  /** The lots in the order they were added, as the ledger's run header takes them. */
  toArray(): LotRecord[] {
    return this.files.map((file, at) => ({ file, lotNumber: this.lotNumbers[at]!, arlPositive: this.arlPositive[at] === 1 }));
  }
}
