import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listInbox, type InboxListing } from '../engine/run/inbox.js';
import { ECHOED_CHARACTERS_MAX } from '../engine/run/inbox-manifest.js';
import { callInChild } from './support/in-child.js';
import { tempDirs } from './support/temp-dirs.js';

/**
 * manifest.json only dates files: whatever is wrong with it is a coded problem, with its place,
 * and the files it cannot date fall back to their mtime. It never stops the listing.
 */
const newDir = tempDirs('tpliq-manifest-');

const MTIME = new Date('2026-11-20T08:00:00Z');
const A_AT = '2026-11-23T16:12:00+01:00';
const B_AT = '2026-11-23T18:30:00+01:00';

/** An inbox with a.b2 and b.b2, both of mtime MTIME, and the manifest given as raw text or bytes. */
function inboxWithManifest(manifest: string | Buffer | undefined): string {
  const inbox = newDir();
  for (const name of ['a.b2', 'b.b2']) {
    writeFileSync(join(inbox, name), name);
    utimesSync(join(inbox, name), MTIME, MTIME);
  }
  if (manifest !== undefined) writeFileSync(join(inbox, 'manifest.json'), manifest);
  return inbox;
}

const list = (manifest: string | Buffer | undefined): InboxListing => listInbox(inboxWithManifest(manifest), 'TARGET_AND_FR');
const dated = (listing: InboxListing): Array<[string, string, number]> => listing.files.map((f) => [f.name, f.receivedFrom, f.receivedAtMs]);
const problems = (listing: InboxListing): Array<[string, string | undefined]> => listing.manifestProblems.map((p) => [p.code, p.entry]);
const BY_MTIME: Array<[string, string, number]> = [['a.b2', 'mtime', MTIME.getTime()], ['b.b2', 'mtime', MTIME.getTime()]];

describe('a usable manifest dates its files', () => {
  it('reads the object form and the array form alike', () => {
    const expected: Array<[string, string, number]> = [['a.b2', 'manifest', Date.parse(A_AT)], ['b.b2', 'manifest', Date.parse(B_AT)]];
    const asObject = list(JSON.stringify({ files: { 'a.b2': A_AT, 'b.b2': B_AT } }));
    const asArray = list(JSON.stringify({ accountingDate: '2026-11-23', files: [{ file: 'a.b2', receivedAt: A_AT }, { file: 'b.b2', receivedAt: B_AT }] }));
    for (const listing of [asObject, asArray]) {
      expect(dated(listing)).toEqual(expected);
      expect(listing.manifestProblems).toEqual([]);
    }
    // 18:30 in Paris is after the 17:00 cut-off: D0 is the next business day.
    expect(asArray.files.map((f) => f.receivedDate)).toEqual([20261123, 20261124]);
  });

  it('accepts a leading byte-order mark', () => {
    expect(dated(list('\uFEFF' + JSON.stringify({ files: { 'a.b2': A_AT } })))[0]).toEqual(['a.b2', 'manifest', Date.parse(A_AT)]);
  });
});

