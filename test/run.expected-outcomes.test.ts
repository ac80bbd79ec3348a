import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareWithExpected, csvRecords } from '../engine/run/expected-outcomes.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
function file(name: string, content: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'tpliq-expected-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('streamed CSV records', () => {
  const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,é€,\n"3\nmulti",,last';
  const expected = [
    { a: '1', b: 'x, y', c: 'say "hi"' },
    { a: '2', b: 'é€', c: '' },
    { a: '3\nmulti', b: '', c: 'last' },
  ];

  it('reads quoted fields, doubled quotes, CRLF and LF, UTF-8 and a last line without newline', () => {
    expect([...csvRecords(file('t.csv', text))]).toEqual(expected);
  });

  it('gives the same records whatever the chunk size (quotes, CRLF and multi-byte characters cut)', () => {
    const path = file('t.csv', text);
    for (let chunk = 1; chunk <= 9; chunk++) expect([...csvRecords(path, chunk)]).toEqual(expected);
  });
});

describe('compareWithExpected', () => {
  const header = 'file,practitioner_id,invoice_number,category,expected_status,expected_amount,expected_motives\n';
  const decisionsHeader = 'sequence,file,lot,line,invoice_number,practitioner_id,status,paid_amount,motives\n';

  it('matches duplicates first to first and reports every kind of difference', () => {
    const expected = file('expected.csv', header +
      'a.b2,991023763,000000001,VALID,PAID,12.34,\n' +
      'a.b2,991023763,000000001,DOUBLON,REJECTED,0.00,DOUBLON\n' +
      'a.b2,991023763,000000002,DROITS_FERMES,REJECTED,0.00,DROITS_FERMES|CARTE_INVALIDE\n' +
      'a.b2,991023763,000000003,VALID,PAID,5.00,\n');
    const decisions = file('decisions.csv', decisionsHeader +
      '1,a.b2,001,2,000000001,991023763,PAID,12.34,\n' +
      '2,a.b2,001,4,000000001,991023763,REJECTED,0.00,"DOUBLON:Facture déjà reçue, payée"\n' +
      '3,a.b2,001,6,000000002,991023763,REJECTED,0.00,CARTE_INVALIDE:au 01/11/2026|DROITS_FERMES:au 02/11/2026\n' +
      '4,a.b2,001,8,000000009,991023763,PAID,1.00,\n');
    const check = compareWithExpected(expected, decisions);
    expect(check.total).toBe(4);
    expect(check.matched).toBe(3);
    expect(check.mismatches).toEqual([
      'a.b2 line 8 invoice 000000009 (PS 991023763): decided but not expected',
      'a.b2|991023763|000000003: expected (VALID) but not decided',
    ]);
  });

  it('expects the motive of a paid invoice too: an accepted regularisation matches by its code, a paid one without it differs', () => {
    const expected = file('expected.csv', header +
      'a.b2,991023763,000000007,RECTIFICATIVE_COMPLEMENT,PAID,3.00,REGULARISATION\n' +
      'a.b2,991023763,000000008,ANNULATION,PAID,0.00,REGULARISATION\n');
    const decisions = file('decisions.csv', decisionsHeader +
      '1,a.b2,001,2,000000007,991023763,PAID,3.00,"REGULARISATION:(facture n° 000000001 : payé 9,00, dû 12,00, complément 3,00)"\n' +
      '2,a.b2,001,4,000000008,991023763,PAID,0.00,\n');
    expect(compareWithExpected(expected, decisions).mismatches).toEqual([
      'a.b2 line 4 invoice 000000008 (PS 991023763) (ANNULATION): motives [], expected [REGULARISATION]',
    ]);
  });

  it('names status, amount and motive differences', () => {
    const expected = file('expected.csv', header + 'a.b2,991023763,000000001,BENEF_INCONNU,REJECTED,0.00,BENEF_INCONNU\n');
    const decisions = file('decisions.csv', decisionsHeader + '1,a.b2,001,2,000000001,991023763,PAID,12.34,\n');
    expect(compareWithExpected(expected, decisions).mismatches).toEqual([
      'a.b2 line 2 invoice 000000001 (PS 991023763) (BENEF_INCONNU): status PAID, expected REJECTED; paid 12.34, expected 0.00; motives [], expected [BENEF_INCONNU]',
    ]);
  });
});
