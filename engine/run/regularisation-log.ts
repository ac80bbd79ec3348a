import { closeSync, openSync, readFileSync } from 'node:fs';
import type { Debt, Regularisation } from '../domain/regularisation.js';
import type { Cents, DateYmd } from '../domain/units.js';
import { PRIVATE_FILE_MODE } from '../private-files.js';
import { FileAppendBuffer } from './file-append-buffer.js';

/** The lines wait in a buffer of this size before a write. */
const LINES_BUFFER_BYTES = 1 << 16;

/**
 * The day's accepted rectificatives and annulations, and the debts the ones that lower a care's
 * amount create, kept in a file of the spool while the intake runs and read back once it is
 * over, when the settlement, the returns and the ledger need them.
 *
 * Why not in memory: they are needed only after the intake, but held as objects they grew with the
 * night through the intake, where the run's memory peaks. The 10 M-line day of the benchmark
 * accepts ≈ 38 700 of them and ≈ 25 900 debts: with their invoice numbers, ≈ 66 000 objects of
 * the main thread's heap at the end of its intake (docs/performance.md, change 40).
 *
 * A line is a JSON array (the texts are the inputs' invoice numbers, escaped as JSON escapes them).
 */
export class RegularisationLog {
  private readonly fd: number;
  private readonly lines: FileAppendBuffer;
  private closed = false;
  private loaded: RegularisationsOfDay | undefined;

  constructor(
    private readonly path: string,
    private readonly accountingDate: DateYmd,
  ) {
    const fd = (this.fd = openSync(path, 'w', PRIVATE_FILE_MODE));
    this.lines = new FileAppendBuffer(() => fd, LINES_BUFFER_BYTES);
  }

  /** An accepted rectificative or annulation of the practitioner's invoice `invoiceNumber`, in input order. */
  add(sequence: number, practitionerId: string, amcNumber: string, invoiceNumber: string, r: Regularisation): void {
    if (this.closed) throw new Error(`${this.path}: a regularisation added after the intake`);
    const line: LoggedRegularisation = [sequence, practitionerId, amcNumber, invoiceNumber, r.nature, r.rectifiedInvoice, r.originalInvoice, r.previousCents, r.newCents, r.deltaCents];
    this.lines.append(`${JSON.stringify(line)}\n`);
  }

  /** The intake is over: what is buffered is written. */
  close(): void {
    if (this.closed) return;
    this.lines.flush();
    closeSync(this.fd);
    this.closed = true;
  }

  /** The intake failed: the file is let go without writing more. */
  abandon(): void {
    if (this.closed) return;
    closeSync(this.fd);
    this.closed = true;
  }

  /** The day's regularised invoices and the debts they created, each in input order: read once, after `close`. */
  read(): RegularisationsOfDay {
    if (!this.closed) throw new Error(`${this.path}: the regularisations are read before the intake is over`);
    return (this.loaded ??= this.parse());
  }

  private parse(): RegularisationsOfDay {
    const regularised: RegularisedInvoice[] = [];
    const debtsCreated: Debt[] = [];
    for (const text of readFileSync(this.path, 'utf8').split('\n')) {
      if (text === '') continue;
      const [sequence, practitionerId, amcNumber, invoiceNumber, nature, rectifiedInvoice, originalInvoice, previousCents, newCents, deltaCents] = JSON.parse(text) as LoggedRegularisation;
      regularised.push({ sequence, practitionerId, invoiceNumber, regularisation: { nature, rectifiedInvoice, originalInvoice, previousCents, newCents, deltaCents } });
      if (deltaCents < 0) {
        debtsCreated.push({ practitionerId, amcNumber, invoiceNumber, originalInvoice, amountCents: -deltaCents as Cents, createdOn: this.accountingDate });
      }
    }
    return { regularised, debtsCreated };
  }
}

/** An accepted rectificative or annulation, for the ledger and the practitioner's return. */
export interface RegularisedInvoice {
  sequence: number;
  practitionerId: string;
  invoiceNumber: string;
  regularisation: Regularisation;
}

export interface RegularisationsOfDay {
  /** The accepted rectificatives and annulations, in input order. */
  regularised: RegularisedInvoice[];
  /** The debts they created, in input order. */
  debtsCreated: Debt[];
}

type LoggedRegularisation = [
  sequence: number, practitionerId: string, amcNumber: string, invoiceNumber: string,
  nature: Regularisation['nature'], rectifiedInvoice: string, originalInvoice: string,
  previousCents: Cents, newCents: Cents, deltaCents: number,
];
