import { describe, expect, it } from 'vitest';
import { writePain001, type Pain001Message } from '../codecs/sepa/pain001.js';
import { pain001Problems } from './support/pain001-validity.js';

/**
 * The check every pain.001 of the suite goes through (support/pain001-validity.ts) must itself be
 * able to fail: each broken document below is a valid one with one defect planted, and must be
 * refused for that defect — by the EPC XSD, or by the usage rules the XSD does not carry.
 */
const message: Pain001Message = {
  messageId: 'TPLIQ-20261123-0123456789AB',
  createdAt: '2026-11-23T20:00:00',
  initiatingPartyName: "Mut'Sante operateur tiers payant",
  paymentInfoId: 'TPLIQ-20261123-0123456789AB',
  requestedExecutionDate: '2026-11-23',
  debtor: { name: "Mut'Sante", iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
  transfers: [
    { endToEndId: 'TPLIQ-20261123-991023763', amountCents: 123456, creditor: { name: 'Dr Martin', iban: 'FR1420041010050500013M02606', bic: 'BNPAFRPP' }, remittance: 'TP AMC DC 23/11/2026' },
    { endToEndId: 'TPLIQ-20261123-991023764', amountCents: 5, creditor: { name: 'Pharmacie du Marche', iban: 'FR7630006000011234567890189', bic: '' }, remittance: '' },
  ],
};
const valid = writePain001(message);

/** The valid document with `from` replaced by `to`, once; fails loudly when `from` is not there. */
function broken(from: string, to: string): string {
  expect(valid).toContain(from);
  return valid.replace(from, to);
}

describe('pain.001 validity check (EPC XSD + EPC usage rules)', () => {
  it('finds nothing wrong with what the writer gives', async () => {
    expect(await pain001Problems([valid])).toEqual([[]]);
  });

  it.each([
    ['a NbOfTxs that is not a number', '<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>two</NbOfTxs>', /NbOfTxs/],
    ['a missing debtor', '<Dbtr>\n        <Nm>Mut\'Sante</Nm>\n      </Dbtr>\n', '', /DbtrAcct/],
    ['a payment method other than TRF', '<PmtMtd>TRF</PmtMtd>', '<PmtMtd>CHK</PmtMtd>', /PmtMtd/],
    ['an amount with three decimals', '<InstdAmt Ccy="EUR">1234.56</InstdAmt>', '<InstdAmt Ccy="EUR">1234.567</InstdAmt>', /InstdAmt/],
    ['an element of another namespace version', 'pain.001.001.09', 'pain.001.001.03', /Document|namespace/],
  ])('the XSD refuses %s', async (_what, from, to, mention) => {
    const [problems] = await pain001Problems([broken(from, to)]);
    const fromSchema = (problems ?? []).filter((p) => p.startsWith('XSD: '));
    expect(fromSchema.length).toBeGreaterThan(0);
    expect(fromSchema.join('\n')).toMatch(mention);
  });

  it.each([
    ['a group CtrlSum off by one cent', '<CtrlSum>1234.61</CtrlSum>', '<CtrlSum>1234.62</CtrlSum>', /GrpHdr: CtrlSum/],
    ['a group NbOfTxs that miscounts', '<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>3</NbOfTxs>', /GrpHdr: NbOfTxs 3, 2 transactions/],
    ['an accented creditor name', '<Nm>Dr Martin</Nm>', '<Nm>Dr Martin Lefèvre</Nm>', /Nm: "Dr Martin Lefèvre" leaves the SEPA Latin character set/],
    ['a remittance with an underscore', '<Ustrd>TP AMC DC 23/11/2026</Ustrd>', '<Ustrd>TP_AMC</Ustrd>', /Ustrd/],
    ['an EndToEndId with a double slash', 'TPLIQ-20261123-991023763', 'TPLIQ-20261123//991023763', /EndToEndId: .* '\/\/'/],
    ['an execution date on Christmas Day', '<Dt>2026-11-23</Dt>', '<Dt>2026-12-25</Dt>', /ReqdExctnDt 2026-12-25 is not a TARGET business day/],
  ])('the usage rules refuse %s, which the XSD lets through', async (_what, from, to, mention) => {
    const [problems] = await pain001Problems([broken(from, to)]);
    expect((problems ?? []).filter((p) => p.startsWith('XSD: '))).toEqual([]);
    expect((problems ?? []).join('\n')).toMatch(mention);
  });

  it('reports each document of a batch on its own', async () => {
    const problems = await pain001Problems([valid, broken('<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>two</NbOfTxs>'), valid]);
    expect(problems[0]).toEqual([]);
    expect(problems[1]?.length).toBeGreaterThan(0);
    expect(problems[2]).toEqual([]);
  });
});
