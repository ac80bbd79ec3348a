import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import { Prng } from '../scripts/generate/prng.js';
import { BYTE_MUTATORS, type ByteMutation } from './byte-mutators.js';
import { CSV_MUTATORS } from './csv-mutators.js';
import { FIELD_VALUE_STYLES } from './field-values.js';
import type { FuzzCase, RunCase } from './fuzz-case.js';
import type { FuzzDay, InboxEntry } from './fuzz-day.js';
import { DAY_ROOT, type InboxEdit } from './inbox-edit.js';
import { fieldReplaced, LAYOUT_MUTATORS, recordDropped, recordDuplicated, recordsReordered } from './layout-mutators.js';
import { familyOf, type InboxKind, type MutationKind, type ReturnsKind } from './mutation-kinds.js';

/**
 * (kind, seed) → a case on the day. Deterministic: the seed drives a PRNG of the project's own
 * (scripts/generate/prng.ts), so a case is rebuilt exactly from its two numbers.
 *
 * Fairness of the comparison with the clean run. The only decisions that depend on other files
 * are duplicates and single-use PECs, decided in input order (B2 files by name, then paper files
 * by name). A mutated file is therefore moved to the end of its group (`zz-fuzz-<name>`, its
 * manifest entry and mtime moved with it): every other B2 file comes before it, so no change in it
 * can make an untouched invoice a duplicate. Paper files still follow a mutated B2 file; the
 * generator never repeats an invoice across files (numbers run per practitioner, duplicates stay
 * in their lot), so only a mutation that forges a later paper invoice (a bit flip landing on its
 * number, for a practitioner who sends both ways) can make one a duplicate — the comparison
 * reports that apart (excused) rather than hiding it. The control kind checks the move itself
 * changes nothing.
 */
export function buildCase(day: FuzzDay, kind: MutationKind, seed: number): FuzzCase {
  const rng = new Prng(seed, 0x7f);
  const family = familyOf(kind);
  if (family === 'returns') return returnsCase(day, kind as ReturnsKind, seed, rng);
  if (family === 'inbox') return inboxCase(day, kind as InboxKind, seed, rng);
  const candidates = day.entries.filter((e) => (family === 'layout' ? e.kind === 'B2' : family === 'csv' ? e.kind === 'PAPER' : true));
  if (candidates.length === 0) throw new Error(`the fuzz day has no file for ${kind}`);
  const entry = rng.pick(candidates);
  const original = readFileSync(join(day.inboxDir, entry.name));
  let mutation: ByteMutation;
  if (kind === 'control-moved-last') mutation = { bytes: original, detail: 'bytes unchanged' };
  else if (kind in BYTE_MUTATORS) mutation = BYTE_MUTATORS[kind as keyof typeof BYTE_MUTATORS](original, rng);
  else if (kind in CSV_MUTATORS) mutation = CSV_MUTATORS[kind as keyof typeof CSV_MUTATORS](original, rng);
  else if (kind in LAYOUT_MUTATORS) mutation = LAYOUT_MUTATORS[kind as keyof typeof LAYOUT_MUTATORS](original, layoutOf(entry), rng);
  else throw new Error(`no mutator for ${kind}`);
  const moved = movedLast(day, entry, mutation.bytes);
  return {
    command: 'run', kind, seed,
    description: `${entry.name} → ${moved.name}: ${mutation.detail}`,
    edits: moved.edits,
    touched: kind === 'control-moved-last' ? [] : [entry.name, moved.name],
    renamed: kind === 'control-moved-last' ? { [moved.name]: entry.name } : {},
    copies: [],
    allowedExitCodes: [0],
  };
}

const layouts = new Map<string, CompiledLayout>();

function layoutOf(entry: InboxEntry): CompiledLayout {
  const profile = ['b2-ps', 'b2-etablissements', 'dre'].includes(entry.profile) ? entry.profile : 'b2-etablissements';
  let layout = layouts.get(profile);
  if (!layout) layouts.set(profile, (layout = loadLayout(profile)));
  return layout;
}

/** The name that sorts last in the file's group: top level for B2-family files, paper/ for paper. */
function lastName(entry: InboxEntry, prefix = 'zz-fuzz-'): string {
  const base = basename(entry.name);
  return entry.kind === 'PAPER' ? `paper/${prefix}${base}` : `${prefix}${base}`;
}

