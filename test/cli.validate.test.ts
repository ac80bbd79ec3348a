import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liquidatedDay, runDay, tpliq } from './support/cli-process.js';

interface Problem {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  lot?: string;
  invoice?: string;
}

interface FileReport {
  file: string;
  format: string;
  profile?: string;
  valid: boolean;
  errors: Problem[];
}

interface InboxReport {
  valid: boolean;
  files: Array<{ name: string; lots: number; invoices: number; errors: Problem[] }>;
  errors: Problem[];
  rejected: unknown[];
  manifest: unknown[];
}

/** `tpliq validate --json FILE`, its exit code and report. */
async function validate(path: string): Promise<{ code: number; report: FileReport }> {
  const r = await tpliq('validate', '--json', path);
  return { code: r.code, report: JSON.parse(r.stdout) as FileReport };
}

/** A copy of `path` under `dir`, its lines changed by `edit` (line endings kept). */
function broken(dir: string, path: string, name: string, edit: (lines: string[]) => void): string {
  const text = readFileSync(path, 'latin1');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  edit(lines);
  const out = join(dir, name);
  writeFileSync(out, lines.join(eol), 'latin1');
  return out;
}

/** 1-based number of the first line matching. */
function lineOf(path: string, pattern: RegExp): number {
  return readFileSync(path, 'latin1').split(/\r?\n/).findIndex((l) => pattern.test(l)) + 1;
}

