import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listInbox, scanInbox, type InboxListing } from '../engine/run/inbox.js';
import { InboxUnavailable } from '../engine/run/inbox-unavailable.js';
import { callInChild } from './support/in-child.js';
import { tempDirs } from './support/temp-dirs.js';

/**
 * The inbox listing never throws on what the inbox holds: every candidate entry it cannot take is
 * a coded rejection with its name, in listing order, and the valid files are listed as before.
 */
const newDir = tempDirs('tpliq-inbox-');

/** An inbox with two B2-family files and one paper file, plus whatever `extra` adds. */
function inboxWith(extra: (inbox: string) => void = () => undefined): string {
  const inbox = newDir();
  mkdirSync(join(inbox, 'paper'));
  writeFileSync(join(inbox, 'b.b2'), 'bbb');
  writeFileSync(join(inbox, 'a.dre'), 'aa');
  writeFileSync(join(inbox, 'paper', 'p.csv'), 'pppp');
  extra(inbox);
  return inbox;
}

const names = (listing: InboxListing): string[] => listing.files.map((f) => f.name);
const codes = (listing: InboxListing): Array<[string, string]> => listing.rejected.map((r) => [r.code, r.name]);
const mkfifo = (path: string): void => void execFileSync('mkfifo', [path]);

/** The listing in a child process: a FIFO opened by mistake blocks the thread, and the child is killed instead of the suite hanging. */
const listInChild = (inbox: string, followSymlinks = false): Promise<InboxListing> =>
  callInChild<InboxListing>('engine/run/inbox.js', 'listInbox', [inbox, 'TARGET_AND_FR', { followSymlinks }], 20_000);

describe('listInbox on a valid inbox', () => {
  it('lists B2-family files by name, then paper files by name, ignoring other entries, and rejects nothing', () => {
    const inbox = inboxWith((dir) => {
      writeFileSync(join(dir, 'Z.B2'), 'z');
      writeFileSync(join(dir, 'README.txt'), 'not an input');
      writeFileSync(join(dir, 'paper', 'notes.txt'), 'not an input');
      writeFileSync(join(dir, 'paper', 'a.csv'), 'a');
      mkdirSync(join(dir, 'archive'));
    });
    const listing = listInbox(inbox, 'TARGET_AND_FR');
    expect(names(listing)).toEqual(['Z.B2', 'a.dre', 'b.b2', 'paper/a.csv', 'paper/p.csv']);
    expect(listing.files.map((f) => [f.kind, f.sizeBytes])).toEqual([['B2', 1], ['B2', 2], ['B2', 3], ['PAPER', 1], ['PAPER', 4]]);
    expect(listing.rejected).toEqual([]);
    expect(listing.manifestProblems).toEqual([]);
  });

  it('dates a file by its mtime when there is no manifest', () => {
    const inbox = inboxWith();
    // Monday 23 November 2026, 10:00 in Paris: D0 is that day.
    utimesSync(join(inbox, 'b.b2'), new Date('2026-11-23T09:00:00Z'), new Date('2026-11-23T09:00:00Z'));
    const file = listInbox(inbox, 'TARGET_AND_FR').files.find((f) => f.name === 'b.b2')!;
    expect(file).toMatchObject({ receivedAtMs: Date.parse('2026-11-23T09:00:00Z'), receivedFrom: 'mtime', receivedDate: 20261123 });
  });
});

