import type { Formula } from '../../engine/domain/referential.js';
import { domainLookupOrder } from '../../engine/rules/domain-groups.js';

/**
 * The contracts printed on the generated cards, as rows of guarantees.csv. They span the ways a
 * card expresses a guarantee (rules.md §2.2): TM 100 % and 90 %, "% BR Sécu incluse" 150 / 200 %
 * (contrats responsables, so the OPTAM caps of §2.5 apply), a decimal rate (175.5 %), frais réels,
 * a per-session forfait and a per-box unit amount, PEC-only optique and prothèse dentaire, and
 * domains a card leaves out. Contracts with FR or % BR without AMO on médecin acts are kept
 * non-responsables: how the R871-2 2° cap reads on them is not settled (rules.md §2.5 states it for
 * "% BR" only), and the generator only writes amounts whose computation is unambiguous.
 */

export interface GuaranteeRow {
  readonly contract: string;
  readonly domain: string;
  readonly formula: Formula;
  /** Exact decimal percent as written in the CSV ('' for UNIT / FORFAIT / PEC / NOT_COVERED). */
  readonly rate: string;
  /** Euros per unit / per act, in cents, for UNIT and FORFAIT; 0 otherwise (written empty). */
  readonly amountCents: number;
  readonly pecRequired: boolean;
  readonly responsable: boolean;
  /** yyyymmdd, inclusive; validTo 0 = open. */
  readonly validFrom: number;
  readonly validTo: number;
}

export interface ContractSpec {
  readonly code: string;
  readonly responsable: boolean;
  /** Share of ordinary beneficiaries on this contract (0 for contracts given only to a special pool). */
  readonly weight: number;
}

/** A contract line before dating: [domain, formula, rate, amount in cents]. */
type Line = readonly [string, Formula, string, number];

const pec = (domain: string): Line => [domain, 'PEC', '', 0];
const notCovered = (domain: string): Line => [domain, 'NOT_COVERED', '', 0];

interface ContractDefinition extends ContractSpec {
  readonly lines: readonly Line[];
  /** A guarantee whose rate changed on the first card day: [domain, formula, rate before]. */
  readonly previous?: readonly [string, Formula, string];
}

