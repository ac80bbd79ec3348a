import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../engine/bounded-memo.js';

describe('BoundedMemo (a pure function of a string, remembered within a bound)', () => {
  it('computes each argument once while the bound is not reached, and returns what the function returns', () => {
    const asked: string[] = [];
    const memo = new BoundedMemo((text) => {
      asked.push(text);
      return text.length;
    }, 3);
    expect([memo.get('a'), memo.get('bb'), memo.get('a'), memo.get('ccc'), memo.get('bb')]).toEqual([1, 2, 1, 3, 2]);
    expect(asked).toEqual(['a', 'bb', 'ccc']);
  });

  it('starts again empty once full, so ever new arguments cannot grow it, and still answers the same', () => {
    const asked: string[] = [];
    const memo = new BoundedMemo((text) => {
      asked.push(text);
      return `<${text}>`;
    }, 2);
    expect(memo.get('a')).toBe('<a>');
    expect(memo.get('b')).toBe('<b>');
    // Full at two: the third argument empties it before it is kept.
    expect(memo.get('c')).toBe('<c>');
    expect(memo.get('a')).toBe('<a>');
    expect(memo.get('c')).toBe('<c>');
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });

  it('remembers a false result too (the IBAN check answers booleans)', () => {
    let calls = 0;
    const memo = new BoundedMemo(() => {
      calls += 1;
      return false;
    }, 10);
    expect(memo.get('FR76')).toBe(false);
    expect(memo.get('FR76')).toBe(false);
    expect(calls).toBe(1);
  });
});
