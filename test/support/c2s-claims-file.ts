import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { encodeRecord } from '../../codecs/fixed-width/record-codec.js';

/** Builds small C2S claims files (profile c2s-amo) for tests: one act per claim. */
export const c2sLayout = loadLayout('c2s-amo');

export interface ClaimSpec {
  invoiceNumber: string;
  nir: string;
  nirKey: string;
  birthDate: number;
  birthRank?: number;
  amcNumber: string;
  /** The practitioner the fund paid; '' for none. */
  treatingPractitionerId?: string;
  transmission: 'F' | 'P';
  /** yyyymmdd: the ARL date (FSE) or the sending date (paper). */
  startDate: number;
  wrongFund?: boolean;
  formalNoticeDate?: number;
  actDate: number;
  actCode?: string;
  baseCents: number;
  amoCents: number;
  amcCents: number;
}

function claimRecords(c: ClaimSpec): string[] {
  const common = { nir: c.nir, nirKey: c.nirKey, beneficiaryRank: '000', invoiceNumber: c.invoiceNumber };
  return [
    encodeRecord(c2sLayout, '2', {
      ...common, treatingPractitionerId: c.treatingPractitionerId ?? '', roSentDate: c.startDate, grandRegime: '01', caisse: '751', centre: '0000',
      birthDate: c.birthDate, birthRank: c.birthRank ?? 1, c2sTransmission: c.transmission, c2sStartDate: c.startDate,
      c2sWrongFund: c.wrongFund === true ? '1' : '0', c2sFormalNoticeDate: c.formalNoticeDate ?? null, parcours: '', pecNumber: '',
      natureAssurance: '10', exoCode: '', contractType: '', amcNumber: c.amcNumber,
    }),
    encodeRecord(c2sLayout, '4', {
      ...common, treatmentMode: null, discipline: null, exoCode: '0', executantSpecialty: null, actDate: c.actDate, actCode: c.actCode ?? 'G',
      quantity: 1, coefficient: 100, denombrement: 1, unitPrice: c.baseCents, base: c.baseCents, amoRate: 70, amo: c.amoCents,
      fee: c.baseCents, amcDeclared: c.amcCents,
    }),
    encodeRecord(c2sLayout, '5', { ...common, totalFee: c.baseCents, totalAmo: c.amoCents, totalAmc: c.amcCents }),
  ];
}

/** One lot of a fund's claims: the fund is the lot's emitter, the payee. */
export function claimLot(lotNumber: string, fundId: string, claims: ClaimSpec[]): string[] {
  const inner = claims.flatMap(claimRecords);
  const amc = claims.reduce((sum, c) => sum + c.amcCents, 0);
  const fee = claims.reduce((sum, c) => sum + c.baseCents, 0);
  return [
    encodeRecord(c2sLayout, '1', { lotNumber, emitterId: fundId, emitterKind: 'C', receiverId: '98532005', constitutionDate: 20261120 }),
    ...inner,
    encodeRecord(c2sLayout, '8', { lotNumber, invoiceCount: claims.length, recordCount: inner.length, totalAmcDeclared: amc, totalFee: fee }),
  ];
}

/** The file: a header naming the C2S-AMO profile, the lots, a trailer; CRLF between records. */
export function claimsFile(emitterId: string, lots: string[][]): string {
  const inner = lots.flat();
  return [
    encodeRecord(c2sLayout, '0', { emitterId, receiverId: '98532005', creationDate: 20261120, fileNumber: '00001', normVersion: 'B2', profile: 'C2S-AMO' }),
    ...inner,
    encodeRecord(c2sLayout, '9', { lotCount: lots.length, recordCount: inner.length + 2, totalAmcDeclared: 0 }),
  ].join('\r\n') + '\r\n';
}
