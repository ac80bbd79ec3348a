import { join } from 'node:path';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Regularisation } from '../engine/domain/regularisation.js';
import { ymd, type Cents } from '../engine/domain/units.js';
import { RegularisationLog } from '../engine/run/regularisation-log.js';
import { tempDirs } from './support/temp-dirs.js';

const scratch = tempDirs('tpliq-regularisation-log-');
const regularisation = (nature: Regularisation['nature'], previousCents: number, newCents: number, originalInvoice = '000000100'): Regularisation => ({
  nature, rectifiedInvoice: '000000101', originalInvoice, previousCents: previousCents as Cents, newCents: newCents as Cents, deltaCents: newCents - previousCents,
});

describe('the day\'s regularisations kept on disk through the intake', () => {
  it('are read back after the intake as they were accepted, each lowering one a debt of the day, in input order', () => {
    const log = new RegularisationLog(join(scratch(), 'regularisations.jsonl'), ymd(20261123));
    // Texts as an input may spell them: quotes, a tab, a backslash and accents come back unchanged.
    const oddInvoice = 'N°"12\t\\é';
    log.add(7, '123456789', '0123456789', '000000201', regularisation('RECTIFICATIVE', 5000, 6250));
    log.add(9, '123456789', '0123456789', oddInvoice, regularisation('ANNULATION', 6250, 0, oddInvoice));
    log.add(12, '987654321', '', '000000301', regularisation('RECTIFICATIVE', 4000, 3990));
    // More lines than the buffer holds at once.
    for (let k = 0; k < 2_000; k++) log.add(100 + k, '555555555', '0000000001', String(k).padStart(9, '0'), regularisation('RECTIFICATIVE', 100, 100 + k));
    log.close();

    const { regularised, debtsCreated } = log.read();
    expect(regularised).toHaveLength(2_003);
    expect(regularised.slice(0, 3)).toEqual([
      { sequence: 7, practitionerId: '123456789', invoiceNumber: '000000201', regularisation: regularisation('RECTIFICATIVE', 5000, 6250) },
      { sequence: 9, practitionerId: '123456789', invoiceNumber: oddInvoice, regularisation: regularisation('ANNULATION', 6250, 0, oddInvoice) },
      { sequence: 12, practitionerId: '987654321', invoiceNumber: '000000301', regularisation: regularisation('RECTIFICATIVE', 4000, 3990) },
    ]);
    expect(regularised.map((r) => r.sequence)).toEqual([7, 9, 12, ...Array.from({ length: 2_000 }, (_, k) => 100 + k)]);
    expect(debtsCreated).toEqual([
      { practitionerId: '123456789', amcNumber: '0123456789', invoiceNumber: oddInvoice, originalInvoice: oddInvoice, amountCents: 6250, createdOn: 20261123 },
      { practitionerId: '987654321', amcNumber: '', invoiceNumber: '000000301', originalInvoice: '000000100', amountCents: 10, createdOn: 20261123 },
    ]);
    // Read once: the same arrays again.
    expect(log.read().regularised).toBe(regularised);
  });

  it('cannot be read before the intake is over, nor added to after, and is not readable by others', () => {
    const path = join(scratch(), 'regularisations.jsonl');
    const log = new RegularisationLog(path, ymd(20261123));
    log.add(1, '123456789', '0123456789', '000000201', regularisation('RECTIFICATIVE', 5000, 6250));
    expect(() => log.read()).toThrow(/before the intake is over/);
    log.close();
    expect(() => log.add(2, '123456789', '0123456789', '000000202', regularisation('ANNULATION', 10, 0))).toThrow(/after the intake/);
    expect(statSync(path).mode & 0o077).toBe(0);
    expect(log.read().regularised).toHaveLength(1);
  });

  it('gives nothing for a day without regularisations', () => {
    const log = new RegularisationLog(join(scratch(), 'regularisations.jsonl'), ymd(20261123));
    log.close();
    expect(log.read()).toEqual({ regularised: [], debtsCreated: [] });
  });
});