const DEFINITIONS: readonly ContractDefinition[] = [
  {
    code: 'RESP-TM100',
    responsable: true,
    weight: 30,
    lines: [
      ['MEDE', 'TM', '100', 0], ['AUXM', 'TM', '100', 0], ['LABO', 'TM', '100', 0],
      // rules.md §2.10: a responsable contract may leave the 15 % medicines out.
      ['PHNO', 'TM', '100', 0], ['PHCO', 'TM', '100', 0], notCovered('PHOR'),
      ['DESO', 'TM', '100', 0], pec('DEPR'), pec('OPTI'), ['HOSP', 'TM', '100', 0], ['FORF', 'TM', '100', 0],
    ],
  },
  {
    code: 'RESP-BR150',
    responsable: true,
    weight: 22,
    lines: [
      ['MEDE', 'BR_INCL_AMO', '150', 0], ['AUXM', 'TM', '100', 0], ['LABO', 'BR_EXCL_AMO', '100', 0],
      ['PHAR', 'TM', '100', 0], ['DESO', 'BR_INCL_AMO', '125', 0], pec('DEPR'), pec('OPTI'),
      ['HOSP', 'TM', '100', 0], ['FORF', 'TM', '100', 0],
    ],
    // Effective dating: the card year raised the médecin cover from 125 % to 150 % BR.
    previous: ['MEDE', 'BR_INCL_AMO', '125'],
  },
  {
    code: 'RESP-BR200',
    responsable: true,
    weight: 15,
    lines: [
      ['MEDE', 'BR_INCL_AMO', '200', 0], ['AUXM', 'TM', '100', 0], ['LABO', 'TM', '100', 0],
      ['PHNO', 'TM', '100', 0], ['PHCO', 'TM', '100', 0], ['PHOR', 'TM', '100', 0],
      ['DENT', 'BR_INCL_AMO', '200', 0], pec('DEPR'), pec('OPTI'), ['HOSP', 'TM', '100', 0], ['FORF', 'TM', '100', 0],
    ],
  },
  {
    code: 'NR-ESSENTIEL',
    responsable: false,
    weight: 13,
    lines: [
      ['MEDE', 'TM', '90', 0], ['AUXM', 'TM', '90', 0],
      // An ostéopathie-like forfait per session, on the kiné domain: 6.00 € per act.
      ['KINE', 'FORFAIT', '', 600], ['LABO', 'TM', '90', 0], ['PHNO', 'TM', '90', 0], ['PHCO', 'TM', '90', 0],
      // 0.50 € per box of 15 % medicine.
      ['PHOR', 'UNIT', '', 50], ['DESO', 'TM', '90', 0], pec('DEPR'), pec('OPTI'), ['HOSP', 'TM', '90', 0], ['FORF', 'TM', '90', 0],
    ],
  },
  {
    code: 'NR-FR100',
    responsable: false,
    weight: 10,
    lines: [
      ['MED', 'FR', '100', 0], ['AUXM', 'FR', '100', 0], ['LABO', 'FR', '100', 0], ['PHAR', 'FR', '100', 0],
      ['DENT', 'FR', '100', 0], pec('DEPR'), pec('OPTI'), ['HOSP', 'FR', '100', 0], ['FORF', 'FR', '100', 0],
    ],
  },
  {
    code: 'NR-SURCO',
    responsable: false,
    weight: 10,
    lines: [
      ['MEDE', 'BR_INCL_AMO', '175.5', 0], ['AUXM', 'TM', '100', 0], ['LABO', 'TM', '100', 0],
      ['PHAR', 'TM', '100', 0], ['DESO', 'TM', '100', 0], pec('DEPR'), pec('OPTI'), ['HOSP', 'TM', '100', 0], ['FORF', 'TM', '100', 0],
    ],
  },
  {
    // Complémentaire santé solidaire: TM everywhere, no dépassement billed to its beneficiaries.
    code: 'C2S',
    responsable: true,
    weight: 0,
    lines: [
      ['MED', 'TM', '100', 0], ['AUXM', 'TM', '100', 0], ['LABO', 'TM', '100', 0], ['PHAR', 'TM', '100', 0],
      ['DESO', 'TM', '100', 0], pec('DEPR'), pec('OPTI'), ['HOSP', 'TM', '100', 0], ['FORF', 'TM', '100', 0],
    ],
  },
  {
    // Given only to the pool of beneficiaries whose invoices are built to meet an uncovered domain.
    code: 'BASIC',
    responsable: false,
    weight: 0,
    lines: [
      ['MEDE', 'TM', '100', 0], ['PHNO', 'TM', '100', 0], ['HOSP', 'TM', '100', 0], ['FORF', 'TM', '100', 0],
      notCovered('PHCO'), notCovered('PHOR'), notCovered('AUXM'), notCovered('LABO'), notCovered('DENT'),
      notCovered('OPTI'),
    ],
  },
];

/**
 * Contracts given only to the beneficiaries of the counter pools (beneficiary-pool.ts), written
 * only with a previous day (what their counters need): an ostéopathie forfait under a ceiling
 * (limits.csv, rules.md §2.9) and a contrat responsable paying optique without a PEC, whose
 * renewal period the ledger remembers (R871-2 3°, rules.md §2.6).
 */
