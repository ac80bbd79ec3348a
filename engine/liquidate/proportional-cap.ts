import type { Cents } from '../domain/units.js';

/**
 * Holds the lines `indexes` of `amountsCents` to a total of at most `capCents`, cutting each in
 * proportion to its own amount, in whole cents (largest-remainder method). Changes the array in
 * place; lines already within the cap are left alone.
 *
 * Why proportional: a cap on an equipment (R871-2 3°, an equipment forfait) limits a sum, not a
 * line, yet the practitioner declares, and the engine checks, every line to the cent. Cutting each
 * line by the same fraction of what it could have paid makes a line's amount independent of where
 * it sits on the invoice; the largest remainders (ties: the earlier index) place the cents the
 * floors left, so the lines sum to the cap exactly and the same lines always give the same split.
 * No line ever rises: a share is at most its own amount, since the cap is below the sum.
 *
 * The products are BigInt: a line amount times a cap can pass 2^53 cents² for large amounts, and
 * this runs only for the few invoices that have a capped equipment.
 */
export function capProportionally(amountsCents: Cents[], indexes: readonly number[], capCents: number): void {
  let sumCents = 0;
  for (const i of indexes) sumCents += amountsCents[i]!;
  if (sumCents <= capCents) return;
  if (capCents <= 0) {
    for (const i of indexes) amountsCents[i] = 0 as Cents;
    return;
  }
  const sum = BigInt(sumCents);
  const cap = BigInt(capCents);
  const remainders: { position: number; remainder: bigint }[] = [];
  let givenCents = 0;
  indexes.forEach((i, position) => {
    const product = cap * BigInt(amountsCents[i]!);
    const share = Number(product / sum);
    amountsCents[i] = share as Cents;
    givenCents += share;
    remainders.push({ position, remainder: product % sum });
  });
  // Fewer cents are left than there are lines (each floor lost less than one).
  remainders.sort((a, b) => (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : a.position - b.position));
  for (let k = 0; k < capCents - givenCents; k++) {
    const i = indexes[remainders[k]!.position]!;
    amountsCents[i] = (amountsCents[i]! + 1) as Cents;
  }
}
