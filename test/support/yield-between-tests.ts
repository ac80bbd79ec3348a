import { afterEach } from 'vitest';

/**
 * Many tests drive the real CLI through spawnSync, so a file of them can hold its worker's event
 * loop for minutes. The runner's progress messages to the main process then wait unanswered, and
 * once a reply is older than its 60 s RPC timeout vitest reports an unhandled error although every
 * test passed. A short timer after each test lets the loop reach its I/O phase and read the
 * replies, so the longest blocked stretch is one test, not one file.
 */
afterEach(() => new Promise<void>((resolve) => setTimeout(resolve, 1)));
