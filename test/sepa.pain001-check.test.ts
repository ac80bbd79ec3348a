import { describe, expect, it } from 'vitest';
import { checkPain001 } from '../codecs/sepa/pain001-check.js';
import { writePain001, type Pain001Message } from '../codecs/sepa/pain001.js';

const message: Pain001Message = {
  messageId: 'TPLIQ-RUN-20261123-01',
  createdAt: '2026-11-23T21:30:00',
  initiatingPartyName: 'Mut Sante',
  paymentInfoId: 'TPLIQ-RUN-20261123-01',
  requestedExecutionDate: '2026-11-24',
  debtor: { name: 'Mut Sante tiers payant', iban: 'FR1420041010050500013M02606', bic: 'PSSTFRPPPAR' },
  transfers: [
    { endToEndId: 'TPLIQ-20261123-000000001', amountCents: 1234, creditor: { name: 'Dr Martin', iban: 'FR7630006000011234567890189', bic: 'BNPAFRPP' }, remittance: 'TP AMC 1' },
    { endToEndId: 'TPLIQ-20261123-000000002', amountCents: 900, creditor: { name: 'Dr Durand', iban: 'FR7630006000011234567890189', bic: '' }, remittance: 'TP AMC 2' },
  ],
};
const valid = writePain001(message);

/** 1-based line of the n-th (from 0) line holding `text`. */
function lineOf(xml: string, text: string, occurrence = 0): number {
  const lines = xml.split('\n');
  let seen = -1;
  return lines.findIndex((l) => l.includes(text) && ++seen === occurrence) + 1;
}

describe('checkPain001: the usage rules tpliq checks without the XSD', () => {
  it('a payment file written by tpliq has no problem', () => {
    expect(checkPain001(valid, 'p.xml').errors).toEqual([]);
  });

  it('NbOfTxs of a payment block that does not count its transactions: TPLIQ_SEPA_COUNT_MISMATCH at the PmtInf line', () => {
    const xml = valid.replace(/(<PmtInf>[\s\S]*?<NbOfTxs>)2</, '$13<');
    expect(checkPain001(xml, 'p.xml').errors).toEqual([expect.objectContaining({ code: 'TPLIQ_SEPA_COUNT_MISMATCH', file: 'p.xml', line: lineOf(xml, '<PmtInf>') })]);
  });

  it('a creditor BIC of the wrong shape: TPLIQ_SEPA_BIC at its transaction, naming the identifier check', () => {
    const xml = valid.replace('<BICFI>BNPAFRPP</BICFI>', '<BICFI>BNPA1RPP</BICFI>');
    const errors = checkPain001(xml).errors;
    expect(errors).toEqual([expect.objectContaining({ code: 'TPLIQ_SEPA_BIC', line: lineOf(xml, '<CdtTrfTxInf>') })]);
    expect(errors[0]!.message).toMatch(/TPLIQ_ID_BIC_FORMAT/);
  });

  it('a name outside the SEPA Latin set, or too long: located at its element, the value not echoed', () => {
    const accented = valid.replace('<Nm>Dr Durand</Nm>', '<Nm>Dr Duränd</Nm>');
    const errors = checkPain001(accented).errors;
    expect(errors).toEqual([expect.objectContaining({ code: 'TPLIQ_SEPA_CHARACTER_SET', line: lineOf(accented, 'Duränd') })]);
    expect(errors[0]!.message).not.toContain('Dur');
    const long = valid.replace('<Nm>Dr Durand</Nm>', `<Nm>${'D'.repeat(71)}</Nm>`);
    expect(checkPain001(long).errors.map((e) => e.code)).toEqual(['TPLIQ_SEPA_TEXT_LENGTH']);
  });

  it('an amount of 0.00 EUR: TPLIQ_SEPA_AMOUNT_RANGE; and the totals still agree', () => {
    const xml = valid.replace('>9.00<', '>0.00<').replace(/<CtrlSum>21\.34</g, '<CtrlSum>12.34<');
    expect(checkPain001(xml).errors).toEqual([expect.objectContaining({ code: 'TPLIQ_SEPA_AMOUNT_RANGE', line: lineOf(xml, '<CdtTrfTxInf>', 1) })]);
  });

  it('not XML, or XML of another message: one TPLIQ_SEPA_UNREADABLE', () => {
    expect(checkPain001('<Document><unclosed>').errors.map((e) => e.code)).toEqual(['TPLIQ_SEPA_UNREADABLE']);
    expect(checkPain001(valid.replace(/pain\.001\.001\.09/g, 'pain.008.001.08')).errors.map((e) => e.code)).toEqual(['TPLIQ_SEPA_UNREADABLE']);
  });
});
