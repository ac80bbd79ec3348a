import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAIN_NODE_FLAGS, MAIN_PROCESS_ENV } from '../engine/cli/heap-budget.js';

/** `NAME=value …` as a shell or `env -S` takes it before the command. */
const MAIN_ENV_ASSIGNMENTS = Object.entries(MAIN_PROCESS_ENV)
  .map(([name, value]) => `${name}=${value}`)
  .join(' ');

describe('process start-up flags', () => {
  it('are what the tpliq shebang starts Node with', () => {
    const shebang = readFileSync('engine/cli/main.ts', 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S ${MAIN_ENV_ASSIGNMENTS} node ${MAIN_NODE_FLAGS.join(' ')}`);
  });

  it('are what the npm demo script starts Node with', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['demo']).toContain(`${MAIN_ENV_ASSIGNMENTS} node ${MAIN_NODE_FLAGS.join(' ')} `);
  });
});
