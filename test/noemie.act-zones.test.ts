import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutsDir } from '../codecs/fixed-width/load-layout.js';
import { actFitsLayout, loadNoemie580Layout, noemie580Layout } from '../codecs/noemie/rsp-layout.js';
import type { RspAct } from '../codecs/noemie/rsp-model.js';
import { tempDirs } from './support/temp-dirs.js';

const tempDir = tempDirs('tpliq-noemie-070-');
const G: RspAct = { actCode: 'G', actDate: 20261112, quantity: 1, coefficientHundredths: 100, baseCents: 3000, amoCents: 2100, amcCents: 900 };

/** The shipped profile with the 070's quantity zone one digit wide: an operator's narrower layout. */
function narrowQuantityLayout(): ReturnType<typeof loadNoemie580Layout> {
  const spec = JSON.parse(readFileSync(join(layoutsDir(), 'noemie-580.json'), 'utf8')) as { records: Record<string, { fields: Array<{ name: string; length: number; start: number; kind: string; source: string }> }> };
  const act = spec.records['070'];
  if (!act) throw new Error('070 missing from the shipped profile');
  act.fields = act.fields.map((f) => (f.name === 'quantity' ? { ...f, length: 1 } : f));
  const path = join(tempDir(), 'noemie-580-narrow.json');
  writeFileSync(path, JSON.stringify(spec));
  return loadNoemie580Layout(path);
}

describe('whether an act line fits the layout\'s 070 zones (an invoice whose lines do not is written without 070s)', () => {
  it('the shipped zones hold every line the shipped input layouts can carry', () => {
    // B2 zones: quantity 3 digits, coefficient 5-6, amounts 7-8 digits, act code 5 characters.
    expect(actFitsLayout({ ...G, actCode: 'YYYY010', quantity: 999, coefficientHundredths: 999_999, baseCents: 99_999_999, amoCents: 99_999_999, amcCents: 9_999_999 }, noemie580Layout())).toBe(true);
    expect(actFitsLayout({ ...G, actDate: 0 }, noemie580Layout())).toBe(true);
  });

  it('a value wider than its zone, a code too long once transliterated, or a negative amount does not fit', () => {
    const layout = noemie580Layout();
    expect(actFitsLayout({ ...G, quantity: 1000 }, layout)).toBe(false);
    expect(actFitsLayout({ ...G, baseCents: 100_000_000_000 }, layout)).toBe(false);
    expect(actFitsLayout({ ...G, actCode: 'ABCDEFGHIJKLM' }, layout)).toBe(true);
    expect(actFitsLayout({ ...G, actCode: 'ABCDEFGHIJKLŒ' }, layout)).toBe(false); // Œ is written OE: 14 characters
    expect(actFitsLayout({ ...G, amcCents: -1 }, layout)).toBe(false);
  });

  it('an operator\'s narrower zone is its own limit', () => {
    const narrow = narrowQuantityLayout();
    expect(actFitsLayout({ ...G, quantity: 9 }, narrow)).toBe(true);
    expect(actFitsLayout({ ...G, quantity: 12 }, narrow)).toBe(false);
  });
});