describe('a manifest that is unusable as a whole: one coded problem, every file dated by its mtime', () => {
  it('not JSON → TPLIQ_INBOX_MANIFEST_SYNTAX at its line and column', () => {
    const listing = list('{\n  "files": { "a.b2": "2026-11-23T16:12:00+01:00", }\n}');
    expect(listing.manifestProblems).toEqual([expect.objectContaining({ code: 'TPLIQ_INBOX_MANIFEST_SYNTAX', severity: 'error', file: 'manifest.json', line: 2, column: 51 })]);
    expect(dated(listing)).toEqual(BY_MTIME);
  });

  it.each([
    ['empty', ''],
    ['not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])],
  ])('%s → TPLIQ_INBOX_MANIFEST_SYNTAX', (_what, manifest) => {
    const listing = list(manifest);
    expect(problems(listing)).toEqual([['TPLIQ_INBOX_MANIFEST_SYNTAX', undefined]]);
    expect(dated(listing)).toEqual(BY_MTIME);
  });

  it.each([
    ['files a text', { files: 'a.b2' }],
    ['files a number', { files: 3 }],
    ['files null', { files: null }],
    ['no files', { accountingDate: '2026-11-23' }],
    ['an array at the root', [{ file: 'a.b2', receivedAt: A_AT }]],
    ['null at the root', null],
    ['a number at the root', 42],
  ])('%s → TPLIQ_INBOX_MANIFEST_SHAPE', (_what, manifest) => {
    const listing = list(JSON.stringify(manifest));
    expect(problems(listing)).toEqual([['TPLIQ_INBOX_MANIFEST_SHAPE', undefined]]);
    expect(dated(listing)).toEqual(BY_MTIME);
  });

  it('a folder, or a symbolic link (not followed), named manifest.json → TPLIQ_INBOX_MANIFEST_UNREADABLE', () => {
    const folder = inboxWithManifest(undefined);
    mkdirSync(join(folder, 'manifest.json'));
    const linked = inboxWithManifest(undefined);
    const real = join(newDir(), 'manifest.json');
    writeFileSync(real, JSON.stringify({ files: { 'a.b2': A_AT } }));
    symlinkSync(real, join(linked, 'manifest.json'));
    for (const inbox of [folder, linked]) {
      const listing = listInbox(inbox, 'TARGET_AND_FR');
      expect(problems(listing)).toEqual([['TPLIQ_INBOX_MANIFEST_UNREADABLE', undefined]]);
      expect(dated(listing)).toEqual(BY_MTIME);
    }
    // Followed on request, the link dates a.b2.
    expect(dated(listInbox(linked, 'TARGET_AND_FR', { followSymlinks: true }))[0]).toEqual(['a.b2', 'manifest', Date.parse(A_AT)]);
  });

  it('a followed link to nothing named manifest.json → TPLIQ_INBOX_MANIFEST_UNREADABLE, not taken for an absent manifest', () => {
    const inbox = inboxWithManifest(undefined);
    symlinkSync(join(inbox, 'elsewhere.json'), join(inbox, 'manifest.json'));
    const listing = listInbox(inbox, 'TARGET_AND_FR', { followSymlinks: true });
    expect(listing.manifestProblems).toEqual([expect.objectContaining({ code: 'TPLIQ_INBOX_MANIFEST_UNREADABLE', message: expect.stringMatching(/link to nothing/) })]);
    expect(dated(listing)).toEqual(BY_MTIME);
    expect(listInbox(inboxWithManifest(undefined), 'TARGET_AND_FR').manifestProblems).toEqual([]);
  });

  it('a FIFO named manifest.json → TPLIQ_INBOX_MANIFEST_UNREADABLE, without waiting for a writer', async () => {
    const inbox = inboxWithManifest(undefined);
    execFileSync('mkfifo', [join(inbox, 'manifest.json')]);
    const listing = await callInChild<InboxListing>('engine/run/inbox.js', 'listInbox', [inbox, 'TARGET_AND_FR'], 20_000);
    expect(problems(listing)).toEqual([['TPLIQ_INBOX_MANIFEST_UNREADABLE', undefined]]);
    expect(listing.manifestProblems[0]!.message).toMatch(/FIFO/);
    expect(dated(listing)).toEqual(BY_MTIME);
  });
});

describe('one bad entry: a coded problem naming the entry; that file dated by its mtime, the others by the manifest', () => {
  const bAtMs = Date.parse(B_AT);

  it.each([
    ['a null entry', [null, { file: 'b.b2', receivedAt: B_AT }], 'files[0]', 'TPLIQ_INBOX_MANIFEST_ENTRY'],
    ['an entry without a file name', [{ receivedAt: A_AT }, { file: 'b.b2', receivedAt: B_AT }], 'files[0]', 'TPLIQ_INBOX_MANIFEST_ENTRY'],
    ['a receivedAt that is a number', [{ file: 'a.b2', receivedAt: 1795446720000 }, { file: 'b.b2', receivedAt: B_AT }], 'files[0]', 'TPLIQ_INBOX_MANIFEST_ENTRY'],
    ['a receivedAt without offset', [{ file: 'a.b2', receivedAt: '2026-11-23T16:12:00' }, { file: 'b.b2', receivedAt: B_AT }], 'files[0]', 'TPLIQ_INBOX_MANIFEST_ENTRY'],
    ['an impossible day (30 February)', [{ file: 'a.b2', receivedAt: '2026-02-30T10:00:00+01:00' }, { file: 'b.b2', receivedAt: B_AT }], 'files[0]', 'TPLIQ_INBOX_MANIFEST_ENTRY'],
    ['an instant in year 9999', [{ file: 'a.b2', receivedAt: '9999-12-31T23:00:00+01:00' }, { file: 'b.b2', receivedAt: B_AT }], 'files[0]', 'TPLIQ_INBOX_MANIFEST_INSTANT_RANGE'],
    ['an instant before 1970', [{ file: 'a.b2', receivedAt: '1969-12-31T23:59:59Z' }, { file: 'b.b2', receivedAt: B_AT }], 'files[0]', 'TPLIQ_INBOX_MANIFEST_INSTANT_RANGE'],
  ])('%s', (_what, files, entry, code) => {
    const listing = list(JSON.stringify({ files }));
    expect(problems(listing)).toEqual([[code, entry]]);
    expect(dated(listing)).toEqual([['a.b2', 'mtime', MTIME.getTime()], ['b.b2', 'manifest', bAtMs]]);
  });

  it('the object form names the entry by its key', () => {
    const listing = list(JSON.stringify({ files: { 'a.b2': null, 'b.b2': B_AT } }));
    expect(problems(listing)).toEqual([['TPLIQ_INBOX_MANIFEST_ENTRY', 'files["a.b2"]']]);
    expect(dated(listing)).toEqual([['a.b2', 'mtime', MTIME.getTime()], ['b.b2', 'manifest', bAtMs]]);
  });

  it('a file named twice → TPLIQ_INBOX_MANIFEST_DUPLICATE, and neither instant is used', () => {
    const listing = list(JSON.stringify({ files: [{ file: 'a.b2', receivedAt: A_AT }, { file: 'b.b2', receivedAt: B_AT }, { file: 'a.b2', receivedAt: B_AT }] }));
    expect(problems(listing)).toEqual([['TPLIQ_INBOX_MANIFEST_DUPLICATE', 'files[2]']]);
    expect(dated(listing)).toEqual([['a.b2', 'mtime', MTIME.getTime()], ['b.b2', 'manifest', bAtMs]]);
  });

  it('an entry naming no file of the inbox is a warning, TPLIQ_INBOX_MANIFEST_UNKNOWN_FILE; the others are used', () => {
    const listing = list(JSON.stringify({ files: { 'gone.b2': A_AT, 'b.b2': B_AT } }));
    expect(listing.manifestProblems).toEqual([expect.objectContaining({ code: 'TPLIQ_INBOX_MANIFEST_UNKNOWN_FILE', severity: 'warning', entry: 'files["gone.b2"]' })]);
    expect(dated(listing)).toEqual([['a.b2', 'mtime', MTIME.getTime()], ['b.b2', 'manifest', bAtMs]]);
  });

  it(`never repeats more than ${ECHOED_CHARACTERS_MAX} characters of a bad value or name`, () => {
    const long = 'X'.repeat(5_000);
    const listing = list(JSON.stringify({ files: [{ file: 'a.b2', receivedAt: long }, { file: long, receivedAt: A_AT }, { file: 'b.b2', receivedAt: { nested: long } }] }));
    expect(problems(listing).map(([code]) => code)).toEqual(['TPLIQ_INBOX_MANIFEST_ENTRY', 'TPLIQ_INBOX_MANIFEST_UNKNOWN_FILE', 'TPLIQ_INBOX_MANIFEST_ENTRY']);
    for (const p of listing.manifestProblems) {
      const longestRun = Math.max(0, ...(`${p.message}${p.entry ?? ''}`.match(/X+/g) ?? []).map((run) => run.length));
      expect(longestRun).toBeLessThanOrEqual(ECHOED_CHARACTERS_MAX);
      expect(p.message.length).toBeLessThan(400);
    }
    expect(dated(listing)).toEqual(BY_MTIME);
  });
});
