import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { InvoiceOutcomeMessage } from '../../codecs/proto/liquidation-codec.js';
import type { CalendarKind } from '../calendar/banking-calendar.js';
import { dueDate, paymentTermChannelOf } from '../calendar/due-date.js';
import { defaultExecutionDate } from '../settle/execution-date.js';
import { c2sIncrease } from '../settle/c2s-increase.js';
import type { Decision } from '../domain/decision.js';
import type { Regularisation } from '../domain/regularisation.js';
import { isSignalement, type Motive } from '../domain/motive.js';
import type { Cents, DateYmd } from '../domain/units.js';
import type { LotRef } from '../pipeline/task.js';
import { motive } from '../rules/motive-factory.js';
import { exactKey, exactKeyHalf } from './exact-key.js';
import { KeySet64 } from './key-set-64.js';
import type { RunKeySet } from './run-key-set.js';
import { pecKey } from './pec-key.js';
import type { LedgerLookups } from './ledger-lookups.js';
import { judgeRegularisation, regularisationSignalement, type RunRegularisationState } from './regularisation-judge.js';
import { CounterBook, type CounterJudgement } from './counter-book.js';
import type { CounterConsumption } from '../domain/counter-consumption.js';

/** A decided invoice with what the outputs need to write it (NOEMIE needs the NIR, ARL the lot…). */
export interface CommittedInvoice {
  decision: Decision;
  outcome: InvoiceOutcomeMessage;
  lot: LotRef;
  /** Payment later than the due date (the run reports it; it does not change the decision). */
  lateBankingDays: boolean;
  /** What the paid invoice took from (or gave back to) the counters; absent when nothing. */
  consumptions?: CounterConsumption[];
}

export interface CommitOptions {
  accountingDate: DateYmd;
  /** The day the transfers are made (pain.001 ReqdExctnDt): a C2S claim paid after its due date is increased. Default: defaultExecutionDate. */
  executionDate?: DateYmd;
  calendar: CalendarKind;
  ledger: LedgerLookups;
  /**
   * Makes the run's key sets (paid exact keys, paid functional keys, used PECs). In memory by
   * default; a run that may see millions of invoices passes SpilledKeySet so memory stays flat.
   */
  keySet?: (name: 'paid-exact' | 'paid-functional' | 'used-pecs') => RunKeySet;
}

/**
 * The sequential half of liquidation, on the main thread, in input order (file, then offset): what
 * depends on other invoices — duplicates within the run and against the ledger, single use of a
 * PEC — and the final word, PAID whole or REJECTED whole with every motive (protocol §5-1).
 * Invoices are held per lot until the lot's trailer has been checked: a negative ARL rejects the
 * whole lot, and a rejected lot must not leave duplicate keys or used PECs behind.
 */
export class CommitStep {
  private readonly paidExact: RunKeySet;
  private readonly paidFunctional: RunKeySet;
  private readonly usedPecs: RunKeySet;
  private pending: Array<{ outcome: InvoiceOutcomeMessage; lot: LotRef }> = [];
  private readonly dueDates = new Map<string, DateYmd>();
  private lastLot: LotRef | undefined;
  private lastLotDue = 0 as DateYmd;
  /** `practitioner|original invoice` of the cares regularised in this run (a few a night). */
  private readonly regularisedCares = new Set<string>();
  private readonly runState: RunRegularisationState;
  private readonly counters: CounterBook;
  private finished = false;
  private readonly executionDate: DateYmd;

  constructor(private readonly options: CommitOptions, private readonly emit: (committed: CommittedInvoice) => void) {
    this.executionDate = options.executionDate ?? defaultExecutionDate(options.accountingDate);
    const make = options.keySet ?? (() => new KeySet64());
    this.paidExact = make('paid-exact');
    this.paidFunctional = make('paid-functional');
    this.usedPecs = make('used-pecs');
    this.counters = new CounterBook(options.ledger);
    this.runState = {
      paidThisRun: (practitionerId, invoiceNumber) => {
        const key = exactKey(practitionerId, invoiceNumber);
        return this.paidExact.has(key.hi, key.lo);
      },
      regularisedThisRun: (practitionerId, originalInvoice) => this.regularisedCares.has(`${practitionerId}|${originalInvoice}`),
    };
  }

  /** An invoice whose lot is still open. */
  add(outcome: InvoiceOutcomeMessage, lot: LotRef): void {
    if (this.finished) throw new Error('commit step already finished: no invoice may be added');
    this.pending.push({ outcome, lot });
  }

