import { frenchIbanFromRib } from '../../codecs/identifiers/iban.js';
import { luhnKey } from '../../codecs/identifiers/luhn.js';
import { nirKey } from '../../codecs/identifiers/nir.js';
import { ribKey } from '../../codecs/identifiers/rib.js';
import type { Prng } from './prng.js';

/**
 * Synthetic but well-formed identities: NIR with their INSEE key, billing numbers and FINESS with
 * their Luhn key, French IBANs built from a RIB with its key, BICs of the bank they belong to.
 * Keys come from codecs/identifiers, the same code the engine checks them with.
 *
 * Names are common French surnames and first names (uppercase ASCII, as B2 text is written);
 * addresses and e-mail domains are invented (`.example` is reserved for examples, RFC 2606).
 */

export const SURNAMES = [
  'MARTIN', 'BERNARD', 'THOMAS', 'PETIT', 'ROBERT', 'RICHARD', 'DURAND', 'DUBOIS', 'MOREAU', 'LAURENT',
  'SIMON', 'MICHEL', 'LEFEBVRE', 'LEROY', 'ROUX', 'DAVID', 'BERTRAND', 'MOREL', 'FOURNIER', 'GIRARD',
  'BONNET', 'DUPONT', 'LAMBERT', 'FONTAINE', 'ROUSSEAU', 'VINCENT', 'MULLER', 'LEFEVRE', 'FAURE', 'ANDRE',
  'MERCIER', 'BLANC', 'GUERIN', 'BOYER', 'GARNIER', 'CHEVALIER', 'FRANCOIS', 'LEGRAND', 'GAUTHIER', 'GARCIA',
] as const;

export const FIRST_NAMES_F = [
  'MARIE', 'NATHALIE', 'ISABELLE', 'SYLVIE', 'CATHERINE', 'CHRISTINE', 'SANDRINE', 'CELINE', 'JULIE', 'CAMILLE',
  'LEA', 'MANON', 'CHLOE', 'EMMA', 'JADE', 'LOUISE', 'ALICE', 'INES', 'SARAH', 'LAURA',
] as const;

export const FIRST_NAMES_M = [
  'JEAN', 'PHILIPPE', 'MICHEL', 'ALAIN', 'PATRICK', 'NICOLAS', 'CHRISTOPHE', 'PIERRE', 'DAVID', 'ERIC',
  'LUCAS', 'HUGO', 'THEO', 'LOUIS', 'GABRIEL', 'ARTHUR', 'JULES', 'ADAM', 'RAPHAEL', 'NATHAN',
] as const;

const STREETS = [
  'RUE VICTOR HUGO', 'AVENUE JEAN JAURES', 'RUE DE LA REPUBLIQUE', 'BOULEVARD PASTEUR', 'RUE DU MOULIN',
  'PLACE DE LA MAIRIE', 'RUE DES ECOLES', 'AVENUE DU GENERAL LECLERC', 'RUE NATIONALE', 'CHEMIN DES VIGNES',
] as const;

const TOWNS: readonly (readonly [string, string])[] = [
  ['75011', 'PARIS'], ['69003', 'LYON'], ['13005', 'MARSEILLE'], ['31000', 'TOULOUSE'], ['33000', 'BORDEAUX'],
  ['59000', 'LILLE'], ['44000', 'NANTES'], ['67000', 'STRASBOURG'], ['68100', 'MULHOUSE'], ['57000', 'METZ'],
  ['35000', 'RENNES'], ['34000', 'MONTPELLIER'], ['06000', 'NICE'], ['21000', 'DIJON'], ['63000', 'CLERMONT-FERRAND'],
];

/** Bank codes (code banque) of large French networks with their BIC. */
const BANKS: readonly (readonly [string, string])[] = [
  ['30002', 'CRLYFRPP'], ['30003', 'SOGEFRPP'], ['30004', 'BNPAFRPP'], ['30006', 'AGRIFRPP'],
  ['10278', 'CMCIFR2A'], ['20041', 'PSSTFRPP'], ['11315', 'CEPAFRPP'], ['10107', 'BREDFRPP'],
];

export const address = (rng: Prng): string => {
  const [postcode, town] = rng.pick(TOWNS);
  return `${rng.int(1, 180)} ${rng.pick(STREETS)} ${postcode} ${town}`;
};

export const digits = (rng: Prng, count: number): string => {
  let s = '';
  for (let i = 0; i < count; i++) s += String(rng.int(0, 9));
  return s;
};

