import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileReferential } from '../engine/referential/compile-snapshot.js';
import { defaultActDomainsPath } from '../engine/referential/import-referential.js';
import { decodeCheckedSnapshot, loadSnapshot } from '../engine/referential/load-snapshot.js';
import { editedDelivery, removeTemporaryFolders } from './fixtures/referential/delivery.js';

/**
 * act-domains.csv's optional column `accord_prealable`: the acts the RO pays only after an accord
 * préalable (R. 161-42 6°), compiled into the snapshot. A table without the column, or with it all
 * 0, marks no act and compiles to the body it compiled to before the column existed.
 */
afterAll(removeTemporaryFolders);

const HEADER = 'act_code,domain,family,ro_reimbursable';
const withActTable = (lines: string[]) => editedDelivery({ 'act-domains.csv': () => lines });

describe('act-domains.csv accord_prealable', () => {
  it('1 marks the act, 0 and empty do not; a prefix entry marks the codes it covers', async () => {
    const folder = withActTable([`${HEADER},accord_prealable`, 'G,MEDG,MEDECIN,1,0', 'TO,DEOR,DENTAIRE,1,1', 'AMK,KINE,AUXILIAIRE,1,', 'HBMD*,DEPR,DENTAIRE,1,1']);
    const view = loadSnapshot((await compileReferential(folder)).bytes);
    expect(view.actDomain('TO')).toEqual({ actCode: 'TO', domain: 'DEOR', family: 'DENTAIRE', roReimbursable: true, needsAccordPrealable: true });
    expect(view.actDomain('HBMD001')?.needsAccordPrealable).toBe(true);
    expect(view.actDomain('G')?.needsAccordPrealable).toBe(false);
    expect(view.actDomain('AMK')?.needsAccordPrealable).toBe(false);
  });

  it('a table without the column loads as before: no act needs one', async () => {
    const view = loadSnapshot((await compileReferential(withActTable([HEADER, 'G,MEDG,MEDECIN,1', 'TO,DEOR,DENTAIRE,1']))).bytes);
    expect(view.actDomain('TO')?.needsAccordPrealable).toBe(false);
  });

  it('all 0 compiles to the same snapshot body (same id) as the table without the column', async () => {
    const without = await compileReferential(withActTable([HEADER, 'G,MEDG,MEDECIN,1', 'TO,DEOR,DENTAIRE,1']));
    const zeros = await compileReferential(withActTable([`${HEADER},accord_prealable`, 'G,MEDG,MEDECIN,1,0', 'TO,DEOR,DENTAIRE,1,0']));
    const marked = await compileReferential(withActTable([`${HEADER},accord_prealable`, 'G,MEDG,MEDECIN,1,0', 'TO,DEOR,DENTAIRE,1,1']));
    expect(zeros.snapshotId).toBe(without.snapshotId);
    expect(marked.snapshotId).not.toBe(without.snapshotId);
  });

  it('only a marked act carries the field on the wire: an unmarked one is written as before the field existed', async () => {
    const { bytes } = await compileReferential(withActTable([`${HEADER},accord_prealable`, 'G,MEDG,MEDECIN,1,0', 'TO,DEOR,DENTAIRE,1,1']));
    const written = Object.fromEntries(decodeCheckedSnapshot(bytes).referential.actDomains.map((act) => [act.actCode, Object.hasOwn(act, 'needsAccordPrealable')]));
    expect(written).toEqual({ G: false, TO: true });
  });

  it('the built-in table has no such column: no built-in act needs one', async () => {
    expect(readFileSync(defaultActDomainsPath(), 'utf8').split('\n')[0]).toBe(HEADER);
  });
});