  /** The lot is over: decide its invoices, rejecting them all if the envelope was broken. */
  closeLot(lotErrors: readonly CodecError[]): void {
    const batch = this.pending;
    this.pending = [];
    const lotMotive = lotErrors.length > 0 ? lotRejection(lotErrors[0]!) : undefined;
    for (const { outcome, lot } of batch) this.decide(outcome, lot, lotMotive);
  }

  /**
   * The input is over: lets the run's key sets go (≈ 140 MiB at 6 M paid invoices in memory) before the
   * returns are written, instead of holding them to the end of the run. Nothing may be decided
   * after this.
   */
  finish(): void {
    if (this.pending.length !== 0) throw new Error(`commit step still holds ${this.pending.length} invoices after the last lot`);
    this.release();
  }

  /** The run failed: gives the key sets back (memory and spilled files) without deciding anything more. */
  abandon(): void {
    this.pending = [];
    this.release();
  }

  private release(): void {
    this.paidExact.clear();
    this.paidFunctional.clear();
    this.usedPecs.clear();
    this.dueDates.clear();
    this.lastLot = undefined;
    this.regularisedCares.clear();
    this.counters.clear();
    this.finished = true;
  }

  /** Invoices still held when the input ends (cannot happen with a well-behaved framer). */
  get pendingCount(): number {
    return this.pending.length;
  }

