import { checkBillingId } from '../identifiers/billing-id.js';
import { checkFiness } from '../identifiers/finess.js';
import type { CsvRow } from './csv-row.js';
import { readCsvTable, type CsvSource, type CsvTableSummary } from './csv-table-reader.js';
import type { IssueSink } from './referential-issue.js';
import { ADDRESS_LENGTH_MAX, BILLING_ID_SHAPE, EMAIL_LENGTH_MAX, NAME_LENGTH_MAX } from './referential-shapes.js';

/**
 * `practitioners.csv`: the payees — practitioners (PS), establishments, and the AMO funds
 * (CAISSE) whose C2S claims the AMC pays — and how to pay them.
 */
export const PRACTITIONER_CSV_COLUMNS = [
  'billing_id',
  'kind',
  'name',
  'address',
  'iban',
  'bic',
  'email',
  'optam',
  'specialty',
  'channel',
  'convention_from',
  'convention_to',
] as const;

export const PRACTITIONER_KINDS = ['PS', 'ETABLISSEMENT', 'CAISSE'] as const;
export const PRACTITIONER_CHANNELS = ['EDI', 'PAPER', 'BOTH'] as const;

export interface PractitionerCsvRow {
  line: number;
  billingId: string;
  kind: (typeof PRACTITIONER_KINDS)[number];
  name: string;
  address: string;
  /** Electronic form: spaces removed, capitals. Not validated here (see docs/referential.md). */
  iban: string;
  bic: string;
  email: string;
  optam: boolean;
  /** 2 digits; '' for an establishment without one. */
  specialty: string;
  channel: (typeof PRACTITIONER_CHANNELS)[number];
  conventionFrom: number;
  /** 99991231 when open-ended. */
  conventionTo: number;
}

const SPECIALTY_SHAPE = /^\d{1,2}$/;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;
const IBAN_LENGTH_MAX = 34;
const BIC_LENGTH_MAX = 11;

export function readPractitionersCsv(
  source: CsvSource,
  issues: IssueSink,
  onRow: (row: PractitionerCsvRow) => void,
): Promise<CsvTableSummary> {
  return readCsvTable(source, PRACTITIONER_CSV_COLUMNS, issues, (row, col) => {
    const kind = row.choice(col.kind, PRACTITIONER_KINDS);
    const billingId = readBillingId(row, col.billing_id, kind);
    const name = row.text(col.name, NAME_LENGTH_MAX);
    const address = row.optionalText(col.address, ADDRESS_LENGTH_MAX);
    // IBAN and BIC are kept even when wrong: a bad bank account blocks the payments of one payee
    // (motive PS_IBAN_INVALIDE at liquidation), not the whole referential.
    const iban = row.optionalText(col.iban, IBAN_LENGTH_MAX + 8).replace(/\s+/g, '').toUpperCase();
    const bic = row.optionalText(col.bic, BIC_LENGTH_MAX).toUpperCase();
    const email = row.optionalText(col.email, EMAIL_LENGTH_MAX);
    if (email !== '' && !EMAIL_SHAPE.test(email)) row.fail(col.email, 'TPLIQ_REF_BAD_VALUE', `"${email}" is not an e-mail address`);
    const optam = row.flag(col.optam);
    // Spreadsheets drop leading zeros ("01" → "1"); the code is 2 digits (formats.md §6.5). An
    // establishment has no specialty: '' is kept for it.
    const specialtyText = row.raw(col.specialty);
    const specialty =
      specialtyText === '' && kind !== 'PS'
        ? ''
        : row.code(col.specialty, SPECIALTY_SHAPE, 'a specialty code of 2 digits').padStart(2, '0');
    const channel = row.choice(col.channel, PRACTITIONER_CHANNELS);
    const conventionFrom = row.date(col.convention_from);
    const conventionTo = row.endDate(col.convention_to);
    if (!row.failed && conventionTo < conventionFrom) {
      row.fail(col.convention_to, 'TPLIQ_REF_BAD_PERIOD', 'the convention ends before it starts');
    }
    if (row.failed) return;
    onRow({
      line: row.line,
      billingId,
      kind,
      name,
      address,
      iban,
      bic,
      email,
      optam,
      specialty,
      channel,
      conventionFrom,
      conventionTo,
    });
  });
}

/**
 * A PS is paid on its AM billing number (8 digits + Luhn key), an establishment on its FINESS
 * (Luhn over 9 digits). A wrong key here is a typing error that would turn every invoice of the
 * payee into "PS inconnu", so it fails the import. Corsican FINESS (2A/2B) cannot be key-checked
 * (their key rule is not public, codecs/identifiers/finess.ts): their shape is accepted.
 */
function readBillingId(row: CsvRow, column: { name: string; index: number }, kind: string): string {
  const value = row.raw(column).toUpperCase();
  if (value === '') {
    row.fail(column, 'TPLIQ_REF_MISSING_VALUE', 'a value is required');
    return '';
  }
  if (!BILLING_ID_SHAPE.test(value)) {
    row.fail(column, 'TPLIQ_REF_BAD_IDENTIFIER', `"${value}" is not 9 digits (or a Corsican FINESS 2A/2B + 7 digits)`);
    return '';
  }
  // A fund's code (régime, caisse, centre) has no key to check: its shape is enough.
  if (kind === 'CAISSE') {
    if (!/^\d{9}$/.test(value)) row.fail(column, 'TPLIQ_REF_BAD_IDENTIFIER', `"${value}" is not a fund code of 9 digits (régime 2 + caisse 3 + centre 4)`);
    return row.failed ? '' : value;
  }
  const check = kind === 'ETABLISSEMENT' ? checkFiness(value) : checkBillingId(value);
  if (!check.ok && check.code !== 'TPLIQ_ID_FINESS_CORSICA_UNSUPPORTED') {
    row.fail(column, 'TPLIQ_REF_BAD_IDENTIFIER', `${check.reason} (${check.code})`);
    return '';
  }
  return value;
}
