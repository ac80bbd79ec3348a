import type { RspFile } from '../../codecs/noemie/rsp-model.js';

/** `inspect --lot N --invoice N`: what to keep of a file; an absent field keeps everything. */
export interface InspectSelection {
  lot?: string;
  invoice?: string;
}

/**
 * Lot and invoice numbers are zero-filled on the wire (lot 001, invoice 000000123): an operator
 * may type them either way, so numbers compare by value, anything else as written.
 */
export function sameNumber(wanted: string, actual: string): boolean {
  if (/^\d+$/.test(wanted) && /^\d+$/.test(actual)) return BigInt(wanted) === BigInt(actual);
  return wanted.trim() === actual.trim();
}

export function selects(selection: InspectSelection, lot: string | undefined, invoice: string | undefined): boolean {
  if (selection.lot !== undefined && (lot === undefined || !sameNumber(selection.lot, lot))) return false;
  if (selection.invoice !== undefined && (invoice === undefined || !sameNumber(selection.invoice, invoice))) return false;
  return true;
}

export function isSelective(selection: InspectSelection): boolean {
  return selection.lot !== undefined || selection.invoice !== undefined;
}

/** The NOEMIE return with only the selected invoices, and only the AMC groups that keep one. */
export function selectRspInvoices(file: RspFile, selection: InspectSelection): RspFile {
  if (!isSelective(selection)) return file;
  const groups = file.groups
    .map((group) => ({ ...group, invoices: group.invoices.filter((i) => selects(selection, i.lot, i.invoiceNumber)) }))
    .filter((group) => group.invoices.length > 0);
  return { ...file, groups };
}