/** A 9-digit n° de facturation: 8 digits (department first) + Luhn key (formats.md §6.7). */
export function billingId(rng: Prng, used: Set<string>): string {
  for (;;) {
    const base = String(rng.int(1, 95)).padStart(2, '0') + digits(rng, 6);
    const id = base + luhnKey(base);
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** A FINESS: department 2 + 6 digits + Luhn key (formats.md §6.7). Corsica is left out (key rule unknown). */
export function finess(rng: Prng, used: Set<string>): string {
  for (;;) {
    const base = String(rng.int(1, 95)).padStart(2, '0').replace(/^20$/, '21') + '0' + digits(rng, 5);
    const id = base + luhnKey(base);
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** A French IBAN and the BIC of its bank: random branch and account, right RIB key, right check digits. */
export function bankAccount(rng: Prng): { iban: string; bic: string } {
  const [bank, bic] = rng.pick(BANKS);
  const branch = digits(rng, 5);
  const account = digits(rng, 11);
  const key = ribKey(bank, branch, account);
  const iban = key === undefined ? undefined : frenchIbanFromRib(bank, branch, account, key);
  if (iban === undefined) throw new Error(`cannot build an IBAN from RIB ${bank} ${branch} ${account}`);
  return { iban, bic };
}

/**
 * Department codes a NIR may carry for people born in metropolitan France: 01–19, 2A, 21–95
 * (95 codes; 20 became 2A/2B, and 2B is left to the key tests of the codec). 99 (born abroad)
 * is kept out of the referential so the generator can mint NIRs no card holds.
 */
const NIR_DEPARTMENTS: readonly string[] = [
  ...Array.from({ length: 19 }, (_, i) => String(i + 1).padStart(2, '0')),
  '2A',
  ...Array.from({ length: 75 }, (_, i) => String(i + 21)),
];

const COMMUNE_ORDER_SPACE = 999 * 999;
const NIR_PLACE_SPACE = NIR_DEPARTMENTS.length * COMMUNE_ORDER_SPACE;
/** Multiplier of the place scramble: coprime with 95 × 999² (not a multiple of 3, 5, 19 or 37). */
const NIR_PLACE_MULTIPLIER = 7_368_787;
const NIR_PLACE_OFFSET = 12_345_678;

/** '000'…'999' and '00'…'99', looked up rather than padded: NIRs are built on the hot path. */
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const pad3 = (n: number): string => PAD3[n] as string;

/**
 * The 13 characters of a NIR: sex, birth year and month, then a place (department, commune,
 * order) that is a bijection of `placeIndex`, so two indexes never share a NIR.
 */
export function nirBody(sex: 1 | 2, birthDate: number, placeIndex: number): string {
  if (placeIndex < 0 || placeIndex >= NIR_PLACE_SPACE) throw new RangeError(`NIR place index ${placeIndex} out of range`);
  const scrambled = (placeIndex * NIR_PLACE_MULTIPLIER + NIR_PLACE_OFFSET) % NIR_PLACE_SPACE;
  const department = NIR_DEPARTMENTS[Math.floor(scrambled / COMMUNE_ORDER_SPACE)] as string;
  const rest = scrambled % COMMUNE_ORDER_SPACE;
  const commune = 1 + Math.floor(rest / 999);
  const order = 1 + (rest % 999);
  return birthPrefix(sex, birthDate) + department + pad3(commune) + pad3(order);
}

/** A NIR of someone born abroad (department 99), never on a generated card: `serial` keeps them distinct. */
export function foreignNirBody(sex: 1 | 2, birthDate: number, serial: number): string {
  const country = 100 + (serial % 899);
  const order = 1 + (Math.floor(serial / 899) % 999);
  return birthPrefix(sex, birthDate) + '99' + pad3(country) + pad3(order);
}

const birthPrefix = (sex: 1 | 2, birthDate: number): string =>
  (sex === 1 ? '1' : '2') + (PAD2[Math.floor(birthDate / 10000) % 100] as string) + (PAD2[Math.floor(birthDate / 100) % 100] as string);

export function nirKeyOf(body: string): string {
  const key = nirKey(body);
  if (key === undefined) throw new Error(`generated NIR "${body}" is malformed`);
  return key;
}

/** A wrong NIR key (keys run 01–97): shifted by 1–96 so it never equals the right one. */
export function wrongNirKey(rightKey: string, rng: Prng): string {
  const right = Number(rightKey);
  const wrong = ((right - 1 + rng.int(1, 96)) % 97) + 1;
  return String(wrong).padStart(2, '0');
}

const MEMBER_SPACE = 10_000_000_000;
/**
 * Odd and not a multiple of 5, so x ↦ x·M mod 10^10 is a bijection; small enough that
 * family × M stays an exact double for any family index below 10^7.
 */
const MEMBER_MULTIPLIER = 738_736_771;
const MEMBER_FAMILY_LIMIT = 10_000_000;

/** N° d'adhérent of a family: 10 digits, a bijection of the family index. */
export function memberNumber(family: number): string {
  if (family < 0 || family >= MEMBER_FAMILY_LIMIT) throw new RangeError(`family ${family} out of range`);
  const scrambled = (family * MEMBER_MULTIPLIER + 987_654_321) % MEMBER_SPACE;
  // Two 5-digit halves: small integers print much faster than a 10-digit double.
  const low = scrambled % 100_000;
  const high = (scrambled - low) / 100_000;
  return String(high).padStart(5, '0') + String(low).padStart(5, '0');
}
