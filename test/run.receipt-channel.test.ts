import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInbox, MANIFEST_NAME } from '../engine/run/inbox.js';

/**
 * The inbox gives each file the D0 of its channel (rules.md §4.4): the 17:00 cut-off moves a
 * dematerialised file received at 18:00 to the next business day, never a paper one.
 */
describe('inbox receipt day by channel', () => {
  let inbox: string;
  beforeAll(() => {
    inbox = mkdtempSync(join(tmpdir(), 'tpliq-receipt-channel-'));
    mkdirSync(join(inbox, 'paper'));
    for (const name of ['evening.b2', 'five.b2', 'paper/evening.csv', 'paper/sunday.csv']) writeFileSync(join(inbox, name), '');
    writeFileSync(join(inbox, MANIFEST_NAME), JSON.stringify({ files: {
      'evening.b2': '2026-11-12T18:00:00+01:00',
      'five.b2': '2026-11-12T17:00:00+01:00',
      'paper/evening.csv': '2026-11-12T18:00:00+01:00',
      'paper/sunday.csv': '2026-11-15T10:00:00+01:00',
    } }));
  });
  afterAll(() => rmSync(inbox, { recursive: true, force: true }));

  it('B2 at 18:00 Thursday counts from Friday, B2 at 17:00:00 from Thursday; paper at 18:00 from Thursday, paper on Sunday from Monday', () => {
    const received = Object.fromEntries(listInbox(inbox, 'TARGET_AND_FR').files.map((f) => [f.name, f.receivedDate]));
    expect(received).toEqual({
      'evening.b2': 20261113,
      'five.b2': 20261112,
      'paper/evening.csv': 20261112,
      'paper/sunday.csv': 20261116,
    });
  });
});
