import type { LiquidationTask } from '../pipeline/task.js';

/**
 * A batch task as one message: the same LiquidationTask the local workers receive. Layout: the
 * length of a JSON header (4 bytes, big-endian), the header (batch number, invoice count, lots,
 * framing errors, the two lengths), the invoice bytes, then the index as float64 (little-endian,
 * as a Float64Array's memory on the machines this runs on, checked on decode).
 */
interface TaskHeader {
  batch: number;
  invoiceCount: number;
  lots: LiquidationTask['lots'];
  framingErrors: LiquidationTask['framingErrors'];
  byteCount: number;
  indexCount: number;
}

export function encodeTaskMessage(task: LiquidationTask): Uint8Array {
  const header: TaskHeader = {
    batch: task.batch, invoiceCount: task.invoiceCount, lots: task.lots, framingErrors: task.framingErrors,
    byteCount: task.bytes.length, indexCount: task.index.length,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const message = Buffer.allocUnsafe(4 + headerBytes.length + task.bytes.length + task.index.length * 8);
  message.writeUInt32BE(headerBytes.length, 0);
  headerBytes.copy(message, 4);
  message.set(task.bytes, 4 + headerBytes.length);
  let at = 4 + headerBytes.length + task.bytes.length;
  for (const value of task.index) {
    message.writeDoubleLE(value, at);
    at += 8;
  }
  return message;
}

export function decodeTaskMessage(data: Uint8Array): LiquidationTask {
  const message = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = message.readUInt32BE(0);
  const header = JSON.parse(message.toString('utf8', 4, 4 + headerLength)) as TaskHeader;
  const bytesAt = 4 + headerLength;
  if (message.length !== bytesAt + header.byteCount + header.indexCount * 8) throw new Error(`task message of batch ${header.batch}: ${message.length} bytes, header says otherwise`);
  const bytes = new Uint8Array(header.byteCount);
  bytes.set(message.subarray(bytesAt, bytesAt + header.byteCount));
  const index = new Float64Array(header.indexCount);
  let at = bytesAt + header.byteCount;
  for (let i = 0; i < header.indexCount; i += 1) {
    index[i] = message.readDoubleLE(at);
    at += 8;
  }
  return { batch: header.batch, bytes, index, invoiceCount: header.invoiceCount, lots: header.lots, framingErrors: header.framingErrors };
}

/** FNV-1a of the practitioner number: the same shard for the same practitioner, on any machine. */
export function partitionOf(practitionerId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < practitionerId.length; i += 1) {
    hash ^= practitionerId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
