import { writeFile } from 'node:fs/promises';
import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { encodeRecord } from '../../codecs/fixed-width/record-codec.js';
import { OPERATOR_RECEIVER_ID } from './b2-file-writer.js';
import type { GenClaim } from './c2s-claims.js';
import type { GenFund } from './c2s-funds.js';

/**
 * Writes one fund's claims file (profile c2s-amo, codecs/layouts/c2s-amo.json): a file header
 * naming C2S-AMO, lots whose emitter is the fund (the payee), each claim as Type 2 (who, the
 * treating practitioner, FSE or paper, the dates of D. 861-5/6), one Type 4 per act and a Type 5,
 * then the file trailer; 128-character records, CRLF between them. Claims are a small share of a
 * day, so each record goes through the codec's encoder rather than the fast templates of
 * b2-file-writer.ts.
 */

export const C2S_PROFILE = 'c2s-amo';
const layout = loadLayout(C2S_PROFILE);

/** A fund's lot holds at most this many claims. */
export const CLAIMS_PER_LOT_MAX = 40;

export interface ClaimsFileStats {
  lots: number;
  invoices: number;
  lineRecords: number;
  records: number;
  bytes: number;
}

function claimRecords(c: GenClaim): string[] {
  const prefix = { nir: c.beneficiary.nir, nirKey: c.beneficiary.nirKey, beneficiaryRank: '000', invoiceNumber: c.invoiceNumber };
  const fee = c.lines.reduce((sum, l) => sum + l.feeCents, 0);
  const amo = c.lines.reduce((sum, l) => sum + l.amoCents, 0);
  return [
    encodeRecord(layout, '2', {
      ...prefix, treatingPractitionerId: c.treating.billingId, roSentDate: c.startDate, grandRegime: '01', caisse: c.fund.billingId.slice(2, 5),
      centre: c.fund.billingId.slice(5), birthDate: c.beneficiary.birthDate, birthRank: c.beneficiary.birthRank, c2sTransmission: c.transmission,
      c2sStartDate: c.startDate, c2sWrongFund: c.wrongFund ? '1' : '0', c2sFormalNoticeDate: c.formalNoticeDate === 0 ? null : c.formalNoticeDate,
      parcours: '', pecNumber: '', natureAssurance: '10', exoCode: '', contractType: '', amcNumber: c.beneficiary.amcNumber,
    }),
    ...c.lines.map((l) =>
      encodeRecord(layout, '4', {
        ...prefix, treatmentMode: null, discipline: null, exoCode: '0', executantSpecialty: c.treating.specialty, actDate: l.actDate, actCode: l.spec.code,
        quantity: l.quantity, coefficient: l.coefficientHundredths, denombrement: 1, unitPrice: l.unitPriceCents, base: l.baseCents, amoRate: l.amoRatePercent,
        amo: l.amoCents, fee: l.feeCents, amcDeclared: l.amcDeclaredCents,
      }),
    ),
    encodeRecord(layout, '5', { ...prefix, totalFee: fee, totalAmo: amo, totalAmc: c.liquidatedCents }),
  ];
}

/** Writes `claims` of `fund` to `path` in lots of at most CLAIMS_PER_LOT_MAX. */
export async function writeClaimsFile(path: string, fund: GenFund, claims: readonly GenClaim[], fileNumber: number, creationDate: number): Promise<ClaimsFileStats> {
  const records = [
    encodeRecord(layout, '0', {
      emitterId: fund.billingId, receiverId: OPERATOR_RECEIVER_ID, creationDate, fileNumber: String(fileNumber).padStart(5, '0'), normVersion: 'B2',
      profile: C2S_PROFILE.toUpperCase(),
    }),
  ];
  let lots = 0;
  let lineRecords = 0;
  let fileAmc = 0;
  for (let from = 0; from < claims.length; from += CLAIMS_PER_LOT_MAX) {
    const lot = claims.slice(from, from + CLAIMS_PER_LOT_MAX);
    const lotNumber = String(++lots).padStart(3, '0');
    const inner = lot.flatMap(claimRecords);
    const amc = lot.reduce((sum, c) => sum + c.liquidatedCents, 0);
    const fee = lot.reduce((sum, c) => sum + c.lines.reduce((s, l) => s + l.feeCents, 0), 0);
    lineRecords += lot.reduce((sum, c) => sum + c.lines.length, 0);
    fileAmc += amc;
    records.push(
      encodeRecord(layout, '1', { lotNumber, emitterId: fund.billingId, emitterKind: 'C', receiverId: OPERATOR_RECEIVER_ID, constitutionDate: creationDate }),
      ...inner,
      encodeRecord(layout, '8', { lotNumber, invoiceCount: lot.length, recordCount: inner.length, totalAmcDeclared: amc, totalFee: fee }),
    );
  }
  // The trailer counts every record of the file, itself included.
  records.push(encodeRecord(layout, '9', { lotCount: lots, recordCount: records.length + 1, totalAmcDeclared: fileAmc }));
  const text = records.join('\r\n') + '\r\n';
  await writeFile(path, text, 'latin1');
  return { lots, invoices: claims.length, lineRecords, records: records.length, bytes: Buffer.byteLength(text, 'latin1') };
}
