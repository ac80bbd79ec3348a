import { describe, expect, it } from 'vitest';
import type { InvoiceFrame } from '../codecs/b2/frames.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { framePaperFile, PAPER_COLUMNS } from '../engine/intake/paper-invoices.js';

/**
 * Keyed paper invoices give four-digit years, so no century is guessed; a day that does not exist
 * is reported at its CSV column (never read as another day), and a birth date's content never
 * reaches a message (health data).
 */
const layout = loadLayout('b2-ps');

async function frameErrors(values: Partial<Record<(typeof PAPER_COLUMNS)[number], string>>): Promise<InvoiceFrame['errors']> {
  const row: Record<string, string> = {
    practitioner_id: '991023763', invoice_number: '000000123', amc_number: '0012345678', member_number: '', nir: '1850775123456',
    nir_key: '08', birth_date: '1985-07-15', birth_rank: '1', ro_sent_date: '', hors_parcours: '0', pec_number: '', act_date: '2026-11-12',
    act_code: 'C', quantity: '1', coefficient: '1', unit_price: '30.00', base: '30.00', amo_rate: '70', amo: '21.00', fee: '30.00', amc: '9.00',
    ...values,
  };
  const csv = `${PAPER_COLUMNS.join(',')}\n${PAPER_COLUMNS.map((c) => row[c]).join(',')}\n`;
  const frames: InvoiceFrame[] = [];
  await framePaperFile(new Uint8Array(Buffer.from(csv)), 'paper/p.csv', layout, { invoice: (f) => frames.push(f), lotClosed: () => {}, fileClosed: () => {} }, () => {});
  expect(frames).toHaveLength(1);
  return frames[0]!.errors;
}

describe('paper invoice dates', () => {
  it('a valid invoice has no date problem, and a lunar birth date (month and day 00) is valid', async () => {
    expect(await frameErrors({})).toEqual([]);
    expect(await frameErrors({ birth_date: '1985-00-00' })).toEqual([]);
  });

  it.each([['2026-02-30'], ['2026-13-01'], ['12/11/2026']])('an act date %s is reported at the act_date column, with its text', async (actDate) => {
    const errors = await frameErrors({ act_date: actDate });
    expect(errors.map((e) => [e.field, e.column, e.line, e.message])).toEqual([['act_date', PAPER_COLUMNS.indexOf('act_date') + 1, 2, `act_date "${actDate}" is not a yyyy-mm-dd day`]]);
  });

  it.each([['1985-02-30'], ['15/07/1985'], ['1985-13-00']])('a birth date %s is reported at its column without its digits', async (birthDate) => {
    const errors = await frameErrors({ birth_date: birthDate });
    expect(errors.map((e) => [e.field, e.column, e.message])).toEqual([['birth_date', PAPER_COLUMNS.indexOf('birth_date') + 1, 'birth_date is not a yyyy-mm-dd day']]);
    expect(JSON.stringify(errors)).not.toMatch(/1985/);
  });
});
