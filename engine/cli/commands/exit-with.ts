import { CodecFault } from '../../../codecs/fixed-width/codec-error.js';
import { DataFolderBusy } from '../../ledger/data-folder-lock.js';
import { LedgerBusy } from '../../ledger/ledger-busy.js';
import { InboxUnavailable } from '../../run/inbox-unavailable.js';
import { RunAborted } from '../../run/run-liquidation-errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { redactNirs } from '../mask-nir.js';
import { createLogger } from '../logger.js';
import { pathErrorMessage } from '../path-errors.js';
import { UsageError } from '../run-options.js';

/**
 * Wraps a command so that every way it can end maps to a documented exit code, with a one-line
 * reason on stderr for the expected failures and the stack only for bugs.
 */
export function exitWith<A extends unknown[]>(command: (...args: A) => Promise<ExitCode | void>, options: { event?: string } = {}): (...args: A) => Promise<void> {
  return async (...args: A) => {
    let code: string | undefined;
    try {
      process.exitCode = (await command(...args)) ?? EXIT.OK;
    } catch (e) {
      code = (e as { code?: string }).code;
      if (e instanceof UsageError) {
        process.stderr.write(`tpliq: ${e.message}\n`);
        process.exitCode = EXIT.USAGE;
      } else if (e instanceof InboxUnavailable) {
        // The inbox folder itself is missing or unusable: a command-line or set-up error, nothing was run.
        process.stderr.write(`tpliq: ${e.message}\n`);
        process.exitCode = EXIT.USAGE;
      } else if (e instanceof RunAborted || e instanceof DataFolderBusy || e instanceof LedgerBusy) {
        process.stderr.write(`tpliq: ${e.message}\n`);
        process.exitCode = e.code === 'TPLIQ_RUN_OUTPUT_EXISTS' ? EXIT.OUTPUT_EXISTS : EXIT.RUN_ABORTED;
      } else if (pathErrorMessage(e) !== undefined) {
        const message = pathErrorMessage(e)!;
        code = message.slice(0, message.indexOf(':'));
        process.stderr.write(`tpliq: ${message}\n`);
        process.exitCode = EXIT.USAGE;
      } else if (e instanceof CodecFault && e.detail.code === 'TPLIQ_LAYOUT_INVALID') {
        // A layout given with --profile that cannot be read or is not a layout: the operator's to fix.
        code = e.detail.code;
        process.stderr.write(`tpliq: ${e.message}\n`);
        process.exitCode = EXIT.USAGE;
      } else if (e instanceof Error && /^TPLIQ_/.test((e as { code?: string }).code ?? '')) {
        process.stderr.write(`tpliq: ${e.message}\n`);
        process.exitCode = EXIT.USAGE;
      } else {
        process.stderr.write(`tpliq: internal error: ${redactNirs((e as Error).stack ?? String(e))}\n`);
        process.exitCode = EXIT.INTERNAL;
      }
    }
    // A scheduler reading the JSON logs sees every failed run as one event with its code.
    if (options.event !== undefined && process.exitCode !== EXIT.OK) {
      createLogger().error({ event: `${options.event}.failed`, code: /^TPLIQ_/.test(code ?? '') ? code : process.exitCode === EXIT.INTERNAL ? 'TPLIQ_INTERNAL' : 'TPLIQ_USAGE', exitCode: process.exitCode }, `${options.event} failed`);
    }
  };
}
