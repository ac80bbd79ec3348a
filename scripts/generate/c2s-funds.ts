import { address, bankAccount } from './identities.js';
import type { GenPractitioner } from './model.js';
import type { Prng } from './prng.js';

/**
 * The AMO funds whose C2S claims a generated day carries (c2s-claims.ts): paid like any payee, so
 * written as `CAISSE` rows of practitioners.csv with a payable IBAN. Their code is the fund's own
 * (régime 2 + caisse 3 + centre 4, no key), not a billing number. One more fund claims too but is
 * written nowhere: its lot is refused CAISSE_INCONNUE.
 */
export interface GenFund {
  /** Régime 01 (général) + caisse + centre: 9 digits. */
  readonly billingId: string;
  readonly name: string;
  readonly address: string;
  readonly iban: string;
  readonly bic: string;
  /** Next claim number: a fund numbers its claims as a practitioner its invoices. */
  nextClaimNumber: number;
}

const KNOWN_FUNDS = [
  { caisse: '751', name: 'CPAM DE PARIS' },
  { caisse: '691', name: 'CPAM DU RHONE' },
  { caisse: '131', name: 'CPAM DES BOUCHES-DU-RHONE' },
] as const;
const UNKNOWN_FUND = { caisse: '311', name: 'CPAM DE LA HAUTE-GARONNE' } as const;

const REGIME_GENERAL = '01';

/** A fund code no practitioner holds: the centre moves on until the code is free. */
function fundCode(rng: Prng, caisse: string, taken: ReadonlySet<string>): string {
  for (let centre = rng.int(1, 9000); ; centre++) {
    const code = REGIME_GENERAL + caisse + String(centre).padStart(4, '0');
    if (!taken.has(code)) return code;
  }
}

export interface ClaimingFunds {
  /** Written in practitioners.csv: their claims are paid. */
  readonly known: readonly GenFund[];
  /** Written nowhere: its claims are refused CAISSE_INCONNUE. */
  readonly unknown: GenFund;
}

export function buildFunds(rng: Prng, practitioners: readonly GenPractitioner[]): ClaimingFunds {
  const taken = new Set(practitioners.map((p) => p.billingId));
  const make = (caisse: string, name: string): GenFund => {
    const billingId = fundCode(rng, caisse, taken);
    taken.add(billingId);
    const { iban, bic } = bankAccount(rng);
    return { billingId, name, address: address(rng), iban, bic, nextClaimNumber: rng.int(1, 500_000_000) };
  };
  const known = KNOWN_FUNDS.map((f) => make(f.caisse, f.name));
  return { known, unknown: make(UNKNOWN_FUND.caisse, UNKNOWN_FUND.name) };
}
