import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { releaseCommittedOutputs } from '../engine/run/output-release.js';
import { digestOutputFolder } from '../engine/run/output-digests.js';
import { RunAborted } from '../engine/run/run-liquidation-errors.js';
import { runRecordOf, tempLedger } from './support/ledger-fixtures.js';

/** A run committed with two outputs, as the process that died right after its ledger commit left it. */
function committedButNotReleased(ledger: ReturnType<typeof tempLedger>['ledger'], outDir: string): void {
  const staging = `${outDir}.staging`;
  mkdirSync(join(staging, 'noemie'), { recursive: true });
  mkdirSync(join(staging, '.spool'), { recursive: true });
  writeFileSync(join(staging, 'decisions.csv'), 'sequence,file\r\n1,a.b2\r\n');
  writeFileSync(join(staging, 'noemie', '801234567-20261123.rsp'), 'RSP');
  writeFileSync(join(staging, '.spool', 'bucket-0'), 'scratch');
  const outputs = digestOutputFolder(staging);
  expect(outputs.map((o) => o.path)).toEqual(['decisions.csv', 'noemie/801234567-20261123.rsp']);
  ledger.recordRun(runRecordOf({ outDir, outputs }));
}

describe('releasing the outputs of a run committed before its process died', () => {
  let t: ReturnType<typeof tempLedger>;
  let outDir: string;
  beforeEach(() => {
    t = tempLedger();
    outDir = join(t.dataDir, 'out');
  });
  afterEach(() => t.dispose());

  const releaseError = (): RunAborted => {
    try {
      releaseCommittedOutputs(t.ledger);
    } catch (error) {
      return error as RunAborted;
    }
    throw new Error('released');
  };

  it('renames the staged folder into place once its files match the committed digests, scratch removed, and marks the run released', () => {
    committedButNotReleased(t.ledger, outDir);
    expect(t.ledger.unreleasedRuns().map((r) => r.runId)).toEqual(['RUN-20261123']);
    expect(releaseCommittedOutputs(t.ledger).map((r) => r.outDir)).toEqual([outDir]);
    expect(existsSync(`${outDir}.staging`)).toBe(false);
    expect(existsSync(join(outDir, '.spool'))).toBe(false);
    expect(readFileSync(join(outDir, 'noemie', '801234567-20261123.rsp'), 'utf8')).toBe('RSP');
    expect(t.ledger.unreleasedRuns()).toEqual([]);
    expect(releaseCommittedOutputs(t.ledger)).toEqual([]);
  });

  it('confirms a folder already renamed (the process died before marking it), timings.json aside', () => {
    committedButNotReleased(t.ledger, outDir);
    rmSync(join(`${outDir}.staging`, '.spool'), { recursive: true });
    writeFileSync(join(`${outDir}.staging`, 'timings.json'), '{}');
    renameSync(`${outDir}.staging`, outDir);
    expect(releaseCommittedOutputs(t.ledger).map((r) => r.runId)).toEqual(['RUN-20261123']);
    expect(t.ledger.unreleasedRuns()).toEqual([]);
  });

  it('refuses to release a staged folder whose content is not what was committed (TPLIQ_RUN_OUTPUTS_DIFFER), naming the files', () => {
    committedButNotReleased(t.ledger, outDir);
    writeFileSync(join(`${outDir}.staging`, 'decisions.csv'), 'sequence,file\r\n1,b.b2\r\n');
    writeFileSync(join(`${outDir}.staging`, 'extra.txt'), 'x');
    const error = releaseError();
    expect(error.code).toBe('TPLIQ_RUN_OUTPUTS_DIFFER');
    expect(error.message).toContain('decisions.csv (content differs)');
    expect(error.message).toContain('extra.txt (not an output of the run)');
    expect(existsSync(outDir)).toBe(false);
    expect(t.ledger.unreleasedRuns()).toHaveLength(1);
  });

  it('says so when both folders are gone (TPLIQ_RUN_OUTPUTS_LOST), and when the output folder is in the way (TPLIQ_RUN_RELEASE_BLOCKED)', () => {
    committedButNotReleased(t.ledger, outDir);
    mkdirSync(outDir);
    expect(releaseError().code).toBe('TPLIQ_RUN_RELEASE_BLOCKED');
    rmSync(outDir, { recursive: true });
    rmSync(`${outDir}.staging`, { recursive: true });
    expect(releaseError().code).toBe('TPLIQ_RUN_OUTPUTS_LOST');
  });
});