  private decide(outcome: InvoiceOutcomeMessage, lot: LotRef, lotMotive: Motive | undefined): void {
    // The worker sends its signalements with the motives; only the others reject (P6).
    const motives: Motive[] = lotMotive ? [lotMotive] : [];
    const signalements: Motive[] = [];
    // Indexed: for…of made an iterator an invoice here (a heap profile of the intake), though most lists are empty.
    const fromWorker = outcome.motives;
    for (let i = 0; i < fromWorker.length; i++) {
      const m = asMotive(fromWorker[i]!);
      (isSignalement(m.code) ? signalements : motives).push(m);
    }
    // The keys' halves as numbers, not {hi, lo} objects: two objects an invoice fewer.
    const practitionerHalf = exactKeyHalf(lot.practitionerId);
    const invoiceHalf = exactKeyHalf(outcome.invoiceNumber);
    const functionalHi = outcome.functionalKeyHi;
    const functionalLo = outcome.functionalKeyLo;
    const { ledger } = this.options;
    let duplicate = false;
    if (this.paidExact.has(practitionerHalf, invoiceHalf) || ledger.invoicePaid(lot.practitionerId, outcome.invoiceNumber)) {
      motives.push(motive('DOUBLON', `(facture n° ${outcome.invoiceNumber} déjà payée)`));
      duplicate = true;
    } else if (outcome.duplicataOf !== '') {
      // A duplicata replaces an FSE that failed (R. 161-47): a duplicate only if that FSE was paid.
      if (this.paidExact.has(practitionerHalf, exactKeyHalf(outcome.duplicataOf)) || ledger.invoicePaid(lot.practitionerId, outcome.duplicataOf)) {
        motives.push(motive('DOUBLON', `(FSE n° ${outcome.duplicataOf} remplacée par ce duplicata déjà payée)`));
        duplicate = true;
      }
    }
    const nature = outcome.nature;
    // A rectificative or an annulation names an earlier invoice: it is judged against that one, and
    // touches the counters only once accepted as its regularisation.
    const regularising = nature === 'RECTIFICATIVE' || nature === 'ANNULATION';
    let regularisation: Regularisation | undefined;
    let pec: { hi: number; lo: number } | undefined;
    if (regularising) {
      // rules.md §5.3: an invoice that names an earlier one to correct or cancel it is not a
      // duplicate of the same care, and the PEC it repeats was the original's.
      const judged = judgeRegularisation(
        { nature, practitionerId: lot.practitionerId, invoiceNumber: outcome.invoiceNumber, refersTo: outcome.refersTo, computedCents: outcome.computedAmcCents as Cents },
        this.runState, ledger,
      );
      if ('motive' in judged) motives.push(judged.motive);
      else regularisation = judged.regularisation;
    } else {
      if (!duplicate && (this.paidFunctional.has(functionalHi, functionalLo) || ledger.functionalKeyPaid(functionalHi, functionalLo))) {
        motives.push(motive('DOUBLON_FONCTIONNEL', '(mêmes soins, même bénéficiaire, même date déjà payés)'));
      }
      pec = outcome.pecNumber === '' ? undefined : pecKey(outcome.pecNumber);
      if (pec !== undefined && (this.usedPecs.has(pec.hi, pec.lo) || ledger.pecConsumed(outcome.pecNumber))) {
        motives.push(motive('PEC_DEJA_UTILISEE', `(n° ${outcome.pecNumber})`));
      }
    }
    // Counters (renewal periods, ceilings) by date of care; a regularisation first gives back what its care held.
    let counted: CounterJudgement | undefined;
    if ((outcome.claims.length > 0 && !regularising) || regularisation !== undefined) {
      counted = this.counters.judge(outcome.claims, {
        practitionerId: lot.practitionerId, invoiceNumber: outcome.invoiceNumber,
        originalInvoice: regularisation?.originalInvoice ?? outcome.invoiceNumber, regularising: regularisation !== undefined,
      });
      motives.push(...counted.motives);
      signalements.push(...counted.signalements);
      if (regularisation !== undefined && regularisation.nature === 'RECTIFICATIVE' && counted.reductionCents > 0) {
        const newCents = (regularisation.newCents - counted.reductionCents) as Cents;
        regularisation = { ...regularisation, newCents, deltaCents: newCents - regularisation.previousCents };
      }
    }
    const paid = motives.length === 0;
    let paidCents = paid ? outcome.computedAmcCents - (counted?.reductionCents ?? 0) : 0;
    if (paid) {
      this.paidExact.add(practitionerHalf, invoiceHalf);
      if (regularisation !== undefined) {
        this.regularisedCares.add(`${lot.practitionerId}|${regularisation.originalInvoice}`);
        // Paid today: the complement only; a lower amount is a debt, recovered by set-off.
        paidCents = Math.max(0, regularisation.deltaCents);
        signalements.unshift(regularisationSignalement(regularisation));
      } else {
        this.paidFunctional.add(functionalHi, functionalLo);
        if (pec !== undefined) this.usedPecs.add(pec.hi, pec.lo);
      }
      if (counted !== undefined) this.counters.record(counted.consumptions);
      // A paid invoice's motives are its signalements: the regularisation first, what it is, then the worker's and the counters'.
      motives.push(...signalements);
    }
    // A fund's C2S claim is due D. 861-6's term after its ARL or sending, not the protocol's; paid
    // late or under formal notice, it is paid increased by 10 % (settle/c2s-increase.ts).
    const claim = lot.channel === 'C2S';
    const due = claim ? (outcome.c2sDueDate as DateYmd) : this.dueDateOf(lot);
    let c2sIncreaseCents = 0;
    if (paid && claim) {
      const increase = c2sIncrease({ paidCents: paidCents as Cents, dueDate: due, formalNoticeDate: outcome.c2sFormalNoticeDate as DateYmd, executionDate: this.executionDate });
      if (increase !== undefined) {
        c2sIncreaseCents = increase.cents;
        paidCents += increase.cents;
        motives.push(increase.signalement);
      }
    }
    const decision: Decision = {
      sequence: outcome.sequence,
      file: lot.file,
      lot: lot.lot,
      line: outcome.line,
      invoiceNumber: outcome.invoiceNumber,
      practitionerId: lot.practitionerId,
      amcNumber: outcome.amcNumber,
      status: paid ? 'PAID' : 'REJECTED',
      paidCents: paidCents as Cents,
      claimedCents: outcome.claimedAmcCents as Cents,
      motives,
      receivedDate: lot.receivedDate as DateYmd,
      dueDate: due,
      channel: lot.channel,
    };
    // Set only when there is one, after the literal: spreading `{}` for the others made two objects an invoice.
    if (paid && regularisation !== undefined) decision.regularisation = regularisation;
    if (c2sIncreaseCents > 0) decision.c2sIncreaseCents = c2sIncreaseCents as Cents;
    const committed: CommittedInvoice = { decision, outcome, lot, lateBankingDays: paid && this.options.accountingDate > due };
    if (paid && counted !== undefined && counted.consumptions.length > 0) committed.consumptions = counted.consumptions;
    this.emit(committed);
  }

  private dueDateOf(lot: LotRef): DateYmd {
    // A lot's invoices are decided one after the other: its due date is kept without making a key.
    if (lot === this.lastLot) return this.lastLotDue;
    const key = `${lot.channel}:${lot.receivedDate}`;
    let due = this.dueDates.get(key);
    if (due === undefined) {
      due = dueDate(lot.receivedDate as DateYmd, paymentTermChannelOf(lot.channel), this.options.calendar);
      this.dueDates.set(key, due);
    }
    this.lastLot = lot;
    this.lastLotDue = due;
    return due;
  }
}

function asMotive(m: { code: string; label: string }): Motive {
  return m as Motive;
}

function lotRejection(first: CodecError): Motive {
  return motive('LOT_INVALIDE', `: ${first.code} ligne ${first.line ?? '?'} (ARL négatif)`);
}
