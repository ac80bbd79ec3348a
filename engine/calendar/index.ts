/** The banking calendar: days, Easter, closing days, the 17:00 cut-off and payment due dates. */
export * from './ymd.js';
export { easterSunday } from './easter.js';
export { targetClosingDays } from './target-closing-days.js';
export { frenchPublicHolidays } from './french-public-holidays.js';
export {
  addBusinessDays,
  businessDayOnOrAfter,
  DEFAULT_CALENDAR_KIND,
  isBusinessDay,
  nextBusinessDay,
  type CalendarKind,
} from './banking-calendar.js';
export { DEFAULT_CUTOFF_MINUTES, parisWallClock, receiptDay, type ParisWallClock } from './receipt-day.js';
export {
  dueDate,
  paymentTermChannelOf,
  PROTOCOL_PAYMENT_TERMS_BANKING_DAYS,
  type PaymentTermChannel,
  type PaymentTermsBankingDays,
} from './due-date.js';
