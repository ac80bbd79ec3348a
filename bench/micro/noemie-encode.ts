import b from 'benny';
import type { RspInput, RspInvoice } from '../../codecs/noemie/rsp-model.js';
import { loadNoemie580Layout, noemie580Layout } from '../../codecs/noemie/rsp-layout.js';
import { writeRsp580 } from '../../codecs/noemie/rsp-writer.js';
import { assertSame } from './fixtures.js';
import { saveTo } from './save.js';

/**
 * NOEMIE RSP 580 encode, one practitioner's day (invoices with their act lines): the engine's writer on the layout compiled once
 * per process (what a run does) against the same writer re-reading and compiling the layout for
 * every file (what "read the spec, then write" costs when nothing is cached). Same bytes, checked.
 */

const INVOICES_PER_RETURN = 200;

/** Two act lines (070) per invoice, as most of the generated day's invoices have. */
const ACTS_PER_INVOICE = 2;

function sampleReturn(): RspInput {
  const invoice = (n: number): RspInvoice => {
    const rejected = n % 11 === 0;
    const claimedCents = 1500 + n * 13;
    const firstActCents = Math.floor(claimedCents / ACTS_PER_INVOICE);
    const acts = Array.from({ length: ACTS_PER_INVOICE }, (_, a) => ({
      actCode: a === 0 ? 'C' : 'K', actDate: 20261101 + (n % 20), quantity: 1, coefficientHundredths: 100 * (a + 1), baseCents: 2500, amoCents: 1750,
      amcCents: a === 0 ? firstActCents : claimedCents - firstActCents,
    }));
    return {
      invoiceNumber: String(100000000 + n), nir: `1${String(800000000000 + n * 7919).slice(0, 12)}`, nirKey: String(10 + (n % 89)), rank: 1 + (n % 3),
      careDate: 20261101 + (n % 20), claimedCents, paidCents: rejected ? 0 : claimedCents, status: rejected ? 'R' : 'P', amoCents: 3500, natureAssurance: '10',
      motives: rejected ? [{ code: 'BENEF', label: 'BENEFICIAIRE INCONNU DE L ORGANISME' }] : [], lot: String(1 + (n % 4)).padStart(3, '0'), lotSendDate: 20261120, acts,
    };
  };
  const all = Array.from({ length: INVOICES_PER_RETURN }, (_, n) => invoice(n));
  const paid = all.reduce((s, i) => s + i.paidCents, 0);
  return {
    fileNumber: 1, creationDate: 20261123, emitter: '98532005', practitioner: { billingId: '100000132', name: 'DR MARTIN JEAN' }, accountingDate: 20261123,
    transfer: { reference: 'RSP20261123100000132', paymentDate: 20261123, amountCents: paid },
    groups: [
      { amcNumber: '0364911098', amcName: 'MUTUELLE A', invoices: all.filter((_, n) => n % 3 !== 0) },
      { amcNumber: '0373954335', amcName: 'MUTUELLE B', invoices: all.filter((_, n) => n % 3 === 0) },
    ],
  };
}

export async function run(): Promise<void> {
  const input = sampleReturn();
  const expected = writeRsp580(input, noemie580Layout());
  const lines = expected.split('\n').filter((l) => l !== '').length;
  assertSame('NOEMIE: bytes with a freshly compiled layout', expected.length, writeRsp580(input, loadNoemie580Layout('noemie-580')).length);
  if (lines < INVOICES_PER_RETURN) throw new Error(`NOEMIE return has ${lines} lines for ${INVOICES_PER_RETURN} invoices`);
  await b.suite(
    `NOEMIE RSP 580 encode — one return of ${INVOICES_PER_RETURN} invoices (${lines} lines) per op`,
    b.add('layout compiled once (the engine)', () => assertSame('bytes', expected.length, writeRsp580(input, noemie580Layout()).length)),
    b.add('layout loaded + compiled per file', () => assertSame('bytes', expected.length, writeRsp580(input, loadNoemie580Layout('noemie-580')).length)),
    b.cycle(),
    b.complete(),
    saveTo('noemie-encode'),
  );
}
