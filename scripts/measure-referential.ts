import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { luhnKey } from '../codecs/identifiers/luhn.js';
import { nirKey } from '../codecs/identifiers/nir.js';
import type { DateYmd } from '../engine/domain/units.js';
import { encodeSnapshot } from '../engine/referential/compile-snapshot.js';
import { importReferential } from '../engine/referential/import-referential.js';
import { loadSnapshot } from '../engine/referential/load-snapshot.js';
import { formatReferentialIssue } from '../codecs/csv/referential-issue.js';

/**
 * Measures the referential at operator scale: generates a synthetic CSV delivery (seeded, so every
 * run reads the same data), imports it, compiles the snapshot, and loads it the way a worker does
 * — in a fresh process, so that its time and memory are a worker's and not the importer's.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/measure-referential.js [beneficiaries] [practitioners]
 *
 * Defaults: 2 000 000 beneficiaries, 100 000 practitioners. Target: loading takes at most 10 % of
 * the CSV import.
 */

export interface SyntheticSize {
  beneficiaries: number;
  practitioners: number;
  amcs: number;
  contracts: number;
  pecs: number;
}

/** Linear congruential generator (Numerical Recipes constants): the same seed, the same data. */
class Lcg {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Integer in [0, bound). */
  below(bound: number): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return Math.floor((this.state / 2 ** 32) * bound);
  }

  pick<T>(values: readonly T[]): T {
    return values[this.below(values.length)]!;
  }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const FIRST_NAMES = ['Jean', 'Marie', 'Léa', 'Hugo', 'Chloé', 'Louis', 'Inès', 'Noé', 'Zoé', 'Karim', 'Aïcha', 'Paul'];
const LAST_NAMES = ['MARTIN', 'BERNARD', 'DUBOIS', 'THOMAS', 'ROBERT', 'RICHARD', 'PETIT', 'DURAND', 'LEROY', 'MOREAU'];
const DOMAINS = ['MEDG', 'MEDS', 'PHNO', 'PHCO', 'PHOR', 'OPTI', 'DESO', 'DEPR', 'INFI', 'KINE', 'LABO', 'RADL', 'HOSP', 'FORF'];

/** Writes lines in blocks: one write call per few thousand rows. */
class LineWriter {
  private readonly fd: number;
  private block: string[] = [];

  constructor(path: string, header: string) {
    this.fd = openSync(path, 'w');
    this.block.push(header);
  }

  line(text: string): void {
    this.block.push(text);
    if (this.block.length >= 8192) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.block.length === 0) return;
    writeSync(this.fd, this.block.join('\n') + '\n');
    this.block = [];
  }
}

