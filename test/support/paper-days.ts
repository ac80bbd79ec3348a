import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tpliq } from './cli-process.js';

/**
 * Days of keyed paper invoices for one practitioner, liquidated through the real CLI into one data
 * folder: what the tests of regularisations, renewals and ceilings build their days from.
 */
export const PAPER_PS = '504746942';
export const PAPER_AMC = '0679200223';
/** The beneficiary columns of a paper row (AMC, member, NIR, key, birth date, rank). */
export const ADULT = `${PAPER_AMC},0987654321,1880713371037,43,1988-07-21,1`;
export const CHILD = `${PAPER_AMC},0987654321,121112A754200,14,2021-11-14,1`;

/**
 * A referential: one AMC, the practitioner (`name`, `specialty`), the two beneficiaries under
 * `contract`, the guarantees rows, and any other file by name (limits.csv, equipment-limits.csv…).
 */
export function writePaperReferential(dir: string, o: { name: string; specialty: string; contract: string; guarantees: string[]; cardTo?: string; files?: Record<string, string> }): string {
  mkdirSync(dir, { recursive: true });
  const cardTo = o.cardTo ?? '2026-12-31';
  writeFileSync(join(dir, 'amc.csv'), `amc_number,name\n${PAPER_AMC},MUTUELLE DES PAYS DE LOIRE SANTE\n`);
  writeFileSync(join(dir, 'practitioners.csv'), 'billing_id,kind,name,address,iban,bic,email,optam,specialty,channel,convention_from,convention_to\n'
    + `${PAPER_PS},PS,${o.name},176 RUE NATIONALE 31000 TOULOUSE,FR7630006634399986450845070,AGRIFRPP,,1,${o.specialty},BOTH,2020-02-01,\n`);
  writeFileSync(join(dir, 'beneficiaries.csv'), 'amc_number,member_number,nir,nir_key,birth_date,birth_rank,name,card_from,card_to,contract,c2s,vitale_opposition_date,rights\n'
    + `${PAPER_AMC},0987654321,1880713371037,43,1988-07-21,1,LEGRAND PATRICK,2026-01-01,${cardTo},${o.contract},0,,2017-01-01..\n`
    + `${PAPER_AMC},0987654321,121112A754200,14,2021-11-14,1,LEGRAND ERIC,2026-01-01,${cardTo},${o.contract},0,,2017-01-01..\n`);
  writeFileSync(join(dir, 'guarantees.csv'), `contract,domain,formula,rate,amount,pec_required,responsable,valid_from,valid_to\n${o.guarantees.join('\n')}\n`);
  for (const [name, content] of Object.entries(o.files ?? {})) writeFileSync(join(dir, name), content);
  return dir;
}

export interface PaperDay {
  out: string;
  code: number;
  stderr: string;
}

/**
 * One accounting day: `rows` (paper columns, then `nature,refers_to`) as the inbox's one paper file,
 * received at 09:00 that day, liquidated with `root/ref.snapshot` into `root/data`.
 */
export async function runPaperDay(root: string, name: string, date: string, rows: string[], options: string[] = []): Promise<PaperDay> {
  const inbox = join(root, name, 'inbox');
  mkdirSync(join(inbox, 'paper'), { recursive: true });
  writeFileSync(join(inbox, 'paper', 'paper-0001.csv'),
    'practitioner_id,invoice_number,amc_number,member_number,nir,nir_key,birth_date,birth_rank,ro_sent_date,hors_parcours,pec_number,act_date,act_code,quantity,coefficient,unit_price,base,amo_rate,amo,fee,amc,nature,refers_to\n'
    + rows.join('\n') + '\n');
  writeFileSync(join(inbox, 'manifest.json'), JSON.stringify({ accountingDate: date, files: [{ file: 'paper/paper-0001.csv', receivedAt: `${date}T09:00:00+01:00` }] }));
  const out = join(root, name, 'out');
  const r = await tpliq('run', '--inbox', inbox, '--snapshot', join(root, 'ref.snapshot'), '--date', date, '--data', join(root, 'data'), '--out', out, '--quiet', '--threads', '2', ...options);
  return { out, code: r.code, stderr: r.stderr };
}
