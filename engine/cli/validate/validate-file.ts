import { readArl } from '../../../codecs/arl/arl-reader.js';
import { codecError, type CodecError } from '../../../codecs/fixed-width/codec-error.js';
import { readRsp580 } from '../../../codecs/noemie/rsp-reader.js';
import { checkPain001 } from '../../../codecs/sepa/pain001-check.js';
import { isBusinessDay } from '../../calendar/banking-calendar.js';
import { parseIso } from '../../calendar/ymd.js';
import { readNamedFile } from '../read-named-file.js';
import { detectFileFormat, type FileFormat } from './file-format.js';
import type { CompiledLayout } from '../../../codecs/fixed-width/compiled-layout.js';
import { checkInputFile, invoicesOf, problemsOf, shippedLayouts } from './input-file-check.js';

/** What `tpliq validate FILE` found. */
export interface FileValidation {
  file: string;
  format: FileFormat;
  /** B2 family: the profile the file was read with (b2-etablissements, b2-ps, dre). */
  profile?: string;
  /** Input formats and NOEMIE: lots and invoices read. */
  lots?: number;
  invoices?: number;
  /** Every problem, located and coded; empty for a valid file. */
  errors: CodecError[];
}

/**
 * Reads a file, recognises its format and checks it with that format's own reader. Throws only
 * for a path that cannot be read or is not a file (the CLI's exit 2). An unknown format is
 * one coded problem, not a page of unreadable records.
 */
export async function validateFile(path: string, layouts: ReadonlyMap<string, CompiledLayout> = shippedLayouts()): Promise<FileValidation> {
  const bytes = readNamedFile(path);
  const format = detectFileFormat(path, bytes);
  switch (format) {
    case 'B2':
    case 'PAPER_CSV': {
      const check = await checkInputFile(bytes, path, format === 'B2' ? 'B2' : 'PAPER', layouts);
      return {
        file: path, format, ...(format === 'B2' ? { profile: check.profile, lots: check.lots.length } : {}),
        invoices: invoicesOf(check).length, errors: problemsOf(check),
      };
    }
    case 'NOEMIE': {
      // NOEMIE totals are checked by the reader: each lot's invoice count, each mandant's transfer (P13).
      const read = readRsp580(bytes.toString('latin1'), { file: path });
      const invoices = read.file.groups.flatMap((g) => g.invoices);
      return { file: path, format, lots: new Set(invoices.map((i) => i.lot)).size, invoices: invoices.length, errors: read.errors };
    }
    case 'ARL':
      return { file: path, format, errors: readArl(bytes.toString('latin1'), { file: path }).errors };
    case 'PAIN001':
      return { file: path, format, errors: pain001Errors(bytes.toString('utf8'), path) };
    case 'UNKNOWN':
      return {
        file: path, format,
        errors: [codecError('TPLIQ_VALIDATE_UNKNOWN_FORMAT', 'not a format tpliq knows (B2, DRE, paper CSV, NOEMIE RSP 580, ARL, SEPA pain.001)', { file: path, line: 1 })],
      };
  }
}

/** The codec's checks, and tpliq's own rule the codec cannot know: execution on a TARGET business day. */
function pain001Errors(xml: string, path: string): CodecError[] {
  const check = checkPain001(xml, path);
  for (const payment of check.content?.paymentInfos ?? []) {
    const day = parseIso(payment.requestedExecutionDate);
    if (day === undefined || !safeIsTargetDay(day)) {
      check.errors.push(codecError('TPLIQ_SEPA_EXECUTION_DATE', `PmtInf ${payment.paymentInfoId}: ReqdExctnDt ${payment.requestedExecutionDate} is not a TARGET business day`, { file: path }));
    }
  }
  return check.errors;
}

function safeIsTargetDay(day: Parameters<typeof isBusinessDay>[0]): boolean {
  try {
    return isBusinessDay(day, 'TARGET');
  } catch {
    // A year outside the calendar's range: not a day a bank will execute on either.
    return false;
  }
}
