import type { ReferentialMessage, StringColumnMessage } from '../../codecs/proto/referential-proto.js';
import { BILLING_ID_WIDTH, NIR_WIDTH } from '../../codecs/csv/referential-shapes.js';
import { isDayColumnLength } from './day-column.js';

/** The layout version from which the beneficiaries' dates may be d16 (day-column.ts). */
const DAY_COLUMNS_SINCE = 3;

/**
 * Structural check of a decoded snapshot, in constant time per column: every column has the
 * length its table's count implies, and every range stays inside its table. It does not read the
 * rows (the content hash covers damage); it makes sure a lookup can never read outside a column.
 * Returns what is wrong, or undefined.
 */
export function checkSnapshotShape(r: ReferentialMessage, layoutVersion: number): string | undefined {
  const problems: string[] = [];
  const expect = (what: string, bytes: Uint8Array, length: number): void => {
    if (bytes.byteLength !== length) problems.push(`${what}: ${bytes.byteLength} bytes where ${length} are expected`);
  };
  const expectText = (what: string, column: StringColumnMessage, count: number): void => {
    if (count === 0 && column.offsets.byteLength === 0) return;
    expect(`${what}.offsets`, column.offsets, (count + 1) * 4);
    if (column.offsets.byteLength >= 4) {
      const view = new DataView(column.offsets.buffer, column.offsets.byteOffset, column.offsets.byteLength);
      const end = view.getUint32(column.offsets.byteLength - 4, true);
      if (end !== column.utf8.byteLength) problems.push(`${what}: text ends at ${end}, pool holds ${column.utf8.byteLength} bytes`);
    }
  };

  const p = r.practitioners;
  expect('practitioners.billing_id', p.billingId, p.count * BILLING_ID_WIDTH);
  expect('practitioners.kind', p.kind, p.count);
  expect('practitioners.optam', p.optam, p.count);
  expect('practitioners.specialty', p.specialty, p.count * 2);
  expect('practitioners.channel', p.channel, p.count);
  expect('practitioners.convention_from', p.conventionFrom, p.count * 4);
  expect('practitioners.convention_to', p.conventionTo, p.count * 4);
  for (const [name, column] of Object.entries({ name: p.name, address: p.address, iban: p.iban, bic: p.bic, email: p.email })) {
    expectText(`practitioners.${name}`, column, p.count);
  }

  const b = r.beneficiaries;
  expect('beneficiaries.nir', b.nir, b.count * NIR_WIDTH);
  for (const [name, column] of Object.entries({ nir_key: b.nirKey, birth_rank: b.birthRank, c2s: b.c2s })) {
    expect(`beneficiaries.${name}`, column, b.count);
  }
  for (const [name, column] of Object.entries({ birth_date: b.birthDate, contract: b.contract })) {
    expect(`beneficiaries.${name}`, column, b.count * 4);
  }
  const expectDates = (what: string, column: Uint8Array, rows: number): void => {
    if (!isDayColumnLength(column.byteLength, rows, layoutVersion >= DAY_COLUMNS_SINCE)) {
      problems.push(`${what}: ${column.byteLength} bytes for ${rows} dates`);
    }
  };
  for (const [name, column] of Object.entries({ card_from: b.cardFrom, card_to: b.cardTo, vitale_opposition_date: b.vitaleOppositionDate })) {
    expectDates(`beneficiaries.${name}`, column, b.count);
  }
  expectText('beneficiaries.member_number', b.memberNumber, b.count);
  expect('beneficiaries.rights_start', b.rightsStart, (b.count + 1) * 4);
  if (b.rightsStart.byteLength === (b.count + 1) * 4) {
    const periods = new DataView(b.rightsStart.buffer, b.rightsStart.byteOffset, b.rightsStart.byteLength).getUint32(b.count * 4, true);
    expectDates('beneficiaries.rights_from', b.rightsFrom, periods);
    expectDates('beneficiaries.rights_to', b.rightsTo, periods);
  }
  let previousEnd = 0;
  for (const amc of r.amcs) {
    if (amc.beneficiaryStart < previousEnd || amc.beneficiaryEnd < amc.beneficiaryStart || amc.beneficiaryEnd > b.count) {
      problems.push(`AMC ${amc.amcNumber}: beneficiary rows ${amc.beneficiaryStart}..${amc.beneficiaryEnd} are out of order or range`);
    }
    previousEnd = amc.beneficiaryEnd;
  }

  const g = r.guarantees;
  for (const [name, column] of Object.entries({ formula: g.formula, pec_required: g.pecRequired, responsable: g.responsable })) {
    expect(`guarantees.${name}`, column, g.count);
  }
  for (const [name, column] of Object.entries({
    contract: g.contract,
    domain: g.domain,
    rate_ppm: g.ratePpm,
    amount_cents: g.amountCents,
    valid_from: g.validFrom,
    valid_to: g.validTo,
  })) {
    expect(`guarantees.${name}`, column, g.count * 4);
  }

  const c = r.pecs;
  expectText('pecs.pec_number', c.pecNumber, c.count);
  expect('pecs.nir', c.nir, c.count * NIR_WIDTH);
  expect('pecs.practitioner_id', c.practitionerId, c.count * BILLING_ID_WIDTH);
  for (const [name, column] of Object.entries({
    amc: c.amc,
    domain: c.domain,
    granted_cents: c.grantedCents,
    valid_from: c.validFrom,
    valid_to: c.validTo,
  })) {
    expect(`pecs.${name}`, column, c.count * 4);
  }

  // Dictionary indexes of the small tables (a lookup would otherwise dereference past a dictionary).
  // The beneficiaries' contract indexes are not scanned: that would make the load O(rows).
  if (problems.length === 0) {
    indexesWithin('guarantees.contract', g.contract, g.count, r.contracts.length, problems);
    indexesWithin('guarantees.domain', g.domain, g.count, r.domains.length, problems);
    indexesWithin('pecs.amc', c.amc, c.count, r.amcs.length, problems);
    indexesWithin('pecs.domain', c.domain, c.count, r.domains.length, problems);
  }

  return problems.length === 0 ? undefined : problems.join('; ');
}

function indexesWithin(what: string, column: Uint8Array, count: number, size: number, problems: string[]): void {
  const view = new DataView(column.buffer, column.byteOffset, column.byteLength);
  for (let row = 0; row < count; row++) {
    const index = view.getUint32(row * 4, true);
    if (index >= size) {
      problems.push(`${what}: row ${row} refers to entry ${index} of ${size}`);
      return;
    }
  }
}
