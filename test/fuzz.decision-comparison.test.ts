import { describe, expect, it } from 'vitest';
import { compareUntouched } from '../fuzz/decision-comparison.js';
import type { DecisionRow } from '../fuzz/fuzz-day.js';

/**
 * The fuzz harness's judge of "every untouched invoice decided as in the clean run": exact on
 * every column but the sequence, blind to the touched files, and lenient only for a duplicate
 * caused by a touched file that comes earlier in the input.
 */
function row(file: string, line: number, over: Partial<DecisionRow> = {}): DecisionRow {
  return {
    sequence: '0', file, lot: '001', line: String(line), invoice_number: `10000000${line}`, practitioner_id: '123456789', amc_number: '0679200223',
    status: 'PAID', paid_amount: '9.00', claimed_amount: '9.00', motives: '', received_date: '2026-11-23', due_date: '2026-11-26', ...over,
  };
}

const clean = [row('a.b2', 3), row('a.b2', 7), row('b.b2', 3), row('paper/p.csv', 2)];
const order = ['a.b2', 'b.b2', 'zz-fuzz-b.b2', 'paper/p.csv'];

describe('fuzz: comparison of untouched decisions with the clean run', () => {
  it('accepts the same decisions under new sequence numbers, ignoring the touched file', () => {
    const now = [row('a.b2', 3, { sequence: '5' }), row('a.b2', 7, { sequence: '6' }), row('zz-fuzz-b.b2', 3, { status: 'REJECTED', paid_amount: '0.00', motives: 'X:y' }), row('paper/p.csv', 2)];
    const c = compareUntouched(clean, now, ['b.b2', 'zz-fuzz-b.b2'], {}, order);
    expect(c).toEqual({ compared: 3, lost: [], changed: [], excused: [] });
  });

  it('reports an untouched invoice paid one cent less as changed', () => {
    const now = [row('a.b2', 3), row('a.b2', 7, { paid_amount: '8.99' }), row('paper/p.csv', 2)];
    const c = compareUntouched(clean, now, ['b.b2', 'zz-fuzz-b.b2'], {}, order);
    expect(c.changed).toHaveLength(1);
    expect(c.changed[0]).toMatchObject({ file: 'a.b2', line: '7' });
  });

  it('reports an untouched invoice missing from the mutated run as lost', () => {
    const c = compareUntouched(clean, [row('a.b2', 3), row('paper/p.csv', 2)], ['b.b2', 'zz-fuzz-b.b2'], {}, order);
    expect(c.lost.map((d) => `${d.file}:${d.line}`)).toEqual(['a.b2:7']);
  });

  it('reports an invoice of an untouched file that was not in the clean run as changed', () => {
    const now = [...clean.filter((r) => r.file !== 'b.b2'), row('a.b2', 11)];
    expect(compareUntouched(clean, now, ['b.b2'], {}, order).changed.map((d) => d.line)).toEqual(['11']);
  });

  it('excuses a later file\'s invoice rejected only as a duplicate, never an earlier file\'s', () => {
    const dup = { status: 'REJECTED', paid_amount: '0.00', motives: 'DOUBLON:Facture déjà reçue' };
    const now = [row('a.b2', 3, dup), row('a.b2', 7), row('paper/p.csv', 2, dup)];
    const c = compareUntouched(clean, now, ['b.b2', 'zz-fuzz-b.b2'], {}, order);
    expect(c.excused.map((d) => d.file)).toEqual(['paper/p.csv']);
    expect(c.changed.map((d) => d.file)).toEqual(['a.b2']);
  });

  it('does not excuse a rejection that adds any motive other than a duplicate', () => {
    const now = [row('a.b2', 3), row('a.b2', 7), row('paper/p.csv', 2, { status: 'REJECTED', paid_amount: '0.00', motives: 'DOUBLON:x|HORS_DELAI:y' })];
    expect(compareUntouched(clean, now, ['b.b2', 'zz-fuzz-b.b2'], {}, order).changed).toHaveLength(1);
  });

  it('compares a file moved under a new name with its clean rows', () => {
    const now = [row('a.b2', 3), row('a.b2', 7), row('zz-fuzz-b.b2', 3, { lot: '002' }), row('paper/p.csv', 2)];
    const c = compareUntouched(clean, now, [], { 'zz-fuzz-b.b2': 'b.b2' }, order);
    expect(c.compared).toBe(4);
    expect(c.changed.map((d) => d.file)).toEqual(['b.b2']);
  });
});
