export { applyRateHalfUp } from './apply-rate.js';
export { formatEuros, formatEurosFr, parseEuros, parseEurosFr } from './euros.js';
export { MoneyParseError, type MoneyErrorCode } from './money-error.js';
export { parseRate, rateOfWholePercent, PPM_PER_PERCENT, RATE_PERCENT_DECIMALS_MAX, RATE_PERCENT_MAX } from './rate.js';
