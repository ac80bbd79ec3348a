import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundArchive } from '../engine/history/background-archive.js';
import { HistoryError } from '../engine/history/history-error.js';
import { InputArchive, stageBlob } from '../engine/history/input-archive.js';

const LEDGER_ID = 'ledger-under-test';
/** A start trigger that never comes: the thread starts when the run waits for it. */
const NEVER = new Promise<void>(() => undefined);
const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A data folder with an inbox of `files` (name → content). */
function setUp(files: Record<string, string>): { dataDir: string; pathOf: (name: string) => string } {
  dir = mkdtempSync(join(tmpdir(), 'tpliq-archive-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return { dataDir: join(dir, 'data'), pathOf: (name) => join(dir!, name) };
}

describe('BackgroundArchive: the run\'s input blobs stored in a thread of their own', () => {
  it('stores every file and every byte string under its digest, private, and nothing left in tmp/', async () => {
    const { dataDir, pathOf } = setUp({ 'a.b2': 'first file\n', 'b.b2': 'second file\n' });
    const layout = new TextEncoder().encode('{"profile":"mine"}\n');
    const background = new BackgroundArchive({
      dataDir, ledgerId: LEDGER_ID,
      jobs: [
        { kind: 'file', path: pathOf('a.b2'), sha256: sha256('first file\n'), name: 'a.b2' },
        { kind: 'file', path: pathOf('b.b2'), sha256: sha256('second file\n'), name: 'b.b2' },
        { kind: 'bytes', bytes: layout },
      ],
    }, NEVER);
    await background.stored();
    const archive = InputArchive.forWriting(dataDir, LEDGER_ID);
    for (const content of ['first file\n', 'second file\n']) {
      const path = archive.blobPath(sha256(content));
      expect(readFileSync(path, 'utf8')).toBe(content);
      expect(statSync(path).mode & 0o077).toBe(0);
    }
    expect(readFileSync(archive.blobPath(sha256(layout)), 'utf8')).toBe('{"profile":"mine"}\n');
    expect(readdirSync(join(archive.root, 'tmp'))).toEqual([]);
    // Waiting again, or stopping a thread that is done, changes nothing.
    await background.stop();
  });

  it('refuses a file whose bytes are no longer those the run read: TPLIQ_INPUT_CHANGED, as a HistoryError, and no blob under either digest', async () => {
    const { dataDir, pathOf } = setUp({ 'a.b2': 'as the run read it\n' });
    const read = sha256('as the run read it\n');
    writeFileSync(pathOf('a.b2'), 'changed since\n');
    const background = new BackgroundArchive({ dataDir, ledgerId: LEDGER_ID, jobs: [{ kind: 'file', path: pathOf('a.b2'), sha256: read, name: 'a.b2' }] }, NEVER);
    const failure = await background.stored().then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(HistoryError);
    expect((failure as HistoryError).code).toBe('TPLIQ_INPUT_CHANGED');
    // The message is the thread's, with its code once.
    expect((failure as HistoryError).message).toMatch(/^TPLIQ_INPUT_CHANGED: inbox file a\.b2 changed while the run was reading it/);
    const archive = InputArchive.forWriting(dataDir, LEDGER_ID);
    expect(archive.has(read)).toBe(false);
    expect(archive.has(sha256('changed since\n'))).toBe(false);
  });

  it('publishes the copy a worker staged from the bytes it read: no second hash, the file changed since is not read again, the staging folder left empty', async () => {
    const { dataDir, pathOf } = setUp({ 'a.b2': 'as the run read it\n' });
    const archive = InputArchive.forWriting(dataDir, LEDGER_ID);
    const staging = archive.makeStagingFolder();
    expect(statSync(staging.folder).mode & 0o077).toBe(0);
    const read = sha256('as the run read it\n');
    const staged = stageBlob(staging, read, Buffer.from('as the run read it\n'));
    expect(staged).toBeDefined();
    expect(statSync(staged!).mode & 0o077).toBe(0);
    // The inbox file changes once read: the archive keeps what the run decided on.
    writeFileSync(pathOf('a.b2'), 'changed since\n');
    await new BackgroundArchive({ dataDir, ledgerId: LEDGER_ID, jobs: [{ kind: 'file', path: pathOf('a.b2'), sha256: read, name: 'a.b2', staged: staged! }] }, NEVER).stored();
    expect(readFileSync(archive.blobPath(read), 'utf8')).toBe('as the run read it\n');
    expect(statSync(archive.blobPath(read)).mode & 0o077).toBe(0);
    expect(readdirSync(staging.folder)).toEqual([]);
    expect(archive.has(sha256('changed since\n'))).toBe(false);
  });

  it('stages nothing for a blob the archive holds whole, and a second staged copy of a blob is dropped when adopted', async () => {
    const { dataDir, pathOf } = setUp({ 'a.b2': 'same bytes\n', 'b.b2': 'same bytes\n' });
    const archive = InputArchive.forWriting(dataDir, LEDGER_ID);
    const staging = archive.makeStagingFolder();
    const digest = sha256('same bytes\n');
    const first = stageBlob(staging, digest, Buffer.from('same bytes\n'))!;
    const second = stageBlob(staging, digest, Buffer.from('same bytes\n'))!;
    expect(first).not.toBe(second);
    await new BackgroundArchive({ dataDir, ledgerId: LEDGER_ID, jobs: [
      { kind: 'file', path: pathOf('a.b2'), sha256: digest, name: 'a.b2', staged: first },
      { kind: 'file', path: pathOf('b.b2'), sha256: digest, name: 'b.b2', staged: second },
    ] }, NEVER).stored();
    expect(readFileSync(archive.blobPath(digest), 'utf8')).toBe('same bytes\n');
    expect(readdirSync(staging.folder)).toEqual([]);
    // Held whole now: a later run's worker writes no copy.
    expect(stageBlob(staging, digest, Buffer.from('same bytes\n'))).toBeUndefined();
    expect(readdirSync(staging.folder)).toEqual([]);
    // A staging folder a crash left is swept as one of the archive's temporaries.
    expect(archive.sweepTemporaries()).toBe(1);
    expect(readdirSync(join(archive.root, 'tmp'))).toEqual([]);
  });

  it('keeps the code of any HistoryError: an archive of another ledger is refused before anything is stored', async () => {
    const { dataDir, pathOf } = setUp({ 'a.b2': 'x\n' });
    InputArchive.forWriting(dataDir, 'another-ledger');
    const background = new BackgroundArchive({ dataDir, ledgerId: LEDGER_ID, jobs: [{ kind: 'file', path: pathOf('a.b2'), sha256: sha256('x\n'), name: 'a.b2' }] }, NEVER);
    const failure = await background.stored().then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(HistoryError);
    expect((failure as HistoryError).code).toBe('TPLIQ_ARCHIVE_FOREIGN');
    expect(InputArchive.forReading(dataDir, 'another-ledger').has(sha256('x\n'))).toBe(false);
  });

  it('a file gone before its turn fails the thread with the file system\'s error, not a HistoryError', async () => {
    const { dataDir, pathOf } = setUp({});
    const background = new BackgroundArchive({ dataDir, ledgerId: LEDGER_ID, jobs: [{ kind: 'file', path: pathOf('gone.b2'), sha256: sha256(''), name: 'gone.b2' }] }, NEVER);
    const failure = await background.stored().then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(HistoryError);
    expect((failure as Error).message).toMatch(/^archive: ENOENT/);
  });

  it('stops a thread still storing when the run fails elsewhere, and stays stopped', async () => {
    const big = 'x'.repeat(1 << 20);
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, n) => [`f${n}.b2`, `${n}${big}`]));
    const { dataDir, pathOf } = setUp(files);
    const background = new BackgroundArchive({
      dataDir, ledgerId: LEDGER_ID,
      jobs: Object.entries(files).map(([name, content]) => ({ kind: 'file' as const, path: pathOf(name), sha256: sha256(content), name })),
    }, Promise.resolve());
    // Started at once (its trigger has resolved), then stopped before it is done.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await background.stop();
    await background.stop();
    const archive = InputArchive.forWriting(dataDir, LEDGER_ID);
    const stored = (): number => Object.values(files).filter((content) => archive.has(sha256(content))).length;
    const atStop = stored();
    // Stopped means stopped: nothing more arrives once stop() has returned.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stored()).toBe(atStop);
    // Whatever it stored before it was stopped is whole: a blob exists under its digest only complete.
    for (const content of Object.values(files)) {
      if (archive.has(sha256(content))) expect(statSync(archive.blobPath(sha256(content))).size).toBe(content.length);
    }
  });

  it('starts when its trigger comes, before anyone waits: the blobs are there without stored() being called', async () => {
    const { dataDir, pathOf } = setUp({ 'a.b2': 'early\n' });
    let trigger!: () => void;
    const startWhen = new Promise<void>((resolve) => (trigger = resolve));
    const background = new BackgroundArchive({ dataDir, ledgerId: LEDGER_ID, jobs: [{ kind: 'file', path: pathOf('a.b2'), sha256: sha256('early\n'), name: 'a.b2' }] }, startWhen);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const archive = InputArchive.forWriting(dataDir, LEDGER_ID);
    expect(archive.has(sha256('early\n'))).toBe(false);
    trigger();
    for (let waited = 0; !archive.has(sha256('early\n')) && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(archive.has(sha256('early\n'))).toBe(true);
    await background.stored();
  });

  it('never starts once stopped, even when its trigger comes after', async () => {
    const { dataDir, pathOf } = setUp({ 'a.b2': 'never\n' });
    let trigger!: () => void;
    const startWhen = new Promise<void>((resolve) => (trigger = resolve));
    const background = new BackgroundArchive({ dataDir, ledgerId: LEDGER_ID, jobs: [{ kind: 'file', path: pathOf('a.b2'), sha256: sha256('never\n'), name: 'a.b2' }] }, startWhen);
    await background.stop();
    trigger();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(InputArchive.forWriting(dataDir, LEDGER_ID).has(sha256('never\n'))).toBe(false);
  });
});
