import { describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { checkCoverage, pharmacyDomain, resolveCoverage } from '../engine/rules/coverage.js';
import { domainIsWithin, domainLookupOrder } from '../engine/rules/domain-groups.js';
import { collect } from './support/assess.js';
import { invoiceOf, type LineAmounts } from './support/invoice-builder.js';
import { CONTRACT, guaranteeOf, ReferentialBuilder } from './support/referential-builder.js';
import type { Guarantee } from '../engine/domain/referential.js';

const PH7_65: LineAmounts = { actCode: 'PH7', base: 1000, rate: 65, amo: 650, fee: 1000, amc: 350 };
const AMK: LineAmounts = { actCode: 'AMK', base: 1613, rate: 60, amo: 968, fee: 1613, amc: 645 };

const domainOfGuarantee = (lines: LineAmounts[], ...guarantees: Guarantee[]): (string | undefined)[] => {
  const ref = new ReferentialBuilder().withGuarantee(...guarantees).build();
  return resolveCoverage(invoiceOf(lines), ref, CONTRACT).guarantees.map((g) => g?.domain);
};

describe('P2 — the card covers a line through its domain or a group containing it (rules.md §3.4)', () => {
  it.each([
    [100, 'PHNO'],
    [65, 'PHNO'],
    [90, 'PHNO'],
    [30, 'PHCO'],
    [80, 'PHCO'],
    [15, 'PHOR'],
    [0, 'PHAR'],
  ])('a medicine at %i %% AMO is in %s', (rate, domain) => {
    expect(pharmacyDomain(rate)).toBe(domain);
  });

  it('P2: a 65 % medicine is covered by a PHAR card line when no PHNO line exists', () => {
    expect(domainOfGuarantee([PH7_65], guaranteeOf('PHAR', 'TM', 1_000_000))).toEqual(['PHAR']);
  });

  it('the narrowest domain wins: "PHOR non couvert" beats "PHAR 100 %"', () => {
    const phor: LineAmounts = { actCode: 'PH2', base: 400, rate: 15, amo: 60, fee: 400, amc: 0 };
    const result = domainOfGuarantee([phor, PH7_65], guaranteeOf('PHOR', 'NOT_COVERED', 0), guaranteeOf('PHAR', 'TM', 1_000_000));
    expect(result).toEqual(['PHOR', 'PHAR']);
  });

  it('KINE ⊂ AUXM ⊂ RLAX ⊂ SVIL: a kiné act is covered by an SVIL card line', () => {
    expect(domainOfGuarantee([AMK], guaranteeOf('SVIL', 'TM', 1_000_000))).toEqual(['SVIL']);
    expect(domainLookupOrder('KINE')).toEqual(['KINE', 'AMM', 'AUXM', 'RLAX', 'VILL', 'SVIL']);
  });

  it('MEDG ⊂ MEDE: a G consultation is covered by a MEDE card line', () => {
    expect(domainOfGuarantee([{}], guaranteeOf('MEDE', 'TM', 1_000_000))).toEqual(['MEDE']);
  });

  it('OPTI ⊂ OPAU ⊂ … ⊂ ODEA; DESO ⊂ DENT', () => {
    expect(domainIsWithin('OPTI', 'ODEA')).toBe(true);
    expect(domainIsWithin('DESO', 'DENT')).toBe(true);
    expect(domainIsWithin('AUDI', 'OPDE')).toBe(false);
  });

  it('a domain code the table does not know is tried as itself, even "constructor"', () => {
    expect(domainLookupOrder('XCMP')).toEqual(['XCMP']);
    expect(domainLookupOrder('constructor')).toEqual(['constructor']);
  });

  it('guarantees are effective-dated: a guarantee ended before the act date does not apply', () => {
    const ended = guaranteeOf('MEDG', 'TM', 1_000_000, { validity: { from: 20200101 as DateYmd, to: 20261031 as DateYmd } });
    expect(domainOfGuarantee([{}], ended)).toEqual([undefined]);
  });

  it('without a contract nothing is covered but acts and domains are still resolved', () => {
    const ref = new ReferentialBuilder().withGuarantee(guaranteeOf('MEDG', 'TM', 1_000_000)).build();
    const coverage = resolveCoverage(invoiceOf([{}, { actCode: 'NOPE' }]), ref, undefined);
    expect(coverage.guarantees).toEqual([undefined, undefined]);
    expect(coverage.domains).toEqual(['MEDG', '']);
    expect(coverage.acts.map((a) => a?.family)).toEqual(['MEDECIN', undefined]);
  });
});

describe('P1/P2 — a claimed line the card does not cover rejects the invoice', () => {
  const motivesFor = (lines: LineAmounts[], ...guarantees: Guarantee[]) => {
    const invoice = invoiceOf(lines);
    const ref = new ReferentialBuilder().withGuarantee(...guarantees).build();
    return collect((m) => checkCoverage(invoice, resolveCoverage(invoice, ref, CONTRACT), m));
  };

  it('no guarantee for the domain → DOMAINE_NON_COUVERT naming the line', () => {
    expect(motivesFor([{}, AMK], guaranteeOf('MEDG', 'TM', 1_000_000))).toEqual([
      { code: 'DOMAINE_NON_COUVERT', label: 'Prestation non couverte (ligne 2 : AMK, domaine KINE)' },
    ]);
  });

  it('a NOT_COVERED guarantee on a claimed line → DOMAINE_NON_COUVERT', () => {
    expect(motivesFor([{}], guaranteeOf('MEDG', 'NOT_COVERED', 0)).map((m) => m.code)).toEqual(['DOMAINE_NON_COUVERT']);
  });

  it('an unknown act code claimed → DOMAINE_NON_COUVERT', () => {
    expect(motivesFor([{ actCode: 'ZZZ' }], guaranteeOf('MEDG', 'TM', 1_000_000)).map((m) => m.label)).toEqual([
      'Prestation non couverte (ligne 1 : acte ZZZ inconnu)',
    ]);
  });

  it('a line outside the card claimed at 0.00 is no request for payment: no motive (rules.md §2.10)', () => {
    const phor: LineAmounts = { actCode: 'PH2', base: 400, rate: 15, amo: 60, fee: 400, amc: 0 };
    expect(motivesFor([PH7_65, phor], guaranteeOf('PHNO', 'TM', 1_000_000), guaranteeOf('PHOR', 'NOT_COVERED', 0))).toEqual([]);
  });
});
