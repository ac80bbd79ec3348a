import pino from 'pino';

/**
 * Structured JSON logs on stderr (stdout carries command output). Operators ship these to their
 * log store; nothing personal goes in them: no NIR, no name — invoices are named by file, line,
 * practitioner billing id and invoice number only.
 */
export function createLogger(level: string = process.env.TPLIQ_LOG_LEVEL ?? 'info'): pino.Logger {
  // Synchronous: a run logs a few lines a minute, and the last ones (run.failed, run.interrupted)
  // are written just before the process exits, when an asynchronous buffer would lose them.
  return pino({ level, base: { app: 'tpliq' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 2, sync: true }));
}