describe('tpliq validate FILE', () => {
  let dir: string;
  let day: { inbox: string; snapshot: string; out: string };
  const inboxFile = (pattern: RegExp): string => join(day.inbox, readdirSync(day.inbox).find((f) => pattern.test(f))!);
  const outFile = (folder: string): string => join(day.out, folder, readdirSync(join(day.out, folder)).sort()[0]!);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-validate-'));
    day = await liquidatedDay(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recognises each format a run reads or writes, and finds a valid file of each valid (exit 0)', async () => {
    const cases: Array<[string, string, string?]> = [
      [inboxFile(/^etab-.*\.b2$/), 'B2', 'b2-etablissements'],
      [inboxFile(/^ps-.*\.b2$/), 'B2', 'b2-ps'],
      [inboxFile(/\.dre$/), 'B2', 'dre'],
      [join(day.inbox, 'paper', readdirSync(join(day.inbox, 'paper'))[0]!), 'PAPER_CSV'],
      [outFile('noemie'), 'NOEMIE'],
      [outFile('arl'), 'ARL'],
      [outFile('sepa'), 'PAIN001'],
    ];
    for (const [path, format, profile] of cases) {
      const { code, report } = await validate(path);
      expect({ path, code, format: report.format, profile: report.profile, errors: report.errors }).toEqual({ path, code: 0, format, profile, errors: [] });
      expect((await tpliq('validate', path)).stdout).toMatch(new RegExp(`: valid ${format}`));
    }
  });

  it('a B2 lot trailer that miscounts its invoices is TPLIQ_B2_LOT_COUNT_MISMATCH at the trailer line, with its lot (exit 5)', async () => {
    const source = inboxFile(/^etab-.*\.b2$/);
    const trailer = lineOf(source, /^8 /);
    const path = broken(dir, source, 'miscount.b2', (lines) => {
      const l = lines[trailer - 1]!;
      lines[trailer - 1] = `${l.slice(0, 5)}${String(Number(l.slice(5, 10)) + 1).padStart(5, '0')}${l.slice(10)}`;
    });
    const { code, report } = await validate(path);
    expect(code).toBe(5);
    expect(report.errors).toContainEqual(expect.objectContaining({ code: 'TPLIQ_B2_LOT_COUNT_MISMATCH', line: trailer, lot: readFileSync(source, 'latin1').split(/\r?\n/)[trailer - 1]!.slice(2, 5) }));
  });

  it('a B2 PS record one character short is TPLIQ_B2_RECORD_LENGTH at its line, with its invoice (exit 5)', async () => {
    const source = inboxFile(/^ps-.*\.b2$/);
    const line = lineOf(source, /^4 /);
    const path = broken(dir, source, 'short.b2', (lines) => {
      lines[line - 1] = lines[line - 1]!.replace(/\s+$/, '').padEnd(128, 'X').slice(0, 127);
    });
    const { code, report } = await validate(path);
    expect(code).toBe(5);
    const problem = report.errors.find((e) => e.code === 'TPLIQ_B2_RECORD_LENGTH');
    expect(problem).toMatchObject({ file: path, line });
    expect(problem?.invoice).toMatch(/^\d{9}$/);
  });

  it('a DRE file cut before its trailer is TPLIQ_B2_FILE_TRAILER_MISSING (exit 5)', async () => {
    const path = broken(dir, inboxFile(/\.dre$/), 'cut.dre', (lines) => {
      while (lines.length > 0 && !/^9 /.test(lines[lines.length - 1]!)) lines.pop();
      lines.pop();
    });
    const { code, report } = await validate(path);
    expect(code).toBe(5);
    expect(report.errors.map((e) => e.code)).toContain('TPLIQ_B2_FILE_TRAILER_MISSING');
  });

  it('a paper CSV with an unclosed quote is TPLIQ_PAPER_CSV_SYNTAX at its line (exit 5)', async () => {
    const paperDir = join(day.inbox, 'paper');
    let quoted = 0;
    const path = broken(dir, join(paperDir, readdirSync(paperDir)[0]!), 'quote.csv', (lines) => {
      lines.splice(2, 0, `"${lines[1]!}`);
      quoted = 3;
    });
    const { code, report } = await validate(path);
    expect(code).toBe(5);
    expect(report.format).toBe('PAPER_CSV');
    expect(report.errors[0]).toMatchObject({ code: 'TPLIQ_PAPER_CSV_SYNTAX', line: quoted });
  });

  it('a NOEMIE transfer that is not what its mandant pays is TPLIQ_NOEMIE_TOTAL_MISMATCH at the 040 line (exit 5)', async () => {
    const source = outFile('noemie');
    const line = lineOf(source, /^040/);
    const path = broken(dir, source, 'bad.rsp', (lines) => {
      const l = lines[line - 1]!;
      const amount = /(\d{11})\+/.exec(l.slice(46))!;
      lines[line - 1] = l.replace(`${amount[1]!}+`, `${String(Number(amount[1]) + 100).padStart(11, '0')}+`);
    });
    const { code, report } = await validate(path);
    expect(code).toBe(5);
    expect(report.errors).toContainEqual(expect.objectContaining({ code: 'TPLIQ_NOEMIE_TOTAL_MISMATCH', line }));
  });

  it('a negative ARL without any error is TPLIQ_ARL_STATUS_INCONSISTENT at its header (exit 5)', async () => {
    const source = outFile('arl');
    const path = broken(dir, source, 'bad.arl', (lines) => {
      lines[0] = lines[0]!.replace(/P@$/, 'N@');
    });
    const { code, report } = await validate(path);
    expect(code).toBe(5);
    expect(report.errors).toEqual([expect.objectContaining({ code: 'TPLIQ_ARL_STATUS_INCONSISTENT', line: 1 })]);
  });

  it('a pain.001 whose CtrlSum is off, or with a wrong IBAN check digit, is refused at the element line (exit 5)', async () => {
    const source = outFile('sepa');
    const header = lineOf(source, /<GrpHdr>/);
    const path = broken(dir, source, 'bad-sum.xml', (lines) => {
      const at = lines.findIndex((l) => l.includes('<CtrlSum>'));
      lines[at] = lines[at]!.replace(/<CtrlSum>(\d+)\./, (_m, euros: string) => `<CtrlSum>${Number(euros) + 1}.`);
    });
    const sum = await validate(path);
    expect(sum.code).toBe(5);
    expect(sum.report.errors).toEqual([expect.objectContaining({ code: 'TPLIQ_SEPA_TOTAL_MISMATCH', line: header })]);

    const transaction = lineOf(source, /<CdtTrfTxInf>/);
    const iban = join(dir, 'bad-iban.xml');
    const text = readFileSync(source, 'utf8');
    const creditorIban = text.indexOf('<IBAN>', text.indexOf('<CdtTrfTxInf>')) + '<IBAN>'.length;
    const digit = text.charAt(creditorIban + 2);
    writeFileSync(iban, text.slice(0, creditorIban + 2) + String((Number(digit) + 1) % 10) + text.slice(creditorIban + 3));
    const ibanReport = await validate(iban);
    expect(ibanReport.code).toBe(5);
    expect(ibanReport.report.errors).toEqual([expect.objectContaining({ code: 'TPLIQ_SEPA_IBAN', line: transaction })]);
  });

  it('a file of no known format is one coded line and exit 5, not a page of unreadable records', async () => {
    const path = join(dir, 'notes.b2');
    writeFileSync(path, 'these are not records\n'.repeat(50));
    const r = await tpliq('validate', path);
    expect(r.code).toBe(5);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TPLIQ_VALIDATE_UNKNOWN_FORMAT .*notes\.b2:1: not a format tpliq knows/);
    expect(lines).toHaveLength(2);
    expect((await validate(join(day.inbox, 'manifest.json'))).report.errors.map((e) => e.code)).toEqual(['TPLIQ_VALIDATE_UNKNOWN_FORMAT']);
  });

  it('a path that cannot be read is exit 2 with one coded line; so is a folder, and FILE with --inbox', async () => {
    const missing = await tpliq('validate', join(dir, 'no-such.b2'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^tpliq: TPLIQ_PATH_ENOENT: .*no-such\.b2/);
    const folder = await tpliq('validate', dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/^tpliq: TPLIQ_PATH_NOT_A_FILE: .* is a folder/);
    expect((await tpliq('validate', dir, '--inbox', dir)).code).toBe(2);
    expect((await tpliq('validate')).code).toBe(2);
  });
});

