import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './support/temp-dirs.js';
import { layoutsDir } from '../codecs/fixed-width/load-layout.js';
import { loadNoemie580Layout } from '../codecs/noemie/rsp-layout.js';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';

const tempDir = tempDirs('tpliq-noemie-');

const INPUT: RspInput = {
  fileNumber: 3,
  creationDate: 20260115,
  emitter: '98532005',
  practitioner: { billingId: '123456782', name: 'DR MARTIN' },
  accountingDate: 20260114,
  transfer: { reference: 'TPLIQ-20260114-123456782', paymentDate: 20260116, amountCents: 900 },
  groups: [
    {
      amcNumber: '0000123456',
      amcName: 'MUTUELLE A',
      invoices: [
        { invoiceNumber: '000000001', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 900, paidCents: 900, status: 'P', motives: [], lot: '001' },
        { invoiceNumber: '000000002', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 800, paidCents: 0, status: 'R', motives: [{ code: 'B001', label: 'BENEFICIAIRE INCONNU' }], lot: '001' },
      ],
    },
  ],
};
const TEXT = writeRsp580(INPUT);
const model = (text: string): Omit<ReturnType<typeof readRsp580>['file'], 'reference' | 'unmodelled'> => {
  const { reference: _r, unmodelled: _u, ...rest } = readRsp580(text).file;
  return rest;
};

describe('NOEMIE RSP 580 reader is lenient on transport', () => {
  it('reads CRLF line ends', () => {
    const read = readRsp580(TEXT.replaceAll('\n', '\r\n'));
    expect(read.errors).toEqual([]);
    expect(model(TEXT.replaceAll('\n', '\r\n'))).toEqual(INPUT);
  });

  it('reads entities whose delimiter is missing', () => {
    const text = TEXT.replaceAll('@\n', '\n');
    expect(readRsp580(text).errors).toEqual([]);
    expect(model(text)).toEqual(INPUT);
  });

  it('reads entities whose trailing blanks were cut in transit, and blanks left after the delimiter', () => {
    const cut = TEXT.replaceAll('@\n', '\n').split('\n').map((l) => l.trimEnd()).join('\n');
    expect(readRsp580(cut).errors).toEqual([]);
    expect(model(cut)).toEqual(INPUT);
    const padded = TEXT.replaceAll('@\n', '@   \n');
    expect(readRsp580(padded).errors).toEqual([]);
    expect(model(padded)).toEqual(INPUT);
  });

  it('skips blank lines and a byte-order mark, and still counts only entities', () => {
    const text = '\uFEFF' + TEXT.replaceAll('\n', '\n\n');
    expect(readRsp580(text).errors).toEqual([]);
    expect(model(text)).toEqual(INPUT);
  });

  it('locates errors by line in the text, with the file name given', () => {
    const lines = TEXT.split('\n');
    lines[6] = lines[6]?.replace('20260105', '2026O105') ?? ''; // letter O in the date of care
    const read = readRsp580(lines.join('\n'), { file: 'out/rsp/123456782.580' });
    expect(read.ok).toBe(false);
    expect(read.errors[0]).toMatchObject({ code: 'TPLIQ_B2_BAD_DATE', file: 'out/rsp/123456782.580', line: 7, field: 'careDate', recordType: '060' });
  });
});