describe('listInbox rejects each entry it cannot take, and still lists the rest', () => {
  it('a folder named like an input file, at the top or in paper/, is TPLIQ_INBOX_NOT_A_FILE', () => {
    const listing = listInbox(inboxWith((dir) => {
      mkdirSync(join(dir, 'x.b2'));
      mkdirSync(join(dir, 'paper', 'x.csv'));
    }), 'TARGET_AND_FR');
    expect(codes(listing)).toEqual([['TPLIQ_INBOX_NOT_A_FILE', 'x.b2'], ['TPLIQ_INBOX_NOT_A_FILE', 'paper/x.csv']]);
    expect(listing.rejected[0]!.message).toMatch(/folder/);
    expect(names(listing)).toEqual(['a.dre', 'b.b2', 'paper/p.csv']);
  });

  it('a FIFO named like an input file is TPLIQ_INBOX_NOT_A_FILE, and is never opened (the listing returns)', async () => {
    const inbox = inboxWith((dir) => {
      mkfifo(join(dir, 'f.b2'));
      mkfifo(join(dir, 'paper', 'x.csv'));
    });
    const listing = await listInChild(inbox);
    expect(codes(listing)).toEqual([['TPLIQ_INBOX_NOT_A_FILE', 'f.b2'], ['TPLIQ_INBOX_NOT_A_FILE', 'paper/x.csv']]);
    expect(listing.rejected[0]!.message).toMatch(/FIFO/);
    expect(names(listing)).toEqual(['a.dre', 'b.b2', 'paper/p.csv']);
  });

  it('`paper` being a file is TPLIQ_INBOX_PAPER_NOT_A_FOLDER; the B2 files are still listed', () => {
    const inbox = newDir();
    writeFileSync(join(inbox, 'b.b2'), 'bbb');
    writeFileSync(join(inbox, 'paper'), 'a file where the paper folder should be');
    const listing = listInbox(inbox, 'TARGET_AND_FR');
    expect(codes(listing)).toEqual([['TPLIQ_INBOX_PAPER_NOT_A_FOLDER', 'paper']]);
    expect(names(listing)).toEqual(['b.b2']);
  });

  it('a name that is not valid UTF-8 is TPLIQ_INBOX_NAME_ENCODING, shown with its bytes escaped', () => {
    const inbox = inboxWith((dir) => {
      writeFileSync(Buffer.concat([Buffer.from(join(dir, 'bad-')), Buffer.from([0xff, 0xc3]), Buffer.from('.b2')]), 'x');
      writeFileSync(Buffer.concat([Buffer.from(join(dir, 'paper', 'caf')), Buffer.from([0xe9]), Buffer.from('.csv')]), 'x');
    });
    const listing = listInbox(inbox, 'TARGET_AND_FR');
    expect(codes(listing)).toEqual([['TPLIQ_INBOX_NAME_ENCODING', 'bad-\\xFF\\xC3.b2'], ['TPLIQ_INBOX_NAME_ENCODING', 'paper/caf\\xE9.csv']]);
    expect(names(listing)).toEqual(['a.dre', 'b.b2', 'paper/p.csv']);
  });

  it('a file whose mtime is before 1970 and that the manifest does not date is TPLIQ_INBOX_RECEIPT_OUT_OF_RANGE', () => {
    const inbox = inboxWith();
    utimesSync(join(inbox, 'b.b2'), new Date(0), new Date(-1_000_000_000));
    const listing = listInbox(inbox, 'TARGET_AND_FR');
    expect(codes(listing)).toEqual([['TPLIQ_INBOX_RECEIPT_OUT_OF_RANGE', 'b.b2']]);
    expect(names(listing)).toEqual(['a.dre', 'paper/p.csv']);
    // Dated by the manifest, the same file is taken.
    writeFileSync(join(inbox, 'manifest.json'), JSON.stringify({ files: { 'b.b2': '2026-11-23T10:00:00+01:00' } }));
    expect(names(listInbox(inbox, 'TARGET_AND_FR'))).toEqual(['a.dre', 'b.b2', 'paper/p.csv']);
  });

  it('keeps listing order for rejections too: top-level entries by name, then paper/', async () => {
    const listing = await listInChild(inboxWith((dir) => {
      mkdirSync(join(dir, 'c.b2'));
      mkfifo(join(dir, '0.dre'));
      mkdirSync(join(dir, 'paper', 'a.csv'));
    }));
    expect(codes(listing)).toEqual([['TPLIQ_INBOX_NOT_A_FILE', '0.dre'], ['TPLIQ_INBOX_NOT_A_FILE', 'c.b2'], ['TPLIQ_INBOX_NOT_A_FILE', 'paper/a.csv']]);
  });
});

