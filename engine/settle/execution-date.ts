import { businessDayOnOrAfter, isBusinessDay } from '../calendar/banking-calendar.js';
import { formatIso } from '../calendar/ymd.js';
import type { DateYmd } from '../domain/units.js';

/**
 * The SEPA requested execution date (pain.001 ReqdExctnDt) of a run's transfers. Interbank SEPA
 * credit transfers settle on TARGET business days only, so a file asking for 25 December asks
 * for a day the bank cannot honour: the default is the accounting date when TARGET is open, else
 * the next TARGET business day. The French union calendar plays no part here — it governs the
 * payment terms (rules.md §4.4), not when the interbank system moves money.
 */
export function defaultExecutionDate(accountingDate: DateYmd): DateYmd {
  return businessDayOnOrAfter(accountingDate, 'TARGET');
}

export type ExecutionDateProblemCode = 'TPLIQ_RUN_EXECUTION_DATE_BEFORE_ACCOUNTING' | 'TPLIQ_RUN_EXECUTION_DATE_CLOSED';

export interface ExecutionDateProblem {
  code: ExecutionDateProblemCode;
  message: string;
}

/**
 * Why an execution date the operator chose cannot be used, or undefined when it can: paying
 * before the day the decisions belong to would pay invoices not yet liquidated in the books, and a
 * TARGET closing day cannot settle.
 */
export function executionDateProblem(accountingDate: DateYmd, executionDate: DateYmd): ExecutionDateProblem | undefined {
  if (executionDate < accountingDate) {
    return {
      code: 'TPLIQ_RUN_EXECUTION_DATE_BEFORE_ACCOUNTING',
      message: `execution date ${formatIso(executionDate)} is before the accounting date ${formatIso(accountingDate)}`,
    };
  }
  if (!isBusinessDay(executionDate, 'TARGET')) {
    return {
      code: 'TPLIQ_RUN_EXECUTION_DATE_CLOSED',
      message: `execution date ${formatIso(executionDate)} is a TARGET closing day (weekend, 1 January, Good Friday, Easter Monday, 1 May, 25 or 26 December); the next open day is ${formatIso(defaultExecutionDate(executionDate))}`,
    };
  }
  return undefined;
}
