import b from 'benny';
import type { CompiledField, CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import type { Invoice } from '../../engine/domain/invoice.js';
import type { Cents, DateYmd } from '../../engine/domain/units.js';
import { decodeAll, framedInvoices, assertSame, type FramedInvoice } from './fixtures.js';
import { saveTo } from './save.js';

/**
 * B2 record decode: the engine's byte-level InvoiceReader (numbers read in place, strings only
 * for text the rules need) against string slicing (latin1 string per invoice, `slice()` + trim
 * per field, `parseInt` per number), both building the same Invoice objects; line counts and
 * declared totals are checked equal before timing and on every op.
 */

const LINE_NUMBERS = ['quantity', 'coefficient', 'unitPrice', 'base', 'amoRate', 'amo', 'fee', 'amcDeclared'] as const;

/**
 * Decodes one invoice by slicing — what a first implementation does: a latin1 string per
 * invoice, then per record and per field `slice()`, `trim()`, `parseInt`, building the same
 * Invoice the engine's reader builds (header, lines, trailer totals).
 */
function sliceInvoice(f: FramedInvoice, sequence: number): Invoice {
  const layout: CompiledLayout = f.layout;
  const text = Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength).toString('latin1');
  const field = (record: string, fld: CompiledField | undefined): string => (fld ? record.slice(fld.offset, fld.offset + fld.length).trim() : '');
  const num = (record: string, fld: CompiledField | undefined): number => {
    const v = parseInt(field(record, fld), 10);
    return Number.isNaN(v) ? 0 : v;
  };
  const inv: Invoice = {
    sequence, channel: f.lot.channel, location: { file: f.lot.file, line: f.line, byteOffset: f.byteOffset, lot: f.lot.lot }, practitionerId: f.lot.practitionerId,
    invoiceNumber: '', nature: 'INITIALE', securingMode: 'VITALE', duplicataOf: '', refersTo: '', amcNumber: '', memberNumber: '', nir: '', nirKey: '',
    birthDate: 0 as DateYmd, birthRank: 0, roSentDate: 0 as DateYmd, horsParcours: false, pecNumber: '', declaredFeeCents: 0 as Cents, declaredAmoCents: 0 as Cents,
    declaredAmcCents: 0 as Cents, lines: [],
  };
  for (let r = 0; r < f.recordCount; r++) {
    const record = text.slice(r * layout.recordLength, (r + 1) * layout.recordLength);
    const type = layout.records.get(record.slice(layout.discriminatorOffset, layout.discriminatorOffset + layout.discriminatorLength).trim());
    if (!type) continue;
    const get = (name: string): CompiledField | undefined => type.byName.get(name);
    if (type.role === 'invoice-header') {
      inv.invoiceNumber = field(record, get('invoiceNumber'));
      inv.nir = field(record, get('nir'));
      inv.nirKey = field(record, get('nirKey'));
      inv.memberNumber = field(record, get('memberNumber'));
      inv.pecNumber = field(record, get('pecNumber'));
      inv.amcNumber = field(record, get('amcNumber'));
      inv.birthDate = num(record, get('birthDate')) as DateYmd;
      inv.birthRank = num(record, get('birthRank'));
      inv.roSentDate = num(record, get('roSentDate')) as DateYmd;
    } else if (type.role === 'invoice-line') {
      const n: Record<(typeof LINE_NUMBERS)[number], number> = { quantity: 0, coefficient: 0, unitPrice: 0, base: 0, amoRate: 0, amo: 0, fee: 0, amcDeclared: 0 };
      for (const name of LINE_NUMBERS) n[name] = num(record, get(name));
      inv.lines.push({
        lineNo: inv.lines.length + 1, actDate: num(record, get('actDate')) as DateYmd, actCode: field(record, get('actCode')), quantity: n.quantity,
        coefficientHundredths: n.coefficient, unitPriceCents: n.unitPrice as Cents, baseCents: n.base as Cents, amoRatePercent: n.amoRate,
        amoCents: n.amo as Cents, feeCents: n.fee as Cents, amcDeclaredCents: n.amcDeclared as Cents, exoCode: field(record, get('exoCode')),
      });
    } else if (type.role === 'invoice-trailer') {
      for (const fld of type.fields) {
        if (fld.sums?.field === 'amcDeclared') inv.declaredAmcCents = (inv.declaredAmcCents + num(record, fld)) as Cents;
        else if (fld.sums?.field === 'amo') inv.declaredAmoCents = (inv.declaredAmoCents + num(record, fld)) as Cents;
        else if (fld.sums?.field === 'fee') inv.declaredFeeCents = (inv.declaredFeeCents + num(record, fld)) as Cents;
      }
    }
  }
  return inv;
}

/** Lines, and the declared AMC of the well-formed invoices: what both decoders must agree on. */
function tally(invoices: readonly Invoice[]): { lines: number; declaredAmcCents: number } {
  let lines = 0;
  let declaredAmcCents = 0;
  for (const i of invoices) {
    lines += i.lines.length;
    declaredAmcCents += i.declaredAmcCents;
  }
  return { lines, declaredAmcCents };
}

export async function run(): Promise<void> {
  const { invoices } = await framedInvoices();
  const reference = tally(decodeAll(invoices));
  const sliced = tally(invoices.map(sliceInvoice));
  assertSame('B2 decode: invoice lines', reference.lines, sliced.lines);
  assertSame('B2 decode: declared AMC of the trailers', reference.declaredAmcCents, sliced.declaredAmcCents);
  await b.suite(
    `B2 record decode — ${invoices.length} invoices, ${reference.lines} lines per op`,
    b.add('byte-level (InvoiceReader, the engine)', () => assertSame('byte-level lines', reference.lines, tally(decodeAll(invoices)).lines)),
    b.add('string slicing (slice + trim + parseInt per field)', () => assertSame('sliced lines', reference.lines, tally(invoices.map(sliceInvoice)).lines)),
    b.cycle(),
    b.complete(),
    saveTo('b2-decode'),
  );
}
