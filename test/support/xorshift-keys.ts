/**
 * A deterministic stream of (hi, lo) 32-bit key halves from xorshift32, repeats included on
 * purpose: `his` and `los` bound each half (few distinct high halves, as practitioner ids are).
 */
export function* xorshiftKeys(count: number, seed: number, his = 5_000, los = 20_000): Generator<[number, number]> {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
  for (let i = 0; i < count; i++) yield [next() % his, next() % los];
}