describe('tpliq validate --inbox', () => {
  let dir: string;
  let day: { inbox: string; snapshot: string; out: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-validate-inbox-'));
    day = await liquidatedDay(dir, { seed: 12 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a generated day is clean: exit 0, a summary line per file with its lots and invoices', async () => {
    const r = await tpliq('validate', '--inbox', day.inbox);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^etab-\d+\.b2: B2 b2-etablissements, \d+ lots, \d+ invoices, 0 errors$/m);
    expect(r.stdout).toMatch(/^paper\/paper-\d+\.csv: paper CSV, 0 lots, \d+ invoices, 0 errors$/m);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/: \d+ files, 0 rejected entries, clean$/);
    const report = JSON.parse((await tpliq('validate', '--inbox', day.inbox, '--json')).stdout) as InboxReport;
    const decided = readFileSync(join(day.out, 'decisions.csv'), 'utf8').trim().split('\n').length - 1;
    expect(report.files.reduce((n, f) => n + f.invoices, 0)).toBe(decided);
  });

  it('--profile reads with the operator\'s layout, as run --profile does: a DRE layout without the invoice record finds the DRE file\'s invoices unreadable', async () => {
    const layouts = join(dir, 'layouts');
    mkdirSync(layouts, { recursive: true });
    cpSync(join('codecs', 'layouts', 'b2-envelope.json'), join(layouts, 'b2-envelope.json'));
    cpSync(join('codecs', 'layouts', 'dre.json'), join(layouts, 'dre.json'));
    // A copy of the shipped layout reads the inbox as the shipped one does.
    expect((await tpliq('validate', '--inbox', day.inbox, '--profile', `dre=${join(layouts, 'dre.json')}`)).code).toBe(0);
    const shipped = JSON.parse(readFileSync(join(layouts, 'dre.json'), 'utf8')) as { records: Record<string, unknown> };
    const { '2': invoiceRecord, ...others } = shipped.records;
    writeFileSync(join(layouts, 'dre-other.json'), JSON.stringify({ ...shipped, records: { ...others, '7': invoiceRecord } }));
    const r = await tpliq('validate', '--inbox', day.inbox, '--profile', `dre=${join(layouts, 'dre-other.json')}`, '--json');
    expect(r.code).toBe(5);
    const report = JSON.parse(r.stdout) as InboxReport;
    const dre = report.files.find((f) => f.name.endsWith('.dre'))!;
    expect(dre.errors.length).toBeGreaterThan(0);
    expect(report.files.filter((f) => !f.name.endsWith('.dre')).every((f) => f.errors.length === 0)).toBe(true);
    writeFileSync(join(layouts, 'broken.json'), '{');
    const broken = await tpliq('validate', '--inbox', day.inbox, '--profile', `dre=${join(layouts, 'broken.json')}`);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^tpliq: TPLIQ_LAYOUT_INVALID /);
    expect((await tpliq('validate', '--inbox', day.inbox, '--profile', 'nope=x.json')).code).toBe(2);
  });

  it('finds, in a broken inbox, the very errors, rejections and manifest problems a run puts in summary.json (exit 5), and writes nothing', async () => {
    const inbox = join(dir, 'broken-inbox');
    cpSync(day.inbox, inbox, { recursive: true });
    writeFileSync(join(inbox, 'zz-junk.b2'), 'not a record\n\u0000\u0001');
    const ps = readdirSync(inbox).find((f) => /^ps-.*\.b2$/.test(f))!;
    writeFileSync(join(inbox, 'ps-cut.b2'), readFileSync(join(inbox, ps), 'latin1').split('\n').slice(0, 40).join('\n'), 'latin1');
    const paper = join(inbox, 'paper', readdirSync(join(inbox, 'paper'))[0]!);
    const rows = readFileSync(paper, 'utf8').split('\n');
    writeFileSync(join(inbox, 'paper', 'short-row.csv'), [rows[0], rows[1], rows[2]!.split(',').slice(0, 5).join(','), ''].join('\n'));
    writeFileSync(join(inbox, 'paper', 'unclosed.csv'), [rows[0], `"${rows[1]!}`, ''].join('\n'));
    symlinkSync(join(inbox, ps), join(inbox, 'linked.b2'));
    mkdirSync(join(inbox, 'folder.dre'));
    const manifest = JSON.parse(readFileSync(join(inbox, 'manifest.json'), 'utf8')) as { files: Array<{ file: string; receivedAt: string }> };
    manifest.files.push({ file: 'zz-junk.b2', receivedAt: 'yesterday' }, { file: 'ghost.b2', receivedAt: '2026-11-23T09:00:00+01:00' });
    writeFileSync(join(inbox, 'manifest.json'), JSON.stringify(manifest));
    const before = readdirSync(dir).sort();

    const r = await tpliq('validate', '--inbox', inbox, '--json');
    expect(r.code).toBe(5);
    expect(readdirSync(dir).sort()).toEqual(before);
    const report = JSON.parse(r.stdout) as InboxReport;
    expect(report.valid).toBe(false);

    const run = await runDay(inbox, day.snapshot, join(dir, 'broken-data'), join(dir, 'broken-out'));
    expect(run.code).toBe(0);
    const inputs = (JSON.parse(readFileSync(join(dir, 'broken-out', 'summary.json'), 'utf8')) as { inputs: { errors: Problem[]; rejected: unknown[]; manifest: unknown[] } }).inputs;
    expect(inputs.errors.length).toBeGreaterThanOrEqual(4);
    expect(inputs.rejected).toHaveLength(2);
    expect(inputs.manifest).toHaveLength(2);
    expect(report.errors).toEqual(inputs.errors);
    expect(report.rejected).toEqual(inputs.rejected);
    expect(report.manifest).toEqual(inputs.manifest);
    // File-level errors are also each in their file's report, beside its lot and invoice problems.
    for (const e of inputs.errors) expect(report.files.find((f) => f.name === e.file)?.errors).toContainEqual(e);
    expect(report.files.find((f) => f.name === 'ps-cut.b2')?.errors.map((e) => e.code)).toContain('TPLIQ_B2_LOT_UNTERMINATED');

    const text = await tpliq('validate', '--inbox', inbox);
    expect(text.code).toBe(5);
    for (const e of inputs.errors) expect(text.stdout).toContain(`${e.code} ${e.file}:${e.line}`);
    expect(text.stdout).toMatch(/^TPLIQ_INBOX_SYMLINK linked\.b2: /m);
    expect(text.stdout).toMatch(/^zz-junk\.b2: B2 b2-etablissements, 0 lots, 0 invoices, \d+ errors$/m);
  });

  it('an inbox that does not exist is exit 2 with its coded line', async () => {
    const r = await tpliq('validate', '--inbox', join(dir, 'no-such-inbox'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TPLIQ_INBOX_MISSING/);
  });
});
