#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=131072 node --max-old-space-size=384 --max-semi-space-size=8 --v8-pool-size=2 --no-allocation-site-pretenuring
/**
 * tpliq — tiers-payant liquidation engine. Command-line entry: every command, its options and
 * defaults; the work itself lives in engine/ and codecs/. Exit codes: exit-codes.ts (README).
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.js';
import { redactNirs } from './mask-nir.js';
import { createLogger } from './logger.js';
import { runCommand } from './commands/run.js';
import { demoCommand } from './commands/demo.js';
import { genCommand } from './commands/gen.js';
import { referentialCompileCommand } from './commands/referential.js';
import { inspectCommand } from './commands/inspect.js';
import { validateCommand } from './commands/validate.js';
import { ledgerPurgeCommand } from './commands/ledger.js';
import { explainCommand, runsCommand, runShowCommand, transfersCommand } from './commands/history-queries.js';
import { exitWith } from './commands/exit-with.js';
import { replayCommand } from './commands/replay.js';
import { monthlyNoticesCommand } from './commands/notices.js';
import { defaultThreads } from './run-options.js';
import { engineVersion } from './engine-version.js';
import { LEDGER_URL_VARIABLE } from '../ledger/ledger-url.js';
import { workerCommand } from './commands/worker.js';

// Everything tpliq writes (outputs, ledger, snapshots, generated days) may hold NIRs and IBANs:
// owner-only whatever umask the scheduler left. The run's own files also set their mode
// (private-files.ts) for callers of the library that keep a wider umask.
process.umask(0o077);

// `tpliq inspect big.b2 | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.OK);
  throw e;
});

const program = new Command();
// Commander's own errors (unknown option, missing argument) are the operator's: exit 2 with its
// one line, never a stack. Set before the commands are added, which inherit it.
program.exitOverride();
program
  .name('tpliq')
  .description('Tiers-payant liquidation engine: B2 / DRE / paper invoices in; SEPA transfers, NOEMIE, ARL, audit out.')
  .version(engineVersion());
// Every part of a command opens the ledger through the environment (ledger-url.ts), the run's
// ledger thread included: --ledger is written there before the command starts.
program.hook('preAction', (_program, command) => {
  const url = (command.optsWithGlobals() as { ledger?: string }).ledger;
  if (url !== undefined) process.env[LEDGER_URL_VARIABLE] = url;
});

program
  .command('run')
  .description('liquidate an inbox for one accounting day')
  .requiredOption('--inbox <dir>', 'folder with *.b2, *.dre, paper/*.csv and an optional manifest.json')
  .requiredOption('--snapshot <file>', 'compiled referential snapshot (tpliq referential compile)')
  .requiredOption('--date <yyyy-mm-dd>', 'accounting date (date comptable)')
  .option('--execution-date <yyyy-mm-dd>', 'SEPA execution date of the transfers, a TARGET business day on or after --date (default: the first one)')
  .requiredOption('--data <dir>', 'data folder holding the ledger (tpliq.sqlite), created on first use')
  .requiredOption('--out <dir>', 'output folder for this run (must not exist)')
  .option('--threads <n>', `worker threads (default: cores = ${defaultThreads()})`)
  .addOption(new Option('--calendar <kind>', 'banking calendar').choices(['TARGET', 'TARGET_AND_FR']).default('TARGET_AND_FR'))
  .option('--created-at <iso>', 'clock time written in the payment file (default: the date at 20:00)')
  .option('--audit-arithmetic', 'recompute every line with decimal.js and abort on any difference', false)
  .option('--profile <name=path...>', 'use another layout file for a profile (b2-etablissements, b2-ps, dre, c2s-amo)')
  .option('--batch-kib <n>', 'bytes of invoices per worker task, in KiB (default 512)')
  .option('--in-flight <n>', 'batches out to workers at once (default 2 × threads)')
  .option('--follow-symlinks', 'take inbox files reached through symbolic links (to regular files only); refused otherwise', false)
  .option('--debt-overdue-days <n>', 'list in the summary the debts (indus) still open this many days after they arose (default 60)')
  .option('--cluster <url>', 'liquidate the batches on worker processes through NATS JetStream (nats://host:4222; start them with tpliq worker) instead of this machine\'s threads')
  .option('--cluster-namespace <name>', 'the cluster\'s streams, as the workers name them (default tpliq)')
  .option('--ack-wait-seconds <n>', 'with --cluster: a batch held this long by a worker goes to another (default 60; set when the streams are created)')
  .option('--cluster-stall-seconds <n>', 'with --cluster: stop (nothing committed) when no batch result came for this long (default 600)')
  .addOption(new Option('--log-level <level>', 'JSON log lines on stderr from this level up').choices(['debug', 'info', 'warn', 'error']))
  .option('--quiet', 'no progress bar, no result text, logs from warnings up', false)
  .action(exitWith(runCommand, { event: 'run' }));

program
  .command('worker')
  .description('liquidate the batches of clustered runs (tpliq run --cluster), until SIGTERM; start as many as there are cores, on any machines')
  .requiredOption('--cluster <url>', 'the NATS server (nats://host:4222), with JetStream enabled')
  .option('--cluster-namespace <name>', 'the cluster\'s streams (default tpliq)')
  .option('--ack-wait-seconds <n>', 'a batch held this long goes to another worker (default 60; set when the streams are created)')
  .action(exitWith(workerCommand, { event: 'worker' }));

program
  .command('demo')
  .description('generate a realistic day with anomalies, liquidate it and say where everything is')
  .option('--dir <dir>', 'where to put the day (default: a new temp folder)')
  .option('--lines <n>', 'invoice lines to generate', '1000000')
  .option('--seed <n>', 'generator seed', '20261123')
  .option('--threads <n>', 'worker threads')
  .action(exitWith(demoCommand, { event: 'demo' }));

program
  .command('gen')
  .description('write a seeded synthetic operator day (referential CSVs, inbox, expected outcomes)')
  .requiredOption('--out <dir>', 'output folder')
  .option('--lines <n>', 'invoice lines to generate', '100000')
  .option('--seed <n>', 'generator seed', '1')
  .option('--date <yyyy-mm-dd>', 'accounting date', '2026-11-23')
  .option('--anomaly-rate <r>', 'share of anomalous invoices', '0.05')
  .action(exitWith(genCommand));

const referential = program.command('referential').description('rights referential');
referential
  .command('compile')
  .description('check the CSV referential and compile it to a content-hashed protobuf snapshot')
  .requiredOption('--from <dir>', 'folder with amc.csv, practitioners.csv, beneficiaries.csv, guarantees.csv, pecs.csv [, act-domains.csv]')
  .requiredOption('--out <file>', 'snapshot file to write')
  .action(exitWith(referentialCompileCommand));

program
  .command('inspect <file>')
  .description('show any B2, DRE, NOEMIE or ARL file, human-readable or as JSON')
  .option('--json', 'JSON output', false)
  .option('--show-nir', 'show NIRs in full (masked by default: health data)', false)
  .option('--summary', 'per lot: invoices and claimed AMC in euros, and the file totals (B2, DRE, NOEMIE)', false)
  .option('--lot <n>', 'only this lot (B2, DRE, NOEMIE)')
  .option('--invoice <n>', 'only this invoice (B2, DRE, NOEMIE)')
  .action(exitWith(inspectCommand));

program
  .command('validate [file]')
  .description('check a file of any known format (B2, DRE, paper CSV, NOEMIE, ARL, pain.001), or a whole inbox with --inbox: exit 0 when valid, 5 with the problems listed')
  .option('--inbox <dir>', 'check every file of an inbox as a run would read it, without liquidating anything')
  .option('--json', 'JSON output', false)
  .option('--follow-symlinks', 'with --inbox: take files reached through symbolic links, as run --follow-symlinks', false)
  .option('--profile <name=path...>', 'read with another layout file for a profile, as run --profile does (b2-etablissements, b2-ps, dre, c2s-amo)')
  .action(exitWith(validateCommand));

program
  .command('replay [runId]')
  .description('replay an archived run (or every run from --from to --to) against the ledger as it stood before it, into a scratch folder, and compare every output byte for byte: exit 0 identical, 6 different; with --snapshot (or another engine version) a what-if comparison per invoice')
  .requiredOption('--data <dir>', 'data folder holding the ledger and its archive')
  .option('--from <yyyy-mm-dd>', 'first accounting day to replay')
  .option('--to <yyyy-mm-dd>', 'last accounting day to replay')
  .option('--snapshot <file>', 'another compiled referential: a what-if (comparison.csv, comparison.json)')
  .option('--scratch <dir>', 'where the replay writes (must not exist; default: a new temp folder)')
  .option('--threads <n>', `worker threads (default: cores = ${defaultThreads()})`)
  .option('--json', 'the report as JSON', false)
  .action(exitWith(replayCommand));

// The ledger's history, read-only (engine/history/): nothing written, no lock taken, nothing re-run.
// Positional options: `runs show X --data D` gives --data to `show`, not to `runs` (which also takes it).
program.enablePositionalOptions();
const runs = program
  .command('runs')
  .description('the runs of the ledger, oldest first: totals, status, archive (subcommand: show RUN_ID)')
  .enablePositionalOptions()
  .option('--data <dir>', 'data folder holding the ledger (required)')
  .option('--from <yyyy-mm-dd>', 'from this accounting day on')
  .option('--to <yyyy-mm-dd>', 'up to this accounting day')
  .option('--json', 'JSON output', false)
  .action(exitWith(runsCommand));
runs
  .command('show <runId>')
  .description('everything the ledger keeps of one run: totals, parameters, input files, lots, outputs')
  .option('--data <dir>', 'data folder holding the ledger (required)')
  .option('--json', 'JSON output', false)
  .action(exitWith(runShowCommand));
program
  .command('explain')
  .description("every decision ever taken on one practitioner's invoice number, with its motives and transfer")
  .requiredOption('--data <dir>', 'data folder holding the ledger')
  .requiredOption('--ps <id>', 'practitioner id')
  .requiredOption('--invoice <n>', 'invoice number (zero-filled or not)')
  .option('--json', 'JSON output', false)
  .action(exitWith(explainCommand));
program
  .command('transfers')
  .description('the transfers of one accounting day, one per practitioner')
  .requiredOption('--data <dir>', 'data folder holding the ledger')
  .requiredOption('--date <yyyy-mm-dd>', 'accounting date')
  .option('--ps <id>', 'only this practitioner')
  .option('--json', 'JSON output', false)
  .action(exitWith(transfersCommand));

const notices = program.command('notices').description("the paper channel's notices (protocol §8-3)");
notices
  .command('monthly')
  .description('write the monthly notice of every practitioner without an e-mail address who had paper invoices in the month, each the whole month, from the ledger')
  .requiredOption('--month <yyyy-mm>', 'calendar month')
  .requiredOption('--data <dir>', 'data folder holding the ledger and its archive')
  .requiredOption('--out <dir>', 'where monthly/<yyyymm>/ is written (that folder must not exist)')
  .option('--snapshot <file>', "compiled referential for names and addresses (default: the one the month's latest run read, from the archive)")
  .option('--json', 'the report as JSON', false)
  .action(exitWith(monthlyNoticesCommand));

const ledger = program.command('ledger').description('the SQLite ledger');
ledger
  .command('purge')
  .description(
    'remove the control data of runs older than the retention (90 days back from the latest accounting date, protocol §9-2-1): ' +
      'rejected invoices, lots, transfers, output digests, archived inputs no kept run uses; ' +
      'run rows, files received, paid invoices and their keys, PECs consumed stay, so no duplicate is ever paid',
  )
  .requiredOption('--data <dir>', 'data folder holding the ledger')
  .option('--retention-days <n>', 'days kept back from the latest accounting date (default 90; fewer is refused without --force)')
  .option('--before <yyyy-mm-dd>', 'purge runs whose accounting date is before this day instead (refused within the 90 days without --force)')
  .option('--force', 'allow a cut-off within the protocol\'s 90 days', false)
  .option('--json', 'the counts as JSON', false)
  .action(exitWith(ledgerPurgeCommand));

/** `--ledger` on every command, where an operator writes it: after the command's name. */
function withLedgerOption(command: Command): void {
  for (const sub of command.commands) {
    sub.option('--ledger <url>', `a PostgreSQL ledger (postgres://user@host:port/db) instead of the SQLite file in --data; also ${LEDGER_URL_VARIABLE}`);
    withLedgerOption(sub);
  }
}
withLedgerOption(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CommanderError) {
    // Commander has printed its message already; --help and --version end here too.
    if (e.exitCode !== 0 && ['run', 'demo'].includes(process.argv[2] ?? '')) {
      createLogger().error({ event: `${process.argv[2]}.failed`, code: 'TPLIQ_USAGE', exitCode: EXIT.USAGE, reason: e.code }, `${process.argv[2]} failed`);
    }
    process.exit(e.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
  }
  process.stderr.write(`${redactNirs((e as Error).stack ?? String(e))}\n`);
  process.exit(EXIT.INTERNAL);
});
