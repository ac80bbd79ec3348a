import { describe, it, expect } from 'vitest';
import { billingIdKey, checkBillingId } from '../codecs/identifiers/billing-id.js';
import { checkFiness, finessKey } from '../codecs/identifiers/finess.js';
import { checkRpps, rppsKey } from '../codecs/identifiers/rpps.js';

/** Every wrong key of a valid id: its last digit replaced by each of the nine others. */
const withOtherKeys = (id: string): string[] =>
  [1, 2, 3, 4, 5, 6, 7, 8, 9].map((delta) => id.slice(0, -1) + String((Number(id.slice(-1)) + delta) % 10));

describe('PS billing number (AM / ADELI), 8 digits + Luhn key (formats.md §6.7)', () => {
  const gieTestCards = [
    '99102376-3', '99108494-8', '99108626-5', '99101197-4', '99104945-3',
    '99106804-0', '99109817-9', '99109197-6', '99103843-1',
  ];

  it.each(gieTestCards)('GIE SESAM-Vitale test card %s validates', (card) => {
    const [base, key] = card.split('-') as [string, string];
    expect(billingIdKey(base)).toBe(key);
    expect(checkBillingId(base + key)).toEqual({ ok: true });
  });

  it.each(gieTestCards)('%s with any other key is TPLIQ_ID_BILLING_ID_KEY', (card) => {
    for (const wrong of withOtherKeys(card.replace('-', ''))) {
      expect(checkBillingId(wrong)).toMatchObject({ ok: false, code: 'TPLIQ_ID_BILLING_ID_KEY' });
    }
  });

  it.each([['99102376'], ['9910237630'], ['99102376-3'], ['9910237A3'], ['']])(
    'rejects "%s" as TPLIQ_ID_BILLING_ID_FORMAT',
    (id) => {
      expect(checkBillingId(id)).toMatchObject({ ok: false, code: 'TPLIQ_ID_BILLING_ID_FORMAT' });
    },
  );

  it('has no key for a base that is not 8 digits', () => {
    expect(billingIdKey('9910237')).toBeUndefined();
    expect(billingIdKey('991023763')).toBeUndefined();
  });
});

describe('FINESS number, Luhn over the 9 digits (formats.md §6.7)', () => {
  it.each([
    '990781056', '750712184', '330781196', '750803447', '130786049',
    '690781810', '310781406', '750100125', '920100013', '130783236',
  ])('%s validates', (finess) => {
    expect(finessKey(finess.slice(0, 8))).toBe(finess.slice(8));
    expect(checkFiness(finess)).toEqual({ ok: true });
  });

  it('rejects a wrong key with TPLIQ_ID_FINESS_KEY', () => {
    for (const wrong of withOtherKeys('750712184')) {
      expect(checkFiness(wrong)).toMatchObject({ ok: false, code: 'TPLIQ_ID_FINESS_KEY' });
    }
  });

  it('rejects Corsican 2A/2B numbers with their own code, since their key rule is not public', () => {
    for (const finess of ['2A0000012', '2B0000012', '2a0000012']) {
      const result = checkFiness(finess);
      expect(result).toMatchObject({ ok: false, code: 'TPLIQ_ID_FINESS_CORSICA_UNSUPPORTED' });
      expect(!result.ok && result.reason).toMatch(/not public/);
    }
    expect(finessKey('2A000001')).toBeUndefined();
  });

  it.each([['75071218'], ['7507121840'], ['75071218X'], ['2C0000012']])('rejects "%s" as TPLIQ_ID_FINESS_FORMAT', (finess) => {
    expect(checkFiness(finess)).toMatchObject({ ok: false, code: 'TPLIQ_ID_FINESS_FORMAT' });
  });
});

describe('RPPS number, 11 digits with a Luhn key (formats.md §6.7, [K])', () => {
  it('validates 10 digits followed by their Luhn key (1234567890 → 3, worked by hand)', () => {
    expect(rppsKey('1234567890')).toBe('3');
    expect(checkRpps('12345678903')).toEqual({ ok: true });
  });

  it('rejects a wrong key with TPLIQ_ID_RPPS_KEY', () => {
    for (const wrong of withOtherKeys('12345678903')) {
      expect(checkRpps(wrong)).toMatchObject({ ok: false, code: 'TPLIQ_ID_RPPS_KEY' });
    }
  });

  it.each([['1234567890'], ['812345678903'], ['1234567890A'], ['']])('rejects "%s" as TPLIQ_ID_RPPS_FORMAT', (rpps) => {
    expect(checkRpps(rpps)).toMatchObject({ ok: false, code: 'TPLIQ_ID_RPPS_FORMAT' });
  });
});