const COUNTER_DEFINITIONS: readonly ContractDefinition[] = [
  { code: 'NR-OSTEO', responsable: false, weight: 0, lines: [['XCMP', 'FORFAIT', '', 4000]] },
  { code: 'RESP-OPTIQUE', responsable: true, weight: 0, lines: [['OPTI', 'FR', '100', 0]] },
];
export const CAPPED_CONTRACT = 'NR-OSTEO';
export const EQUIPPED_CONTRACT = 'RESP-OPTIQUE';
const COUNTER_CONTRACTS: ReadonlySet<string> = new Set(COUNTER_DEFINITIONS.map((d) => d.code));
/** A contract of the counter pools: its invoices belong to their counter and to nothing else. */
export const isCounterContract = (code: string): boolean => COUNTER_CONTRACTS.has(code);

/**
 * The ceiling of CAPPED_CONTRACT, as limits.csv states it: 160.00 € of sessions per beneficiary
 * over a rolling year (a rolling period keeps a previous day's care and the day's in one period
 * whatever the calendar).
 */
export const OSTEO_CEILING = { limitId: 'SEANCES', domain: 'XCMP', amountCents: 16000, period: 'ROLLING_YEARS', years: 1 } as const;

export const CONTRACTS: readonly ContractSpec[] = DEFINITIONS.map(({ code, responsable, weight }) => ({ code, responsable, weight }));
export const C2S_CONTRACT = 'C2S';
export const BASIC_CONTRACT = 'BASIC';

/** Guarantees open since this day (an old contract generation). */
const CONTRACTS_OPEN_SINCE = 20200101;

/**
 * All guarantee rows, dated (the counter contracts' too when asked). `cardFrom` (the first day of the generated card year) is where the
 * effective-dated change of RESP-BR150 takes effect, so every act date the generator writes falls
 * under the newer row while the older one still has to be skipped by date.
 */
export function guaranteeRows(cardFrom: number, dayBefore: (ymd: number) => number, counterContracts = false): GuaranteeRow[] {
  const rows: GuaranteeRow[] = [];
  for (const def of counterContracts ? [...DEFINITIONS, ...COUNTER_DEFINITIONS] : DEFINITIONS) {
    for (const [domain, formula, rate, amountCents] of def.lines) {
      const changed = def.previous !== undefined && def.previous[0] === domain;
      if (changed && def.previous) {
        rows.push({
          contract: def.code, domain, formula: def.previous[1], rate: def.previous[2], amountCents: 0,
          pecRequired: false, responsable: def.responsable, validFrom: CONTRACTS_OPEN_SINCE, validTo: dayBefore(cardFrom),
        });
      }
      rows.push({
        contract: def.code, domain, formula, rate, amountCents, pecRequired: formula === 'PEC',
        responsable: def.responsable, validFrom: changed ? cardFrom : CONTRACTS_OPEN_SINCE, validTo: 0,
      });
    }
  }
  return rows;
}

/**
 * Resolves the guarantee of a contract for a line's elementary domain at a date, narrowest domain
 * first through the groups of rules.md §3.4 — the same lookup order the engine uses.
 */
export class GuaranteeBook {
  private readonly byContract = new Map<string, Map<string, GuaranteeRow[]>>();

  constructor(rows: readonly GuaranteeRow[]) {
    for (const row of rows) {
      let domains = this.byContract.get(row.contract);
      if (!domains) this.byContract.set(row.contract, (domains = new Map()));
      const list = domains.get(row.domain);
      if (list) list.push(row);
      else domains.set(row.domain, [row]);
    }
  }

  /** The guarantee in force, or undefined when the card says nothing about the domain. */
  resolve(contract: string, domain: string, at: number): GuaranteeRow | undefined {
    const domains = this.byContract.get(contract);
    if (!domains) throw new RangeError(`unknown contract ${contract}`);
    for (const code of domainLookupOrder(domain)) {
      const rows = domains.get(code);
      if (!rows) continue;
      for (const row of rows) if (row.validFrom <= at && (row.validTo === 0 || at <= row.validTo)) return row;
    }
    return undefined;
  }
}

/** True when the guarantee pays something (it exists and is not NOT_COVERED). */
export const pays = (row: GuaranteeRow | undefined): row is GuaranteeRow => row !== undefined && row.formula !== 'NOT_COVERED';
