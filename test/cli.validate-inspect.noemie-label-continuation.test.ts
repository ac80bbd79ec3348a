import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';
import { liquidatedDay, tpliq } from './support/cli-process.js';
import { tempDirs } from './support/temp-dirs.js';

interface Problem { code: string; line?: number; lot?: string; invoice?: string; recordType?: string }

const tempDir = tempDirs('tpliq-rsp-081-');
const LONG_LABEL = 'PRESTATION NON COUVERTE PAR LA GARANTIE DU CONTRAT RESPONSABLE AU 06/01/2026 POUR CE BENEFICIAIRE ET POUR CE JOUR DE SOINS PRECISEMENT SELON LES TERMES DE LA CONVENTION';
const INPUT: RspInput = {
  fileNumber: 7, creationDate: 20260115, emitter: '98532005', practitioner: { billingId: '123456782', name: 'DR MARTIN' }, accountingDate: 20260114,
  transfer: { reference: 'TPLIQ-20260114-123456782', paymentDate: 20260116, amountCents: 900 },
  groups: [{
    amcNumber: '0000123456', amcName: 'MUTUELLE A',
    invoices: [
      { invoiceNumber: '000000001', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 900, paidCents: 900, status: 'P', motives: [], lot: '001' },
      { invoiceNumber: '000000002', nir: '2920169123045', nirKey: '92', rank: 1, careDate: 20260106, claimedCents: 3000, paidCents: 0, status: 'R', lot: '001', motives: [{ code: 'G001', label: LONG_LABEL }] },
    ],
  }],
};
const LINES = writeRsp580(INPUT).split('\n').slice(0, -1);
/** 1-based line of the first line starting with `prefix` in the file as written. */
const lineOf = (prefix: string): number => LINES.findIndex((l) => l.startsWith(prefix)) + 1;

async function validate(lines: readonly string[]): Promise<{ exit: number; valid: boolean; errors: Problem[] }> {
  const path = join(tempDir(), 'r.rsp');
  writeFileSync(path, `${lines.join('\n')}\n`, 'latin1');
  const r = await tpliq('validate', '--json', path);
  const report = JSON.parse(r.stdout) as { valid: boolean; errors: Problem[] };
  return { exit: r.code, valid: report.valid, errors: report.errors };
}

describe('tpliq validate and inspect on a NOEMIE return whose labels continue in 081', () => {
  it('the return as written is valid (exit 0), its 081s counted in every 990 and the 999', async () => {
    expect(LINES.filter((l) => l.startsWith('081'))).toHaveLength(2);
    expect(await validate(LINES)).toEqual({ exit: 0, valid: true, errors: [] });
  });

  it('four independent inconsistencies: each its own coded error at its line (exit 5)', async () => {
    const lot990 = lineOf('990050');
    const edited = LINES.map((l, i) => {
      if (i + 1 === lot990) return l.replace('00000000900+', '00000000901+'); //        lot total paid
      if (l.startsWith('040')) return l.replace('00000000900+@', '00000000800+@'); //   transfer ≠ paid − offsets
      if (l.startsWith('08102')) return `08103${l.slice(5)}`; //                         continuation out of sequence
      if (l.startsWith('999')) return '99900000099@'; //                                  file count
      return l;
    });
    const r = await validate(edited);
    expect(r.exit).toBe(5);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual(expect.arrayContaining([
      ['TPLIQ_NOEMIE_TOTAL_MISMATCH', lot990],
      ['TPLIQ_NOEMIE_TOTAL_MISMATCH', lineOf('040')],
      ['TPLIQ_NOEMIE_STRUCTURE', lineOf('08102')],
      ['TPLIQ_NOEMIE_COUNT_MISMATCH', lineOf('999')],
    ]));
    expect(r.errors).toHaveLength(4);
    expect(r.errors.find((e) => e.line === lot990)?.lot).toBe('001');
    expect(r.errors.find((e) => e.line === lineOf('08102'))?.invoice).toBe('000000002');
  });

  it('a lost 081 is missing from the count of its lot, mandant and file 990s and of the 999', async () => {
    const r = await validate(LINES.filter((l) => !l.startsWith('08101')));
    // One line less before each 990: their lines move up by one.
    const shifted = (prefix: string): number => lineOf(prefix) - 1;
    expect(r.exit).toBe(5);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([
      ['TPLIQ_NOEMIE_STRUCTURE', shifted('08102')], // 02 with no 01 before it
      ['TPLIQ_NOEMIE_COUNT_MISMATCH', shifted('990050')],
      ['TPLIQ_NOEMIE_COUNT_MISMATCH', shifted('990010')],
      ['TPLIQ_NOEMIE_COUNT_MISMATCH', shifted('990000')],
      ['TPLIQ_NOEMIE_COUNT_MISMATCH', shifted('999')],
    ]);
  });

  it('inspect shows the whole label, as text and as JSON', async () => {
    const path = join(tempDir(), 'r.rsp');
    writeFileSync(path, `${LINES.join('\n')}\n`, 'latin1');
    const human = await tpliq('inspect', path);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`[G001 ${LONG_LABEL}]`);
    const json = JSON.parse((await tpliq('inspect', '--json', path)).stdout) as { file: RspInput };
    expect(json.file.groups[0]?.invoices[1]?.motives).toEqual([{ code: 'G001', label: LONG_LABEL }]);
  });
});

describe('the returns of a real run', () => {
  let out: string;
  beforeAll(async () => {
    out = (await liquidatedDay(tempDir(), { lines: 800, seed: 5, anomalyRate: 0.3 })).out;
  });

  // One test: the temporary folder (and the run in it) is removed after each.
  it('every return validates clean, some labels longer than 70 characters come back whole, every 060 carries its invoice\'s AMO part', async () => {
    const returns = readdirSync(join(out, 'noemie')).map((name) => join(out, 'noemie', name));
    const inspected: Array<{ path: string; text: string; file: RspInput }> = [];
    for (const path of returns) inspected.push({ path, text: readFileSync(path, 'latin1'), file: (JSON.parse((await tpliq('inspect', '--json', path)).stdout) as { file: RspInput }).file });
    const continued = inspected.filter((r) => r.text.split('\n').some((l) => l.startsWith('081')));
    expect(continued.length).toBeGreaterThan(0);
    for (const r of continued) {
      expect({ path: r.path, code: (await tpliq('validate', '--json', r.path)).code }).toEqual({ path: r.path, code: 0 });
      const labels = r.file.groups.flatMap((g) => g.invoices.flatMap((i) => i.motives.map((m) => m.label)));
      expect(labels.some((label) => label.length > 70)).toBe(true);
    }
    const amoParts = inspected.flatMap((r) => r.file.groups.flatMap((g) => g.invoices.map((i) => i.amoCents)));
    expect(amoParts.length).toBeGreaterThan(0);
    expect(amoParts.filter((cents) => cents === undefined)).toEqual([]);
    // A generated invoice's acts have an AMO part (rates 15-100 %): most invoices declare more than 0.
    expect(amoParts.filter((cents) => cents !== undefined && cents > 0).length).toBeGreaterThan(amoParts.length / 2);
  });
});
