import { afterEach } from 'vitest';

/**
 * Some tests run the engine in their own process, whose synchronous stretches hold the worker's
 * event loop. The runner's progress messages to the main process then wait unanswered, and once a
 * reply is older than its 60 s RPC timeout vitest reports an unhandled error although every test
 * passed. A short timer after each test lets the loop reach its I/O phase and read the replies, so
 * the longest blocked stretch is one test, not one file. (Child processes are awaited, never run
 * synchronously, for the same reason: support/child-run.ts.)
 */
afterEach(() => new Promise<void>((resolve) => setTimeout(resolve, 1)));
