import type { CodecError, CodecErrorCode } from '../fixed-width/codec-error.js';
import { codecError } from '../fixed-width/codec-error.js';
import type { CompiledLayout } from '../fixed-width/compiled-layout.js';
import { numberValue, readEntityLines, textValue } from '../fixed-width/entity-file.js';
import type { RecordValues } from '../fixed-width/record-codec.js';
import { arlProblems } from './arl-consistency.js';
import { ARL_ENTITY, ARL_LEVEL_ON_WIRE, arlLayout } from './arl-layout.js';
import type { ArlError, ArlErrorLevel, ArlFile } from './arl-model.js';

/**
 * Reads an ARL on the NOEMIE entity engine (3-digit entity number, one entity per line, lenient on
 * LF/CRLF and a missing delimiter), checks its structure — header first, one counts entity, 999
 * last with the right count — and then what it says (arl-consistency.ts). Never throws on bad
 * input; unknown entities are kept raw.
 */

export interface ArlReadResult {
  ok: boolean;
  file: ArlFile;
  errors: CodecError[];
}

export interface ArlReadOptions {
  file?: string;
  layout?: CompiledLayout;
}

/** Every problem of an ARL file, located; empty when it is well formed and consistent. */
export function validateArl(text: string, options: ArlReadOptions = {}): CodecError[] {
  return readArl(text, options).errors;
}

const LEVEL_FROM_WIRE: ReadonlyMap<string, ArlErrorLevel> = new Map(
  (Object.entries(ARL_LEVEL_ON_WIRE) as Array<[ArlErrorLevel, string]>).map(([level, wire]) => [wire, level]),
);

export function readArl(text: string, options: ArlReadOptions = {}): ArlReadResult {
  const errors: CodecError[] = [];
  const report = (code: CodecErrorCode, message: string, line?: number): void => {
    errors.push(codecError(code, message, { ...(options.file === undefined ? {} : { file: options.file }), ...(line === undefined ? {} : { line }) }));
  };
  const file: ArlFile = {
    emitterId: '', lotNumber: '', fileNumber: '', constitutionDate: 0, receiverId: '', receptionDate: 0, status: '',
    counts: { invoicesReceived: 0, invoicesAccepted: 0, receivedAmountCents: 0, declaredInvoices: null, declaredAmountCents: null },
    errors: [],
    unmodelled: [],
  };
  let headerLine: number | undefined;
  let countsLine: number | undefined;
  const errorLines: number[] = [];
  let headerRead = false;
  let countsRead = false;
  let endLine: number | undefined;
  let entityCount = 0;

  const entities = readEntityLines(options.layout ?? arlLayout(), text, options.file === undefined ? {} : { file: options.file });
  for (const entity of entities) {
    if (endLine !== undefined) {
      report('TPLIQ_ARL_STRUCTURE', `entity ${entity.code} after the end entity 999 of line ${endLine}`, entity.line);
      continue;
    }
    entityCount++;
    if (entity.outcome && !entity.outcome.ok) errors.push(...entity.outcome.errors);
    const values = entity.outcome?.ok ? entity.outcome.value.values : null;
    switch (entity.record ? entity.code : undefined) {
      case ARL_ENTITY.header:
        if (headerLine !== undefined) report('TPLIQ_ARL_STRUCTURE', `second header 000 (the first is at line ${headerLine})`, entity.line);
        else if (entityCount !== 1) report('TPLIQ_ARL_STRUCTURE', 'the header 000 is not the first entity', entity.line);
        if (headerLine === undefined) {
          headerLine = entity.line;
          if (values) {
            readHeader(file, values);
            headerRead = true;
          }
        }
        break;
      case ARL_ENTITY.counts:
        if (countsLine !== undefined) {
          report('TPLIQ_ARL_STRUCTURE', `second counts entity 010 (the first is at line ${countsLine})`, entity.line);
          break;
        }
        countsLine = entity.line;
        if (values) {
          readCounts(file, values);
          countsRead = true;
        }
        break;
      case ARL_ENTITY.error:
        if (!values) break;
        file.errors.push(readError(values, (wire) => report('TPLIQ_ARL_STRUCTURE', `error level "${wire}" is not ${[...LEVEL_FROM_WIRE.keys()].join(', ')}`, entity.line)));
        errorLines.push(entity.line);
        break;
      case ARL_ENTITY.end: {
        endLine = entity.line;
        const declared = values ? numberValue(values, 'entityCount') : null;
        if (declared !== null && declared !== entityCount) {
          report('TPLIQ_ARL_COUNT_MISMATCH', `end entity 999 counts ${declared} entities, the ARL has ${entityCount}`, entity.line);
        }
        break;
      }
      default:
        file.unmodelled.push({ line: entity.line, code: entity.code, text: entity.text, values });
    }
  }
  if (headerLine === undefined) report('TPLIQ_ARL_HEADER_MISSING', 'no ARL header entity 000');
  if (countsLine === undefined) report('TPLIQ_ARL_STRUCTURE', 'no counts entity 010');
  if (endLine === undefined) report('TPLIQ_ARL_STRUCTURE', 'no end entity 999');
  // What the ARL says is only judged once the entities saying it could be read.
  if (headerRead && countsRead) {
    errors.push(...arlProblems(file, { ...(options.file === undefined ? {} : { file: options.file }), header: headerLine, counts: countsLine, errors: errorLines }));
  }
  return { ok: errors.length === 0, file, errors };
}

function readHeader(file: ArlFile, values: RecordValues): void {
  file.emitterId = textValue(values, 'emitterId');
  file.lotNumber = textValue(values, 'lotNumber');
  file.fileNumber = textValue(values, 'fileNumber');
  file.constitutionDate = numberValue(values, 'constitutionDate') ?? 0;
  file.receiverId = textValue(values, 'receiverId');
  file.receptionDate = numberValue(values, 'receptionDate') ?? 0;
  file.status = textValue(values, 'status');
}

function readCounts(file: ArlFile, values: RecordValues): void {
  file.counts = {
    invoicesReceived: numberValue(values, 'invoicesReceived') ?? 0,
    invoicesAccepted: numberValue(values, 'invoicesAccepted') ?? 0,
    receivedAmountCents: numberValue(values, 'receivedAmountCents') ?? 0,
    declaredInvoices: numberValue(values, 'declaredInvoices'),
    declaredAmountCents: numberValue(values, 'declaredAmountCents'),
  };
}

/** An unknown level word is reported and read as file level: the most condemning, never the least. */
function readError(values: RecordValues, unknownLevel: (wire: string) => void): ArlError {
  const wire = textValue(values, 'level');
  let level = LEVEL_FROM_WIRE.get(wire);
  if (level === undefined) {
    unknownLevel(wire);
    level = 'file';
  }
  return {
    level,
    code: textValue(values, 'errorCode'),
    invoiceNumber: textValue(values, 'invoiceNumber'),
    line: numberValue(values, 'line'),
    label: textValue(values, 'label'),
  };
}
