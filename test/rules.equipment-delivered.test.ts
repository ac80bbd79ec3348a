import { describe, expect, it } from 'vitest';
import type { EquipmentItem } from '../engine/domain/equipment.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { equipmentDelivered } from '../engine/rules/equipment-delivered.js';
import { CARE_DATE, invoiceOf } from './support/invoice-builder.js';
import { OPEN_END, ReferentialBuilder } from './support/referential-builder.js';

const item = (actCode: string, kind: EquipmentItem['kind'], santeClass: EquipmentItem['santeClass']): EquipmentItem => ({
  actCode,
  kind,
  santeClass,
  lensGrade: santeClass === 'B' && kind === 'LENS' ? 'SIMPLE' : undefined,
  priceLimitCents: (santeClass === 'A' || santeClass === 'I' || santeClass === '100S' ? 10_000 : 0) as Cents,
  validity: { from: 20200101 as DateYmd, to: OPEN_END },
});

const ref = new ReferentialBuilder()
  .withEquipment(
    item('2223342', 'FRAME', 'B'),
    item('2203240', 'LENS', 'B'),
    item('2210546', 'LENS', 'A'),
    item('2335791', 'HEARING_AID', 'II'),
    item('HBLD634', 'DENTAL_PROSTHESIS', '100S'),
  )
  .build();

describe('the equipment an invoice delivers, for the renewal periods the commit step will apply', () => {
  it('names one optical equipment for a frame and its lenses, on the day of the last piece', () => {
    const invoice = invoiceOf([
      { actCode: '2223342', actDate: 20261110 },
      { actCode: '2203240', actDate: 20261112 },
      { actCode: '2210546', actDate: 20261112 },
    ]);
    expect(equipmentDelivered(invoice, ref)).toEqual([{ kind: 'OPTIQUE', deliveredOn: 20261112 }]);
  });

  it('names one hearing aid per unit, its ear unknown (neither B2 nor the LPP code tells it)', () => {
    const invoice = invoiceOf([{ actCode: '2335791', quantity: 2 }]);
    expect(equipmentDelivered(invoice, ref)).toEqual([
      { kind: 'HEARING_AID', deliveredOn: CARE_DATE, ear: 'UNKNOWN' },
      { kind: 'HEARING_AID', deliveredOn: CARE_DATE, ear: 'UNKNOWN' },
    ]);
  });

  it('names none for a consultation or a dental prosthesis (no renewal period)', () => {
    expect(equipmentDelivered(invoiceOf([{ actCode: 'G' }, { actCode: 'HBLD634' }]), ref)).toEqual([]);
  });
});