function manifestBytes(day: FuzzDay, files: Array<{ file: unknown; receivedAt: unknown } | unknown>): Uint8Array {
  return Buffer.from(JSON.stringify({ accountingDate: day.manifest.accountingDate, files }, null, 2) + '\n', 'utf8');
}

const manifestWrite = (day: FuzzDay, files: unknown[]): InboxEdit => ({ op: 'write', path: 'manifest.json', bytes: manifestBytes(day, files) });

function movedLast(day: FuzzDay, entry: InboxEntry, bytes: Uint8Array): { name: string; edits: InboxEdit[] } {
  const name = lastName(entry);
  const files = day.manifest.files.map((f) => (f.file === entry.name ? { file: name, receivedAt: f.receivedAt } : f));
  return {
    name,
    edits: [
      { op: 'remove', path: entry.name },
      { op: 'write', path: name, bytes, receivedAtMs: entry.receivedAtMs },
      manifestWrite(day, files),
    ],
  };
}

const MANIFEST_GARBAGE = ['', '{', 'null', '[]', '42', '"files"', '{"files": 42}', '{"files": "x"}', '{"files": null}', '{"files": [42]}', '\u0000\u0001\u0002', '{"files": {"a": {}}}'];

const BAD_MANIFEST_ENTRIES: unknown[] = [
  null,
  {},
  { file: null, receivedAt: null },
  { file: 'ghost.b2', receivedAt: 'not a date' },
  { file: 42, receivedAt: [] },
  { file: '../../etc/passwd', receivedAt: '2026-11-23T10:00:00+01:00' },
  { file: 'ghost.b2' },
];

