import { addDays, dayOfWeek, formatIso } from '../../engine/calendar/ymd.js';
import type { DateYmd } from '../../engine/domain/units.js';

/**
 * Day arithmetic on plain yyyymmdd numbers, the form the generator carries dates in, over the
 * engine's calendar (one calendar in the project).
 */
export const plusDays = (ymd: number, days: number): number => addDays(ymd as DateYmd, days);
export const isoDay = (ymd: number): string => formatIso(ymd as DateYmd);
/** ISO weekday, 1 = Monday … 7 = Sunday. */
export const weekday = (ymd: number): number => dayOfWeek(ymd as DateYmd);
