import b from 'benny';
import { join } from 'node:path';
import { RESULTS_DIR } from '../lib/report.js';

/** Saves a suite's figures as bench/results/micro/<name>.json (benny's format). */
export const saveTo = (name: string): ReturnType<typeof b.save> => b.save({ file: name, folder: join(RESULTS_DIR, 'micro'), version: null, format: 'json' });
