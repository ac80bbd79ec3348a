import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';
import { tpliq } from './support/cli-process.js';
import { tempDirs } from './support/temp-dirs.js';

interface Problem { code: string; line?: number; lot?: string; invoice?: string; recordType?: string }

const tempDir = tempDirs('tpliq-rsp-070-');
const C = { actCode: 'C', quantity: 1, coefficientHundredths: 100, baseCents: 3000, amoCents: 2100, amcCents: 900 };
const common = { nir: '1850475123456', nirKey: '57', rank: 1, lot: '001', lotSendDate: 20260110, natureAssurance: '10' } as const;
// Four invoices of one lot: A (G + MCG), B (a signalement), C rejected, D plain; each with its acts.
const INPUT: RspInput = {
  fileNumber: 7, creationDate: 20260115, emitter: '98532005', practitioner: { billingId: '123456782', name: 'DR MARTIN' }, accountingDate: 20260114,
  transfer: { reference: 'TPLIQ-20260114-123456782', paymentDate: 20260116, amountCents: 2850 },
  groups: [{
    amcNumber: '0000123456', amcName: 'MUTUELLE A',
    invoices: [
      {
        ...common, invoiceNumber: '000000001', careDate: 20260105, claimedCents: 1050, amoCents: 2450, paidCents: 1050, status: 'P', motives: [],
        acts: [{ ...C, actCode: 'G', actDate: 20260105 }, { ...C, actCode: 'MCG', actDate: 20260105, baseCents: 500, amoCents: 350, amcCents: 150 }],
      },
      { ...common, invoiceNumber: '000000002', careDate: 20260106, claimedCents: 900, amoCents: 2100, paidCents: 900, status: 'P', motives: [{ code: 'N001', label: 'TRANSMISSION TARDIVE' }], acts: [{ ...C, actDate: 20260106 }] },
      { ...common, invoiceNumber: '000000003', careDate: 20260107, claimedCents: 900, amoCents: 2100, paidCents: 0, status: 'R', motives: [{ code: 'B001', label: 'BENEFICIAIRE INCONNU' }], acts: [{ ...C, actDate: 20260107 }] },
      { ...common, invoiceNumber: '000000004', careDate: 20260108, claimedCents: 900, amoCents: 2100, paidCents: 900, status: 'P', motives: [], acts: [{ ...C, actDate: 20260108 }] },
    ],
  }],
};
const LINES = writeRsp580(INPUT).split('\n').slice(0, -1);
/** 1-based line of the first line starting with `prefix` in the file as written. */
const lineOf = (prefix: string): number => LINES.findIndex((l) => l.startsWith(prefix)) + 1;
/** 1-based line of the first line after line `after` that starts with `prefix`. */
const nextLineOf = (after: number, prefix: string): number => LINES.findIndex((l, i) => i >= after && l.startsWith(prefix)) + 1;

function write(lines: readonly string[]): string {
  const path = join(tempDir(), 'r.rsp');
  writeFileSync(path, `${lines.join('\n')}\n`, 'latin1');
  return path;
}

async function validate(lines: readonly string[]): Promise<{ exit: number; valid: boolean; errors: Problem[] }> {
  const r = await tpliq('validate', '--json', write(lines));
  const report = JSON.parse(r.stdout) as { valid: boolean; errors: Problem[] };
  return { exit: r.code, valid: report.valid, errors: report.errors };
}

describe('tpliq validate and inspect on a NOEMIE return with act lines (070), lot dates and natures', () => {
  const invoiceA = lineOf('060000000001');
  const invoiceB = lineOf('060000000002');
  const invoiceC = lineOf('060000000003');
  const invoiceD = lineOf('060000000004');

  it('the return as written is valid (exit 0)', async () => {
    expect(LINES.filter((l) => l.startsWith('070'))).toHaveLength(5);
    expect(await validate(LINES)).toEqual({ exit: 0, valid: true, errors: [] });
  });

  it('four independent inconsistencies: each its own coded error at its line, naming its invoice (exit 5)', async () => {
    const actOfA = nextLineOf(invoiceA, '070');
    const actOfB = nextLineOf(invoiceB, '070');
    const actOfC = nextLineOf(invoiceC, '070');
    const edited = LINES.map((l, i) => {
      if (i + 1 === actOfA) return `${l.slice(0, 57)}00000000901+${l.slice(69)}`; // AMC 9.01: A's acts add up to 10.51, it pays 10.50
      if (i + 1 === actOfB) return `${l.slice(0, 45)}00000002000+${l.slice(57)}`; // AMO 20.00: B's acts, 21.00 on its 060
      if (i + 1 === invoiceD) return `${l.slice(0, 76)}S${l.slice(77)}`; //          D "paid with signalement", none follows
      return l;
    });
    // C's act after C's motive: acts come before the motives.
    const [moved] = edited.splice(actOfC - 1, 1);
    edited.splice(actOfC, 0, moved!);
    const r = await validate(edited);
    expect(r.exit).toBe(5);
    expect(r.errors.map((e) => [e.code, e.line, e.invoice])).toEqual(expect.arrayContaining([
      ['TPLIQ_NOEMIE_ACT_AMC_MISMATCH', invoiceA, '000000001'],
      ['TPLIQ_NOEMIE_ACT_AMO_MISMATCH', invoiceB, '000000002'],
      ['TPLIQ_NOEMIE_STRUCTURE', actOfC + 1, undefined],
      ['TPLIQ_NOEMIE_STRUCTURE', invoiceD, '000000004'],
    ]));
    expect(r.errors).toHaveLength(4);
    expect(r.errors.find((e) => e.code === 'TPLIQ_NOEMIE_ACT_AMC_MISMATCH')).toMatchObject({ lot: '001', recordType: '060' });
    expect(r.errors.find((e) => e.line === actOfC + 1)?.recordType).toBe('070');
  });

  it('a rejected invoice that pays something, or gives no motive, is an error at its 060 (P6, P7)', async () => {
    const noMotive = LINES.filter((_, i) => i + 1 !== nextLineOf(invoiceC, '080'));
    expect((await validate(noMotive)).errors.map((e) => [e.code, e.line])).toEqual(expect.arrayContaining([['TPLIQ_NOEMIE_STRUCTURE', invoiceC]]));
    // Paying 9.00 also breaks the level totals and the transfer: the invoice's own error is among them.
    const paying = LINES.map((l, i) => (i + 1 === invoiceC ? `${l.slice(0, 64)}00000000900+${l.slice(76)}` : l));
    expect((await validate(paying)).errors.map((e) => [e.code, e.line, e.invoice])).toEqual(expect.arrayContaining([['TPLIQ_NOEMIE_TOTAL_MISMATCH', invoiceC, '000000003']]));
  });

  it('inspect shows each invoice\'s lot date, nature, AMO part and acts, as text and as JSON', async () => {
    const path = write(LINES);
    const human = await tpliq('inspect', path);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('P invoice 000000001 lot 001 of 20260110 nature 10 claimed 10.50 paid 10.50 AMO 24.50\n');
    expect(human.stdout).toContain('\n      act G 20260105 1 x 1.00 base 30.00 AMO 21.00 AMC 9.00\n      act MCG 20260105 1 x 1.00 base 5.00 AMO 3.50 AMC 1.50\n');
    const json = JSON.parse((await tpliq('inspect', '--json', path)).stdout) as { file: RspInput };
    const [a] = json.file.groups[0]?.invoices ?? [];
    expect(a).toMatchObject({ lotSendDate: 20260110, natureAssurance: '10', amoCents: 2450, acts: INPUT.groups[0]!.invoices[0]!.acts });
  });
});
