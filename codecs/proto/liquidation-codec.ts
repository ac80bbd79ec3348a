import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import protobuf from 'protobufjs';

/** Plain shapes of the liquidation.proto messages (protobufjs camel-cases the field names). */
export interface MotiveMessage {
  code: string;
  label: string;
}

export interface StructuralErrorMessage {
  code: string;
  message: string;
  line: number;
  column: number;
}

export interface InvoiceOutcomeMessage {
  sequence: number;
  invoiceNumber: string;
  amcNumber: string;
  nir: string;
  nirKey: string;
  birthRank: number;
  careDate: number;
  computedAmcCents: number;
  claimedAmcCents: number;
  motives: MotiveMessage[];
  errors: StructuralErrorMessage[];
  functionalKeyHi: number;
  functionalKeyLo: number;
  pecNumber: string;
  pecCents: number;
  duplicataOf: string;
  nature: string;
  refersTo: string;
  feeCents: number;
  line: number;
}

export interface LiquidationResultMessage {
  batch: number;
  outcomes: InvoiceOutcomeMessage[];
  auditMismatches: number;
}

function protoPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSource = resolve(here, 'liquidation.proto');
  return existsSync(fromSource) ? fromSource : resolve(here, '../../../codecs/proto/liquidation.proto');
}

const root = protobuf.loadSync(protoPath());
const LiquidationResult = root.lookupType('tpliq.LiquidationResult');

export function encodeLiquidationResult(result: LiquidationResultMessage): Uint8Array {
  return LiquidationResult.encode(result).finish();
}

export function decodeLiquidationResult(bytes: Uint8Array): LiquidationResultMessage {
  const message = LiquidationResult.decode(bytes);
  // defaults: proto3 omits zero values on the wire; toObject with defaults restores them.
  return LiquidationResult.toObject(message, { defaults: true, arrays: true }) as LiquidationResultMessage;
}
