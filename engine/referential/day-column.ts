import { dayNumberOfYmd, isValidYmd, ymdOfDayNumber } from '../calendar/ymd.js';
import { OPEN_END_YMD } from '../../codecs/csv/field-parsers.js';
import { ymd } from '../domain/units.js';
import { littleEndianBytes } from './column-builders.js';

/**
 * The "d16" date column of snapshot layout 3 (codecs/proto/referential.proto): a date in two bytes
 * instead of four. The beneficiaries' card, opposition and rights dates are five of the snapshot's
 * largest columns, and the snapshot stays resident for the whole intake of a run (bench: 2.2 M
 * beneficiaries, 42 MiB of such dates as i32).
 *
 * Code 0 is the date 0 (no opposition), code 0xFFFF is 99991231 (open-ended), code n in between is
 * the day n days after 1899-12-31 (1 = 1900-01-01, 65 534 = 2079-06-04). A column holding any other
 * date — before 1900, after 2079-06-04, or not a real day — is written as i32 instead: the reader
 * tells the two apart by the column's length.
 */

const CODE_NONE = 0;
const CODE_OPEN_END = 0xffff;
const DAY_ZERO = dayNumberOfYmd(ymd(18991231));
const LAST_CODE_OF_A_DAY = CODE_OPEN_END - 1;

/** The d16 code of a date, or undefined when the date has none. */
function codeOf(date: number): number | undefined {
  if (date === 0) return CODE_NONE;
  if (date === OPEN_END_YMD) return CODE_OPEN_END;
  if (!isValidYmd(date)) return undefined;
  const code = dayNumberOfYmd(date) - DAY_ZERO;
  return code >= 1 && code <= LAST_CODE_OF_A_DAY ? code : undefined;
}

/** The column's bytes: d16 when every date has a code, i32 otherwise. */
export function dayColumnBytes(dates: Int32Array | Uint32Array): Uint8Array {
  const codes = new Uint16Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const code = codeOf(dates[i]!);
    if (code === undefined) return littleEndianBytes(dates);
    codes[i] = code;
  }
  return littleEndianBytes(codes);
}

let datesOfCodes: Int32Array | undefined;

/** yyyymmdd of every d16 code, built once per thread (256 KiB, a few milliseconds). */
function dateTable(): Int32Array {
  if (datesOfCodes !== undefined) return datesOfCodes;
  const table = new Int32Array(CODE_OPEN_END + 1);
  table[CODE_NONE] = 0;
  for (let code = 1; code <= LAST_CODE_OF_A_DAY; code++) table[code] = ymdOfDayNumber(DAY_ZERO + code);
  table[CODE_OPEN_END] = OPEN_END_YMD;
  datesOfCodes = table;
  return table;
}

/** Reads a date column written by dayColumnBytes (or an i32 column of layouts 1–2). */
export class DayColumn {
  private readonly view: DataView;
  private readonly dates: Int32Array | undefined;

  /** @param rows the column's row count: its length tells d16 (2 bytes a row) from i32 (4). */
  constructor(bytes: Uint8Array, rows: number) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.dates = rows > 0 && bytes.byteLength === rows * 2 ? dateTable() : undefined;
  }

  at(row: number): number {
    return this.dates === undefined ? this.view.getInt32(row * 4, true) : this.dates[this.view.getUint16(row * 2, true)]!;
  }
}

/** True when a column of `rows` dates has the length of either encoding (layout 3), or of i32 only. */
export const isDayColumnLength = (byteLength: number, rows: number, d16Allowed: boolean): boolean =>
  byteLength === rows * 4 || (d16Allowed && byteLength === rows * 2);
