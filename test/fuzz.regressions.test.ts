import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETURNS_EXIT_CODES } from '../fuzz/fuzz-case.js';
import { prepareFuzzDay, type FuzzDay, type FuzzDayOptions } from '../fuzz/fuzz-day.js';
import { judgeCase } from '../fuzz/judge-case.js';
import { fixtureDirs, loadFixture, PENDING_DIR, REGRESSIONS_DIR, saveFixture } from '../fuzz/regression-fixture.js';
import { tempDirs } from './support/temp-dirs.js';

/**
 * Fuzz cases kept as fixtures (fuzz/fixtures): every one under regressions/ is replayed through
 * the real CLI and must pass every property of the harness. Those under pending/ fail on this
 * branch and wait for their fixes; they are only checked to load, and move to regressions/ once
 * they pass (`npm run fuzz` saves new failures with --save-failures).
 */
const tempDir = tempDirs('tpliq-fuzz-fixture-');
const root = mkdtempSync(join(tmpdir(), 'tpliq-fuzz-regressions-'));
const days = new Map<string, Promise<FuzzDay>>();

/** The day a fixture applies to, generated once per distinct day options. */
function dayFor(options: FuzzDayOptions): Promise<FuzzDay> {
  const key = JSON.stringify(options);
  let day = days.get(key);
  if (!day) days.set(key, (day = prepareFuzzDay(join(root, `day-${days.size}`), options)));
  return day;
}

describe('fuzz regression fixtures', () => {
  const regressions = fixtureDirs(REGRESSIONS_DIR);

  beforeAll(async () => {
    for (const dir of regressions) await dayFor(loadFixture(dir).day);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(regressions.map((dir) => [basename(dir), dir]))('%s passes every property', async (_name, dir) => {
    const fixture = loadFixture(dir);
    const verdict = judgeCase(await dayFor(fixture.day), fixture.fuzzCase, join(root, basename(dir)));
    expect(verdict.findings).toEqual([]);
  });

  it('keeps at least one fixture per family of mutation under regressions/', () => {
    const families = new Set(regressions.map((dir) => loadFixture(dir).fuzzCase.kind.split('-')[0]));
    expect([...families].sort()).toEqual(['byte', 'control', 'csv', 'inbox', 'layout', 'returns']);
  });

  it('loads every pending fixture: a known kind, a description, the bytes it needs', () => {
    // Empty while every known failure is fixed; a campaign's new failures land here first.
    const pending = existsSync(PENDING_DIR) ? fixtureDirs(PENDING_DIR) : [];
    for (const dir of pending) {
      const { fuzzCase, observed } = loadFixture(dir);
      expect(fuzzCase.description, dir).not.toBe('');
      expect(observed.findings.length, `${dir} was saved as failing`).toBeGreaterThan(0);
      if (fuzzCase.command === 'run') expect(fuzzCase.edits.length, dir).toBeGreaterThan(0);
    }
  });

  it('saves and loads a case without changing a byte', () => {
    const dir = regressions.find((d) => readFileSync(join(d, 'case.json'), 'utf8').includes('"op": "write"'));
    if (!dir) throw new Error('no regression fixture writes a file');
    const original = loadFixture(dir);
    const copy = loadFixture(saveFixture(tempDir(), original.day, { fuzzCase: original.fuzzCase, exitCodes: original.observed.exitCodes, findings: original.observed.findings, compared: 0, excused: 0, elapsedMs: 0 }, RETURNS_EXIT_CODES));
    expect(copy.fuzzCase).toEqual(original.fuzzCase);
    expect(copy.day).toEqual(original.day);
  });
});