/** An instant in a far year: valid ISO 8601, so a receipt day and due dates must come out of it or the file be refused. */
const FAR_INSTANTS = ['9999-12-31T23:59:59+01:00', '9999-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '0001-01-01T00:00:00Z'];

function inboxCase(day: FuzzDay, kind: InboxKind, seed: number, rng: Prng): RunCase {
  const b2 = day.entries.filter((e) => e.kind === 'B2');
  const paper = day.entries.filter((e) => e.kind === 'PAPER');
  const base = { command: 'run' as const, kind, seed, renamed: {}, copies: [] };
  switch (kind) {
    case 'inbox-manifest-garbage': {
      const text = rng.pick(MANIFEST_GARBAGE);
      return { ...base, description: `manifest.json := ${JSON.stringify(text)}`, edits: [{ op: 'write', path: 'manifest.json', bytes: Buffer.from(text, 'utf8') }], touched: [], allowedExitCodes: [0, 2] };
    }
    case 'inbox-manifest-bad-entry': {
      const bad = rng.pick(BAD_MANIFEST_ENTRIES);
      const files: unknown[] = [...day.manifest.files];
      files.splice(rng.int(0, files.length), 0, bad);
      return { ...base, description: `manifest.json gets the entry ${JSON.stringify(bad)}`, edits: [manifestWrite(day, files)], touched: [], allowedExitCodes: [0, 2] };
    }
    case 'inbox-manifest-year-9999': {
      const entry = rng.pick(day.entries);
      const instant = rng.pick(FAR_INSTANTS);
      const files = day.manifest.files.map((f) => (f.file === entry.name ? { file: f.file, receivedAt: instant } : f));
      return { ...base, description: `manifest.json: ${entry.name} received at ${instant}`, edits: [manifestWrite(day, files)], touched: [entry.name], allowedExitCodes: [0, 2] };
    }
    case 'inbox-folder-named-csv': {
      const name = 'paper/zz-fuzz-folder.csv';
      return { ...base, description: `a folder named ${name}, holding a file`, edits: [{ op: 'mkdir', path: name }, { op: 'write', path: `${name}/inner.csv`, bytes: Buffer.from('x\n') }], touched: [name], allowedExitCodes: [0] };
    }
    case 'inbox-folder-named-b2': {
      const name = rng.pick(['zz-fuzz-folder.b2', 'zz-fuzz-folder.dre']);
      return { ...base, description: `a folder named ${name}`, edits: [{ op: 'mkdir', path: name }], touched: [name], allowedExitCodes: [0] };
    }
    case 'inbox-paper-is-a-file': {
      const content = paper.length > 0 ? readFileSync(join(day.inboxDir, paper[0]!.name)) : Buffer.from('x\n');
      return {
        ...base, description: 'paper is a file (the first paper CSV), not a folder',
        edits: [{ op: 'remove', path: 'paper' }, { op: 'write', path: 'paper', bytes: content }],
        touched: paper.map((p) => p.name), allowedExitCodes: [0],
      };
    }
    case 'inbox-symlink-outside': {
      // Outside the inbox, and beneficiaries.csv is full of health data: nothing of it may come out
      // in a log or the summary. Targets are under the day's folder, wherever a replay puts it.
      const target = `${DAY_ROOT}${rng.pick([relative(day.root, join(day.referentialDir, 'beneficiaries.csv')), relative(day.root, join(day.referentialDir, 'practitioners.csv')), relative(day.root, day.snapshotPath)])}`;
      const name = rng.chance(0.5) ? 'zz-fuzz-link.b2' : 'paper/zz-fuzz-link.csv';
      return { ...base, description: `${name} is a symbolic link to ${target}`, edits: [{ op: 'symlink', path: name, target }], touched: [name], allowedExitCodes: [0] };
    }
    case 'inbox-symlink-dangling': {
      const name = rng.chance(0.5) ? 'zz-fuzz-dangling.b2' : 'paper/zz-fuzz-dangling.csv';
      return { ...base, description: `${name} is a symbolic link to nothing`, edits: [{ op: 'symlink', path: name, target: 'does-not-exist' }], touched: [name], allowedExitCodes: [0] };
    }
    case 'inbox-symlink-loop': {
      const name = rng.chance(0.5) ? 'zz-fuzz-loop.dre' : 'paper/zz-fuzz-loop.csv';
      return { ...base, description: `${name} is a symbolic link to itself`, edits: [{ op: 'symlink', path: name, target: basename(name) }], touched: [name], allowedExitCodes: [0] };
    }
    case 'inbox-symlink-to-inbox-file': {
      const entry = rng.pick(day.entries);
      const name = lastName(entry, 'zz-fuzz-link-');
      return { ...base, description: `${name} is a symbolic link to ${entry.name} (the same file delivered twice)`, edits: [{ op: 'symlink', path: name, target: basename(entry.name) }], touched: [name], copies: [name], allowedExitCodes: [0] };
    }
    case 'inbox-fifo': {
      const name = rng.chance(0.5) ? 'zz-fuzz-fifo.b2' : 'paper/zz-fuzz-fifo.csv';
      return { ...base, description: `${name} is a named pipe nobody writes to`, edits: [{ op: 'fifo', path: name }], touched: [name], allowedExitCodes: [0] };
    }
    case 'inbox-file-copied': {
      const entry = rng.pick(b2.length > 0 && rng.chance(0.7) ? b2 : day.entries);
      const name = lastName(entry, 'zz-fuzz-copy-');
      return {
        ...base, description: `${entry.name} copied to ${name} (the same file delivered twice)`,
        edits: [{ op: 'write', path: name, bytes: readFileSync(join(day.inboxDir, entry.name)), receivedAtMs: entry.receivedAtMs }],
        touched: [name], copies: [name], allowedExitCodes: [0],
      };
    }
  }
}

const returnsLayouts = { noemie: loadLayout('noemie-580'), arl: loadLayout('arl') };

function returnsCase(day: FuzzDay, kind: ReturnsKind, seed: number, rng: Prng): FuzzCase {
  const format = kind.startsWith('returns-noemie') ? 'noemie' : 'arl';
  const files = format === 'noemie' ? day.noemieFiles : day.arlFiles;
  if (files.length === 0) throw new Error(`the clean run wrote no ${format} file`);
  const path = rng.pick(files);
  const original = readFileSync(path);
  const layout = returnsLayouts[format];
  let mutation: ByteMutation;
  if (kind.endsWith('-bytes')) {
    const name = rng.pick(Object.keys(BYTE_MUTATORS) as Array<keyof typeof BYTE_MUTATORS>);
    mutation = BYTE_MUTATORS[name](original, rng);
    mutation = { ...mutation, detail: `${name}: ${mutation.detail}` };
  } else if (kind.endsWith('-field')) {
    mutation = fieldReplaced(rng.pick(FIELD_VALUE_STYLES))(original, layout, rng);
  } else {
    mutation = rng.pick([recordDropped, recordDuplicated, recordsReordered])(original, layout, rng);
  }
  return { command: 'returns', kind, seed, description: `${format}/${basename(path)}: ${mutation.detail}`, fileName: basename(path), bytes: mutation.bytes };
}
