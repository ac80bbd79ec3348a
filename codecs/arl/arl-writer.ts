/**
 * Writes the ARL of one received lot (formats.md §5, placeholder model [R]). Entities, in order:
 *
 *   000 en-tête: émetteur and n° of the lot, n° de fichier, date de constitution,
 *       organisme récepteur, date de réception, statut P / N
 *   010 comptes: invoices received / accepted, amount received, and what the lot trailer declared
 *   020 erreur, one per error of a negative ARL (level, TPLIQ_ code, invoice, line, label)
 *   999 fin: number of entities, 000 and 999 included
 *
 * No nesting: an ARL is one flat level. Lines end with the profile's delimiter then LF, as NOEMIE
 * returns do; the bytes depend only on the input.
 */
import { CodecFault, codecError, formatCodecError } from '../fixed-width/codec-error.js';
import type { CompiledLayout } from '../fixed-width/compiled-layout.js';
import type { EntityToWrite } from '../fixed-width/entity-file.js';
import { writeEntityBytes, writeEntityLines } from '../fixed-width/entity-file.js';
import { arlProblems } from './arl-consistency.js';
import { ARL_ENTITY, ARL_LEVEL_ON_WIRE, arlLayout } from './arl-layout.js';
import type { ArlInput } from './arl-model.js';

const LOT_NUMBER = /^\d{3}$/;
const FILE_NUMBER = /^\d{5}$/;
const INVOICE_NUMBER = /^\d{9}$/;
const ERROR_CODE = /^TPLIQ_[A-Z0-9_]+$/;

/** Throws a CodecFault when the ARL would contradict itself or its input is malformed. */
export function writeArl(input: ArlInput, layout: CompiledLayout = arlLayout()): string {
  return writeEntityLines(layout, arlEntities(input));
}

/** The same ARL as bytes: a view valid until the next file is written (see writeEntityBytes). */
export function writeArlBytes(input: ArlInput, layout: CompiledLayout = arlLayout()): Buffer {
  return writeEntityBytes(layout, arlEntities(input));
}

function arlEntities(input: ArlInput): EntityToWrite[] {
  assertWritable(input);
  const out: EntityToWrite[] = [
    {
      code: ARL_ENTITY.header,
      values: {
        emitterId: input.emitterId,
        lotNumber: input.lotNumber,
        fileNumber: input.fileNumber,
        constitutionDate: input.constitutionDate,
        receiverId: input.receiverId,
        receptionDate: input.receptionDate,
        status: input.status,
      },
    },
    {
      code: ARL_ENTITY.counts,
      values: {
        invoicesReceived: input.counts.invoicesReceived,
        invoicesAccepted: input.counts.invoicesAccepted,
        receivedAmountCents: input.counts.receivedAmountCents,
        declaredInvoices: input.counts.declaredInvoices,
        declaredAmountCents: input.counts.declaredAmountCents,
      },
    },
  ];
  for (const e of input.errors) {
    out.push({
      code: ARL_ENTITY.error,
      values: { level: ARL_LEVEL_ON_WIRE[e.level], errorCode: e.code, invoiceNumber: e.invoiceNumber, line: e.line, label: e.label },
    });
  }
  out.push({ code: ARL_ENTITY.end, values: { entityCount: out.length + 1 } });
  return out;
}

function bad(message: string): CodecFault {
  return new CodecFault(codecError('TPLIQ_ENCODE_BAD_VALUE', message));
}

function assertWritable(input: ArlInput): void {
  if (!LOT_NUMBER.test(input.lotNumber)) throw bad(`lot number "${input.lotNumber}" is not 3 digits`);
  if (!FILE_NUMBER.test(input.fileNumber)) throw bad(`file number "${input.fileNumber}" is not 5 digits`);
  for (const e of input.errors) {
    if (!ERROR_CODE.test(e.code)) throw bad(`error code "${e.code}" is not a TPLIQ_ code`);
    if (e.invoiceNumber !== '' && !INVOICE_NUMBER.test(e.invoiceNumber)) throw bad(`invoice number "${e.invoiceNumber}" is not 9 digits`);
  }
  const problems = arlProblems(input);
  if (problems.length > 0) {
    const first = problems[0];
    if (first) throw new CodecFault({ ...first, message: `refusing to write a self-contradicting ARL: ${problems.map(formatCodecError).join('; ')}` });
  }
}