describe('NOEMIE RSP 580 reader keeps what it cannot place and goes on', () => {
  it('keeps an unknown entity raw and reads the invoices after it', () => {
    const lines = TEXT.split('\n');
    lines.splice(6, 0, '555SOMETHING THE PROFILE DOES NOT KNOW@');
    const read = readRsp580(lines.join('\n'));
    expect(read.file.unmodelled).toEqual([{ line: 7, code: '555', text: '555SOMETHING THE PROFILE DOES NOT KNOW', values: null }]);
    expect(read.file.groups[0]?.invoices.map((i) => i.invoiceNumber)).toEqual(['000000001', '000000002']);
    // It is an entity all the same: every level around it now counts one more than declared.
    expect(new Set(read.errors.map((e) => e.code))).toEqual(new Set(['TPLIQ_NOEMIE_COUNT_MISMATCH']));
  });

  it('reads an 070 act line into its invoice, and keeps one after the motives raw, with its line', () => {
    const lines = TEXT.split('\n');
    const act = (amcCents: string): string => `070${'PH7'.padEnd(13)}20260105001000100${'00000000900+'}${'00000000630+'}${amcCents}@`;
    // After the paid invoice's 060: its act; the entity counts of the 990s are then one short.
    lines.splice(7, 0, act('00000000900+'));
    const read = readRsp580(lines.join('\n'));
    expect(read.file.unmodelled).toEqual([]);
    expect(read.file.groups[0]?.invoices[0]?.acts).toEqual([{ actCode: 'PH7', actDate: 20260105, quantity: 1, coefficientHundredths: 100, baseCents: 900, amoCents: 630, amcCents: 900 }]);
    expect(new Set(read.errors.map((e) => e.code))).toEqual(new Set(['TPLIQ_NOEMIE_COUNT_MISMATCH']));
    // After the rejected invoice's 080: an act belongs before the motives.
    const motiveAt = lines.findIndex((l) => l.startsWith('080'));
    lines.splice(motiveAt + 1, 0, act('00000000800+'));
    const orphan = readRsp580(lines.join('\n'));
    expect(orphan.file.unmodelled).toMatchObject([{ line: motiveAt + 2, code: '070' }]);
    expect(orphan.errors.filter((e) => e.code === 'TPLIQ_NOEMIE_STRUCTURE')).toMatchObject([{ line: motiveAt + 2, recordType: '070' }]);
  });

  it('reports entities after 999 and a missing 999 as structure errors', () => {
    expect(readRsp580(TEXT + '03020260114@\n').errors.map((e) => e.code)).toEqual(['TPLIQ_NOEMIE_STRUCTURE']);
    const noEnd = TEXT.split('\n').filter((l) => !l.startsWith('999')).join('\n');
    expect(readRsp580(noEnd).errors.map((e) => e.message)).toContain('no end-of-file entity 999');
  });

  it('reports a file that does not start with its header', () => {
    const read = readRsp580(TEXT.split('\n').slice(1).join('\n'));
    expect(read.ok).toBe(false);
    expect(read.errors[0]).toMatchObject({ code: 'TPLIQ_NOEMIE_STRUCTURE', line: 1 });
  });

  it('returns an empty model with errors for an empty text', () => {
    const read = readRsp580('');
    expect(read.ok).toBe(false);
    expect(read.file.groups).toEqual([]);
    expect(read.errors.map((e) => e.code)).toEqual(['TPLIQ_NOEMIE_STRUCTURE', 'TPLIQ_NOEMIE_STRUCTURE']);
  });
});

describe('the NOEMIE delimiter is data an operator can change', () => {
  it('a profile with "#" as délimiteur d\'entité writes and reads "#"', () => {
    const spec = JSON.parse(readFileSync(join(layoutsDir(), 'noemie-580.json'), 'utf8')) as { recordDelimiter: string };
    spec.recordDelimiter = '#';
    const path = join(tempDir(), 'noemie-580-hash.json');
    writeFileSync(path, JSON.stringify(spec));
    const layout = loadNoemie580Layout(path);
    const text = writeRsp580(INPUT, layout);
    expect(text.split('\n')[0]).toBe('0000058098532005 123456782202601150000301#');
    expect(readRsp580(text, { layout }).errors).toEqual([]);
    expect(readRsp580(text, { layout }).file.groups).toEqual(INPUT.groups);
  });

  it('a profile that lost a field the code relies on is refused at load', () => {
    const spec = JSON.parse(readFileSync(join(layoutsDir(), 'noemie-580.json'), 'utf8')) as { records: Record<string, { fields: Array<{ name: string }> }> };
    const totals = spec.records['990'];
    if (!totals) throw new Error('990 missing from the shipped profile');
    totals.fields = totals.fields.filter((f) => f.name !== 'rejectedTotalCents');
    const path = join(tempDir(), 'noemie-580-broken.json');
    writeFileSync(path, JSON.stringify(spec));
    expect(() => loadNoemie580Layout(path)).toThrow(/TPLIQ_LAYOUT_INVALID.*990.*rejectedTotalCents/);
  });
});
