import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { encodeRecord } from '../../codecs/fixed-width/record-codec.js';
import type { RecordValues } from '../../codecs/fixed-width/record-codec.js';

/** Builds small, valid B2 établissements files for tests: one consultation C per invoice. */
export const etab = loadLayout('b2-etablissements');

export function invoiceRecords(invoiceNumber: string, amcCents = 900): string[] {
  const common = { nir: '1850475123456', nirKey: '57', beneficiaryRank: '000', invoiceNumber };
  const line: RecordValues = {
    ...common, treatmentMode: '03', discipline: '100', exoCode: '0', executantSpecialty: '01', actDate: 20261103,
    actCode: 'C', quantity: 1, coefficient: 100, denombrement: 1, unitPrice: 3000, base: 3000, amoRate: 70,
    amo: 2100, fee: 3000, amcDeclared: amcCents,
  };
  return [
    encodeRecord(etab, '2', { ...common, natureOperation: '1', grandRegime: '01', natureAssurance: '10', exoCode: '0', birthDate: 19850415, birthRank: 1, contractType: 'CT', amcNumber: '0000012345' }),
    encodeRecord(etab, '4', line),
    encodeRecord(etab, '5', { ...common, totalBasePh: 0, totalAmoPh: 0, totalFeeHon: 3000, totalAmoHon: 2100, totalPatientPh: 0, totalAmcPh: 0, totalAmcHon: amcCents, totalFeePh: 0 }),
  ];
}

export function lotRecords(lotNumber: string, invoiceNumbers: string[], overrides: Partial<{ invoiceCount: number }> = {}): string[] {
  const inner = invoiceNumbers.flatMap((n) => invoiceRecords(n));
  return [
    encodeRecord(etab, '1', { lotNumber, emitterId: '750712184', emitterKind: 'E', receiverId: '98532005', constitutionDate: 20261120 }),
    ...inner,
    encodeRecord(etab, '8', { lotNumber, invoiceCount: overrides.invoiceCount ?? invoiceNumbers.length, recordCount: inner.length, totalAmcDeclared: 900 * invoiceNumbers.length, totalFee: 3000 * invoiceNumbers.length }),
  ];
}

export function fileRecords(lots: string[][]): string[] {
  const inner = lots.flat();
  return [
    encodeRecord(etab, '0', { emitterId: '750712184', receiverId: '98532005', creationDate: 20261120, fileNumber: '00001', normVersion: 'B2', profile: 'B2-ETABLISSEMENTS' }),
    ...inner,
    encodeRecord(etab, '9', { lotCount: lots.length, recordCount: inner.length + 2, totalAmcDeclared: 0 }),
  ];
}
