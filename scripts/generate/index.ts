/**
 * The seeded synthetic data generator: a realistic operator day (referential, B2 / DRE / paper
 * invoices, receipt manifest) and the outcome the engine must reach for every invoice.
 */
export { generateDay, EXPECTED_COLUMNS, PREVIOUS_DAY_FOLDER, type GeneratedDaySummary, type GeneratedFile, type GeneratedPreviousDay } from './generate-day.js';
export { type GenerateOptions, type ChannelMix, DEFAULT_MIX, DEFAULT_SEED, DEFAULT_ACCOUNTING_DATE } from './options.js';
export {
  ANOMALY_CATEGORIES, C2S_CATEGORIES, REGULARISATION_CATEGORIES, SCHEDULED_CATEGORIES, SIGNALEMENT_CATEGORIES, type AnomalyCategory, type C2sCategory, type Category,
  type RegularisationCategory, type ScheduledCategory, type SignalementCategory,
} from './model.js';