describe('listInbox and symbolic links', () => {
  /** A real B2 file outside the inbox, and links to it and to other things inside. */
  function inboxWithLinks(): { inbox: string; outside: string } {
    const outside = join(newDir(), 'elsewhere.b2');
    writeFileSync(outside, 'outside the inbox');
    const inbox = inboxWith((dir) => {
      symlinkSync(outside, join(dir, 'out.b2'));
      symlinkSync(join(dir, 'b.b2'), join(dir, 'inside.b2'));
      symlinkSync(join(dir, 'missing.b2'), join(dir, 'dangling.b2'));
      symlinkSync(join(dir, 'loop2.b2'), join(dir, 'loop1.b2'));
      symlinkSync(join(dir, 'loop1.b2'), join(dir, 'loop2.b2'));
      symlinkSync(dir, join(dir, 'folder.b2'));
      symlinkSync(outside, join(dir, 'paper', 'link.csv'));
    });
    return { inbox, outside };
  }

  it('refuses every link by default (TPLIQ_INBOX_SYMLINK): a file outside the inbox is never read', () => {
    const listing = listInbox(inboxWithLinks().inbox, 'TARGET_AND_FR');
    expect(codes(listing)).toEqual([
      ['TPLIQ_INBOX_SYMLINK', 'dangling.b2'], ['TPLIQ_INBOX_SYMLINK', 'folder.b2'], ['TPLIQ_INBOX_SYMLINK', 'inside.b2'],
      ['TPLIQ_INBOX_SYMLINK', 'loop1.b2'], ['TPLIQ_INBOX_SYMLINK', 'loop2.b2'], ['TPLIQ_INBOX_SYMLINK', 'out.b2'],
      ['TPLIQ_INBOX_SYMLINK', 'paper/link.csv'],
    ]);
    expect(listing.rejected[0]!.message).toMatch(/--follow-symlinks/);
    expect(names(listing)).toEqual(['a.dre', 'b.b2', 'paper/p.csv']);
  });

  it('with followSymlinks, takes links to regular files (marked throughSymlink) and rejects broken links and links to folders', () => {
    const { inbox } = inboxWithLinks();
    const listing = listInbox(inbox, 'TARGET_AND_FR', { followSymlinks: true });
    expect(codes(listing)).toEqual([
      ['TPLIQ_INBOX_SYMLINK_BROKEN', 'dangling.b2'], ['TPLIQ_INBOX_NOT_A_FILE', 'folder.b2'],
      ['TPLIQ_INBOX_SYMLINK_BROKEN', 'loop1.b2'], ['TPLIQ_INBOX_SYMLINK_BROKEN', 'loop2.b2'],
    ]);
    expect(listing.rejected.map((r) => r.message)).toEqual([
      expect.stringMatching(/target does not exist/), expect.stringMatching(/link to a folder/), expect.stringMatching(/loop/), expect.stringMatching(/loop/),
    ]);
    expect(listing.files.map((f) => [f.name, f.sizeBytes, f.throughSymlink ?? false])).toEqual([
      ['a.dre', 2, false], ['b.b2', 3, false], ['inside.b2', 3, true], ['out.b2', 17, true], ['paper/link.csv', 17, true], ['paper/p.csv', 4, false],
    ]);
  });

  it('never follows a linked paper folder, even with followSymlinks', () => {
    const real = newDir();
    writeFileSync(join(real, 'p.csv'), 'p');
    const inbox = newDir();
    writeFileSync(join(inbox, 'b.b2'), 'b');
    symlinkSync(real, join(inbox, 'paper'));
    for (const followSymlinks of [false, true]) {
      const listing = listInbox(inbox, 'TARGET_AND_FR', { followSymlinks });
      expect(codes(listing)).toEqual([['TPLIQ_INBOX_SYMLINK', 'paper']]);
      expect(names(listing)).toEqual(['b.b2']);
    }
  });
});

describe('an unusable inbox folder is an operator error (InboxUnavailable), not a rejection', () => {
  it('a missing inbox is TPLIQ_INBOX_MISSING', () => {
    const missing = join(newDir(), 'nope');
    expect(() => listInbox(missing, 'TARGET_AND_FR')).toThrow(InboxUnavailable);
    expect(() => scanInbox(missing, false)).toThrow(/^TPLIQ_INBOX_MISSING: /);
  });

  it('an inbox that is a file is TPLIQ_INBOX_NOT_A_FOLDER', () => {
    const file = join(newDir(), 'inbox');
    writeFileSync(file, 'x');
    expect(() => listInbox(file, 'TARGET_AND_FR')).toThrow(/^TPLIQ_INBOX_NOT_A_FOLDER: /);
  });
});
