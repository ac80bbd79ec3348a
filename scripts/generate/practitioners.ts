import { address, bankAccount, billingId, finess, FIRST_NAMES_F, FIRST_NAMES_M, SURNAMES } from './identities.js';
import type { GenAmc, GenChannelPractitioners, GenPractitioner, PractitionerProfile } from './model.js';
import type { Prng } from './prng.js';

/**
 * The operator's practitioners and establishments, and the insurers it pays for (protocol annexe A).
 * Counts follow the size of the day (≈ one PS per 300 lines), so a large day has many payees and a
 * test day still has every profile on every channel.
 */

interface ProfileSpec {
  readonly profile: PractitionerProfile;
  /** Share of the PS population. */
  readonly weight: number;
  readonly specialties: readonly string[];
  readonly optam: boolean;
  readonly sector2: boolean;
  readonly label: (surname: string, firstName: string) => string;
}

const doctor = (s: string, f: string): string => `DR ${s} ${f}`;

export const PS_PROFILES: readonly ProfileSpec[] = [
  { profile: 'GENERALISTE', weight: 28, specialties: ['01'], optam: false, sector2: false, label: doctor },
  { profile: 'SPECIALISTE_S1', weight: 8, specialties: ['03', '05', '12', '14'], optam: false, sector2: false, label: doctor },
  { profile: 'SPECIALISTE_OPTAM', weight: 6, specialties: ['07', '11', '15', '41'], optam: true, sector2: true, label: doctor },
  { profile: 'SPECIALISTE_NON_OPTAM', weight: 5, specialties: ['07', '11', '15', '41'], optam: false, sector2: true, label: doctor },
  { profile: 'INFIRMIER', weight: 14, specialties: ['24'], optam: false, sector2: false, label: (s, f) => `${s} ${f} INFIRMIER` },
  { profile: 'KINE', weight: 9, specialties: ['26'], optam: false, sector2: false, label: (s, f) => `${s} ${f} KINESITHERAPEUTE` },
  { profile: 'LABORATOIRE', weight: 4, specialties: ['30'], optam: false, sector2: false, label: (s) => `LABORATOIRE ${s}` },
  { profile: 'PHARMACIE', weight: 14, specialties: ['50'], optam: false, sector2: false, label: (s) => `PHARMACIE ${s}` },
  { profile: 'DENTISTE', weight: 7, specialties: ['19'], optam: false, sector2: false, label: (s, f) => `DR ${s} ${f} CHIRURGIEN-DENTISTE` },
  { profile: 'OPTICIEN', weight: 5, specialties: ['64'], optam: false, sector2: false, label: (s) => `OPTIQUE ${s}` },
];

const AMC_NAMES = [
  'MUTUELLE DES PAYS DE LOIRE SANTE', 'PREVOYANCE SANTE DU NORD', 'MUTUELLE GENERALE DES ARTISANS',
  'SANTE PLUS ASSURANCES', 'MUTUELLE DU RHONE ET DES ALPES', 'ENTRAIDE SANTE ALSACE MOSELLE',
] as const;

export function buildAmcs(rng: Prng): GenAmc[] {
  const used = new Set<string>();
  return AMC_NAMES.map((name) => {
    let amcNumber: string;
    // A SIREN-like 9-digit EDI number, zero-filled to the 10 digits of the B2 zone (formats.md §6.6).
    do amcNumber = '0' + String(rng.int(300_000_000, 799_999_999));
    while (used.has(amcNumber));
    used.add(amcNumber);
    return { amcNumber, name };
  });
}

export function psCountFor(targetLines: number): number {
  return Math.min(40_000, Math.max(60, Math.round(targetLines / 300)));
}

export function establishmentCountFor(targetLines: number): number {
  return Math.min(400, Math.max(3, Math.round(targetLines / 25_000)));
}

/**
 * Every profile gets at least one EDI, one BOTH and one PAPER practitioner (the first three of
 * its list), so each channel can bill each profile whatever the size of the day.
 */
function channelFor(rng: Prng, rank: number): GenPractitioner['channel'] {
  if (rank === 0) return 'EDI';
  if (rank === 1) return 'BOTH';
  if (rank === 2) return 'PAPER';
  const x = rng.float();
  return x < 0.8 ? 'EDI' : x < 0.92 ? 'BOTH' : 'PAPER';
}

export function buildPractitioners(rng: Prng, targetLines: number, cardFrom: number): GenPractitioner[] {
  const used = new Set<string>();
  const out: GenPractitioner[] = [];
  const psCount = psCountFor(targetLines);
  const totalWeight = PS_PROFILES.reduce((sum, p) => sum + p.weight, 0);
  const conventionFrom = (): number => Math.min(cardFrom - 10000, (2005 + rng.int(0, 15)) * 10000 + rng.int(1, 12) * 100 + 1);
  for (const spec of PS_PROFILES) {
    const count = Math.max(4, Math.round((psCount * spec.weight) / totalWeight));
    for (let rank = 0; rank < count; rank++) {
      const surname = rng.pick(SURNAMES);
      const female = rng.chance(0.5);
      const firstName = rng.pick(female ? FIRST_NAMES_F : FIRST_NAMES_M);
      const id = billingId(rng, used);
      const { iban, bic } = bankAccount(rng);
      out.push({
        billingId: id,
        kind: 'PS',
        profile: spec.profile,
        name: spec.label(surname, firstName),
        address: address(rng),
        iban,
        bic,
        email: rng.chance(0.7) ? `${surname.toLowerCase()}.${id}@sante.example` : '',
        optam: spec.optam,
        sector2: spec.sector2,
        specialty: rng.pick(spec.specialties),
        channel: channelFor(rng, rank),
        conventionFrom: conventionFrom(),
        nextInvoiceNumber: rng.int(1, 900_000_000),
      });
    }
  }
  const towns = ['CENTRE HOSPITALIER', 'CLINIQUE SAINT-JOSEPH', 'POLYCLINIQUE DU PARC', 'HOPITAL PRIVE', 'CLINIQUE DES LILAS'];
  for (let i = 0; i < establishmentCountFor(targetLines); i++) {
    const id = finess(rng, used);
    const { iban, bic } = bankAccount(rng);
    out.push({
      billingId: id,
      kind: 'ETABLISSEMENT',
      profile: 'ETABLISSEMENT',
      name: `${rng.pick(towns)} ${rng.pick(SURNAMES)}`,
      address: address(rng),
      iban,
      bic,
      email: `facturation.${id}@etablissement.example`,
      optam: false,
      sector2: false,
      specialty: '99',
      channel: 'EDI',
      conventionFrom: conventionFrom(),
      nextInvoiceNumber: rng.int(1, 900_000_000),
    });
  }
  return out;
}

/** Practitioners able to send on a channel, by profile. */
export function practitionersByChannel(all: readonly GenPractitioner[]): GenChannelPractitioners {
  const edi = new Map<PractitionerProfile, GenPractitioner[]>();
  const paper = new Map<PractitionerProfile, GenPractitioner[]>();
  const add = (map: Map<PractitionerProfile, GenPractitioner[]>, p: GenPractitioner): void => {
    const list = map.get(p.profile);
    if (list) list.push(p);
    else map.set(p.profile, [p]);
  };
  for (const p of all) {
    if (p.channel !== 'PAPER') add(edi, p);
    if (p.channel !== 'EDI') add(paper, p);
  }
  return { edi, paper };
}
