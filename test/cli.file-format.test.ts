import { describe, expect, it } from 'vitest';
import { detectFileFormat } from '../engine/cli/validate/file-format.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

describe('detectFileFormat: a file says what it is in its first record', () => {
  it.each([
    ['a.b2', '0 550709281985320052026112300001B2 ETAB B2-ETABLISSEMENTS\n1 001…', 'B2'],
    ['headerless.dre', '1 001947128864P9853200520261123\n', 'B2'],
    ['blank-first.b2', '\n\n0 213066798985320052026112300001DRE2009 DRE\n', 'B2'],
    ['x.rsp', '0000058098532005 057843864202611230000101@\n', 'NOEMIE'],
    ['x.arl', '000ARL947128864001000012026112398532005 20261124P@\n', 'ARL'],
    ['x.xml', '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">', 'PAIN001'],
    ['paper.csv', 'practitioner_id,invoice_number\n', 'PAPER_CSV'],
    ['semicolons.csv', 'practitioner_id;invoice_number\n', 'PAPER_CSV'],
    ['junk.b2', 'not a record\n\u0000\u0001', 'UNKNOWN'],
    ['manifest.json', '{ "files": {} }', 'UNKNOWN'],
    ['other.xml', '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">', 'UNKNOWN'],
    ['empty.b2', '', 'UNKNOWN'],
  ])('%s is %s', (name, text, format) => {
    expect(detectFileFormat(name, bytes(text))).toBe(format);
  });
});