/** A synthetic but valid CSV delivery (every row imports): unsorted keys, families, twins, gaps. */
export function writeSyntheticReferential(folder: string, size: SyntheticSize, seed = 20260101): void {
  mkdirSync(folder, { recursive: true });
  const random = new Lcg(seed);

  const amcNumbers: string[] = [];
  const amc = new LineWriter(join(folder, 'amc.csv'), 'amc_number,name');
  for (let i = 0; i < size.amcs; i++) {
    const base = pad(31000000 + i * 37, 8);
    amcNumbers.push(base);
    amc.line(`${base},Mutuelle synthétique ${i}`);
  }
  amc.close();

  const contracts = Array.from({ length: size.contracts }, (_, i) => `CT${pad(i, 4)}`);
  const guarantees = new LineWriter(
    join(folder, 'guarantees.csv'),
    'contract,domain,formula,rate,amount,pec_required,responsable,valid_from,valid_to',
  );
  for (const contract of contracts) {
    for (const domain of DOMAINS) {
      if (domain === 'OPTI') guarantees.line(`${contract},${domain},PEC,,,1,1,2025-01-01,`);
      else if (domain === 'DEPR') guarantees.line(`${contract},${domain},FORFAIT,,${100 + random.below(300)}.00,0,1,2025-01-01,`);
      else if (random.below(4) === 0) {
        // A guarantee that changes on 1 July: the effective dating a replay depends on.
        guarantees.line(`${contract},${domain},TM,100,,0,1,2025-01-01,2026-06-30`);
        guarantees.line(`${contract},${domain},BR_INCL_AMO,${pick125(random)},,0,1,2026-07-01,`);
      } else guarantees.line(`${contract},${domain},TM,${random.pick(['100', '90', '90.5', '80'])},,0,1,2025-01-01,`);
    }
  }
  guarantees.close();

  const practitionerIds: string[] = [];
  const practitioners = new LineWriter(
    join(folder, 'practitioners.csv'),
    'billing_id,kind,name,address,iban,bic,email,optam,specialty,channel,convention_from,convention_to',
  );
  // Distinct bases, visited in a scrambled order so that the file is not sorted by id.
  const stride = 7919;
  for (let i = 0; i < size.practitioners; i++) {
    const base = pad(10000000 + ((i * stride) % size.practitioners) * 13, 8);
    const id = base + luhnKey(base)!;
    practitionerIds.push(id);
    const etablissement = random.below(20) === 0;
    practitioners.line(
      [
        id,
        etablissement ? 'ETABLISSEMENT' : 'PS',
        etablissement ? `Clinique ${i}` : `Dr ${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
        `"${1 + random.below(200)} rue de la Santé, ${pad(1000 + random.below(94000), 5)} Ville"`,
        `FR76${pad(random.below(1e9), 9)}${pad(random.below(1e9), 9)}${pad(random.below(1e7), 7)}`,
        'AGRIFRPP',
        random.below(3) === 0 ? '' : `ps${i}@example.org`,
        random.below(2),
        etablissement ? '' : pad(1 + random.below(80), 2),
        random.pick(['EDI', 'PAPER', 'BOTH']),
        '2015-01-01',
        random.below(10) === 0 ? '2030-12-31' : '',
      ].join(','),
    );
  }
  practitioners.close();

  const pecTargets: { amc: string; nir: string }[] = [];
  const beneficiaries = new LineWriter(
    join(folder, 'beneficiaries.csv'),
    'amc_number,member_number,nir,nir_key,birth_date,birth_rank,name,card_from,card_to,contract,c2s,vitale_opposition_date,rights',
  );
  let written = 0;
  let member = 0;
  while (written < size.beneficiaries) {
    member++;
    const amcNumber = random.pick(amcNumbers);
    const contract = random.pick(contracts);
    const sex = 1 + random.below(2);
    const year = 1940 + random.below(50); // holders are born before any child
    const month = 1 + random.below(12);
    const dept = random.below(50) === 0 ? random.pick(['2A', '2B']) : pad(1 + random.below(95), 2);
    const nir = `${sex}${pad(year % 100, 2)}${pad(month, 2)}${dept}${pad(random.below(1000), 3)}${pad(random.below(1000), 3)}`;
    const key = nirKey(nir)!;
    // A family: the holder, then children under the holder's NIR (twins share a birth date).
    const familySize = Math.min(1 + random.below(4), size.beneficiaries - written);
    const twinsBirth = `${2005 + random.below(18)}-${pad(1 + random.below(12), 2)}-${pad(1 + random.below(28), 2)}`;
    for (let person = 0; person < familySize; person++) {
      const lunar = random.below(500) === 0;
      const birth =
        person === 0
          ? `${year}-${lunar ? '00' : pad(month, 2)}-${lunar ? '00' : pad(1 + random.below(28), 2)}`
          : person <= 2 && familySize > 2
            ? twinsBirth
            : // Other children are born before the twins, so no two members of a family share a key.
              `${1998 + random.below(7)}-${pad(1 + random.below(12), 2)}-${pad(1 + random.below(28), 2)}`;
      const rank = person === 2 && familySize > 2 ? 2 : 1;
      const rights =
        random.below(10) === 0 ? '2026-01-01..2026-06-30|2026-09-01..' : random.below(50) === 0 ? '' : '2026-01-01..';
      const c2s = random.below(20) === 0 ? 1 : 0;
      const opposition = c2s === 1 && random.below(10) === 0 ? '2026-03-15' : '';
      beneficiaries.line(
        [
          amcNumber,
          `A${pad(member, 9)}`,
          nir,
          key,
          birth,
          rank,
          `${random.pick(LAST_NAMES)} ${random.pick(FIRST_NAMES)}`,
          '2026-01-01',
          '2026-12-31',
          contract,
          c2s,
          opposition,
          rights,
        ].join(','),
      );
      written++;
    }
    if (pecTargets.length < size.pecs && random.below(20) === 0) pecTargets.push({ amc: amcNumber, nir });
  }
  beneficiaries.close();

  const pecs = new LineWriter(
    join(folder, 'pecs.csv'),
    'pec_number,amc_number,nir,practitioner_id,domain,granted,valid_from,valid_to',
  );
  pecTargets.forEach((target, i) => {
    pecs.line(
      `PEC${pad(i, 8)},${target.amc},${target.nir},${random.pick(practitionerIds)},${random.pick(['OPTI', 'DEPR'])},` +
        `${100 + random.below(900)}.${pad(random.below(100), 2)},2026-01-01,2026-12-31`,
    );
  });
  pecs.close();
}

function pick125(random: Lcg): string {
  return random.pick(['100', '125', '150', '200']);
}

const megabytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function memoryLine(label: string): string {
  const m = process.memoryUsage();
  return `${label}: heap used ${megabytes(m.heapUsed)}, array buffers ${megabytes(m.arrayBuffers)}, RSS ${megabytes(m.rss)}`;
}

interface LoadReport {
  readFileMs: number;
  loadColdMs: number;
  loadVerifiedMs: number;
  loadUnverifiedMs: number;
  lookupsPerSecond: number;
  memory: string;
  beneficiaries: number;
}

/** What a worker does: read the file, load it, answer lookups. Runs in a fresh process. */
function measureLoad(snapshotPath: string, probesPath: string): LoadReport {
  const heapBefore = process.memoryUsage();
  let t = performance.now();
  const bytes = readFileSync(snapshotPath);
  const readFileMs = performance.now() - t;
  // The first load also parses the .proto and builds protobufjs's decoders, as a worker's does.
  t = performance.now();
  loadSnapshot(bytes, { verify: false });
  const loadColdMs = performance.now() - t;
  t = performance.now();
  const verified = loadSnapshot(bytes);
  const loadVerifiedMs = performance.now() - t;
  t = performance.now();
  const view = loadSnapshot(bytes, { verify: false });
  const loadUnverifiedMs = performance.now() - t;

  const probes = JSON.parse(readFileSync(probesPath, 'utf8')) as { amc: string; nir: string; practitioner: string; contract: string }[];
  let found = 0;
  t = performance.now();
  const rounds = 20;
  for (let round = 0; round < rounds; round++) {
    for (const probe of probes) {
      found += view.beneficiariesByNir(probe.amc, probe.nir).length;
      if (view.practitioner(probe.practitioner) !== undefined) found++;
      if (view.guarantee(probe.contract, 'MEDG', 20260815 as DateYmd) !== undefined) found++;
    }
  }
  const lookupMs = performance.now() - t;
  if (found === 0) throw new Error('no probe was found: the measure is wrong');
  const after = process.memoryUsage();
  return {
    readFileMs,
    loadColdMs,
    loadVerifiedMs,
    loadUnverifiedMs,
    lookupsPerSecond: Math.round((probes.length * rounds) / (lookupMs / 1000)),
    memory:
      `heap used +${megabytes(after.heapUsed - heapBefore.heapUsed)}, ` +
      `array buffers +${megabytes(after.arrayBuffers - heapBefore.arrayBuffers)}, RSS ${megabytes(after.rss)}`,
    beneficiaries: verified.counts.beneficiaries,
  };
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === '--load-only') {
    process.send?.(measureLoad(args[0]!, args[1]!));
    return;
  }
  const beneficiaries = Number(mode ?? 2_000_000);
  const practitioners = Number(args[0] ?? 100_000);
  const size: SyntheticSize = { beneficiaries, practitioners, amcs: 40, contracts: 300, pecs: 20_000 };
  const work = mkdtempSync(join(tmpdir(), 'tpliq-referential-'));
  const folder = join(work, 'csv');
  try {
    console.log(`generating ${beneficiaries} beneficiaries, ${practitioners} practitioners in ${folder}`);
    let t = performance.now();
    writeSyntheticReferential(folder, size);
    console.log(`generate: ${seconds(performance.now() - t)}`);

    t = performance.now();
    const imported = await importReferential(folder);
    const importMs = performance.now() - t;
    if (!imported.ok) {
      for (const issue of imported.issues.slice(0, 20)) console.error(formatReferentialIssue(issue));
      throw new Error(`the synthetic referential has ${imported.issues.length} issues`);
    }
    console.log(`import (CSV read + checks + sorted tables): ${seconds(importMs)}`);
    console.log(memoryLine('  after import'));

    t = performance.now();
    const compiled = encodeSnapshot(imported.referential, imported.sources);
    const encodeMs = performance.now() - t;
    const snapshotPath = join(work, 'referential.snapshot');
    writeFileSync(snapshotPath, compiled.bytes);
    console.log(`encode snapshot: ${seconds(encodeMs)}, ${megabytes(compiled.bytes.byteLength)}, id ${compiled.snapshotId.slice(0, 16)}`);

    // Probes: real keys taken from the snapshot itself, plus misses.
    const view = loadSnapshot(compiled.bytes, { verify: false });
    const random = new Lcg(7);
    const beneficiaryCsv = readFileSync(join(folder, 'beneficiaries.csv'), 'utf8').split('\n');
    const practitionerCsv = readFileSync(join(folder, 'practitioners.csv'), 'utf8').split('\n');
    const probes = Array.from({ length: 100_000 }, () => {
      const b = beneficiaryCsv[1 + random.below(beneficiaryCsv.length - 2)]!.split(',');
      const p = practitionerCsv[1 + random.below(practitionerCsv.length - 2)]!.split(',');
      return { amc: b[0]!, nir: b[2]!, practitioner: p[0]!, contract: b[9]! };
    });
    if (view.beneficiariesByNir(probes[0]!.amc, probes[0]!.nir).length === 0) throw new Error('probe not found');
    const probesPath = join(work, 'probes.json');
    writeFileSync(probesPath, JSON.stringify(probes));

    const report = await new Promise<LoadReport>((resolve, reject) => {
      const child = fork(fileURLToPath(import.meta.url), ['--load-only', snapshotPath, probesPath]);
      child.once('message', (message) => resolve(message as LoadReport));
      child.once('error', reject);
    });
    console.log(`worker load (fresh process, ${report.beneficiaries} beneficiaries):`);
    console.log(`  read file ${report.readFileMs.toFixed(0)} ms`);
    console.log(`  first load (parses the .proto, not verified): ${report.loadColdMs.toFixed(1)} ms`);
    console.log(`  load, hash verified:   ${report.loadVerifiedMs.toFixed(1)} ms`);
    console.log(`  load, not re-verified: ${report.loadUnverifiedMs.toFixed(1)} ms`);
    console.log(`  lookups (beneficiary + practitioner + guarantee): ${report.lookupsPerSecond} probes/s`);
    console.log(`  memory: ${report.memory}`);
    const loadMs = report.readFileMs + report.loadColdMs + report.loadVerifiedMs;
    console.log(
      `ratio (read + first load + verified load) / import = ${((100 * loadMs) / importMs).toFixed(2)} % (target ≤ 10 %); ` +
        `read + first load only ${((100 * (report.readFileMs + report.loadColdMs)) / importMs).toFixed(2)} %`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
