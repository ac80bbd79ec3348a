import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../engine/domain/invoice.js';
import { MOTIVES, type Motive, type MotiveCode } from '../engine/domain/motive.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { functionalKeyInteger, functionalKeyIntegerOf } from '../engine/ledger/functional-key-column.js';
import { DecisionSpool } from '../engine/run/decision-spool.js';
import { SpoolRowEncoder, SpoolRowReader, type SpooledLedgerFields } from '../engine/run/spool-row-codec.js';
import { emptySpooledInvoice, spoolRowInputOf, type SpooledInvoice } from '../engine/run/spooled-invoice.js';
import { decisionOf, motiveOf } from './support/decision-builder.js';
import { NO_ACT_LINES } from '../codecs/binary/packed-act-lines.js';

const CODES = Object.keys(MOTIVES) as MotiveCode[];
const CHANNELS: Channel[] = ['B2_ETAB', 'B2_PS', 'DRE', 'PAPER', 'C2S'];
const FILES = ['inbox/a.b2', 'inbox/é-fichier.dre', 'paper/2026-11-23.csv'];

/** Any text a decoded file could hold: every code point, none of them half a surrogate pair. */
const text = (maxLength = 40): fc.Arbitrary<string> => fc.string({ unit: 'binary', maxLength });
/** Whole cents, past 2^31 both ways (a malformed amount field). */
const cents = fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) as fc.Arbitrary<number> as fc.Arbitrary<Cents>;
const date = fc.integer({ min: 0, max: 99991231 }) as fc.Arbitrary<number> as fc.Arbitrary<DateYmd>;
const uint32 = fc.integer({ min: 0, max: 0xffffffff });

/** A motive as motive() makes them (label alone, label and detail) or any other text. */
const motive: fc.Arbitrary<Motive> = fc.constantFrom(...CODES).chain((code) =>
  fc.oneof(
    fc.constant(motiveOf(code)),
    text().map((detail) => motiveOf(code, `${MOTIVES[code].label} ${detail}`)),
    text().map((label) => motiveOf(code, label)),
  ),
);

const spooled: fc.Arbitrary<SpooledInvoice> = fc.record({
  sequence: uint32, fileIndex: fc.nat(FILES.length - 1), lot: text(5), line: uint32, invoiceNumber: text(12), practitionerId: text(9),
  amcNumber: text(10), paid: fc.boolean(), paidCents: cents, claimedCents: cents, motives: fc.array(motive, { maxLength: 4 }),
  receivedDate: date, dueDate: date, decisionChannel: fc.option(fc.constantFrom(...CHANNELS), { nil: undefined }), channel: fc.constantFrom(...CHANNELS),
  nir: text(13), nirKey: text(2), birthRank: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), careDate: date, functionalKeyHi: uint32, functionalKeyLo: uint32,
  pecNumber: text(12), pecCents: cents, amoCents: uint32 as fc.Arbitrary<number> as fc.Arbitrary<Cents>, actLines: fc.uint8Array({ maxLength: 300 }), natureAssurance: text(2), lotSendDate: date, lateBankingDays: fc.boolean(),
  // A C2S claim paid with the L. 861-3 increase carries it after the row's last field.
  c2sIncreaseCents: fc.option(fc.integer({ min: 1, max: 2 ** 40 }) as fc.Arbitrary<number> as fc.Arbitrary<Cents>, { nil: undefined }),
}).map((r) => {
  const decision = decisionOf({
    sequence: r.sequence, file: FILES[r.fileIndex]!, lot: r.lot, line: r.line, invoiceNumber: r.invoiceNumber, practitionerId: r.practitionerId,
    amcNumber: r.amcNumber, status: r.paid ? 'PAID' : 'REJECTED', paidCents: r.paidCents, claimedCents: r.claimedCents, motives: r.motives,
    receivedDate: r.receivedDate, dueDate: r.dueDate,
  });
  if (r.decisionChannel === undefined) delete decision.channel;
  else decision.channel = r.decisionChannel;
  if (r.c2sIncreaseCents !== undefined) decision.c2sIncreaseCents = r.c2sIncreaseCents;
  return {
    decision, channel: r.channel, nir: r.nir, nirKey: r.nirKey, birthRank: r.birthRank, careDate: r.careDate,
    functionalKeyHi: r.functionalKeyHi, functionalKeyLo: r.functionalKeyLo, pecNumber: r.pecNumber, pecCents: r.pecCents, amoCents: r.amoCents, actLines: r.actLines, natureAssurance: r.natureAssurance, lotSendDate: r.lotSendDate, lateBankingDays: r.lateBankingDays,
  };
});

/** The rows one after the other, as a bucket file holds them. */
function bucketOf(invoices: readonly SpooledInvoice[]): Buffer {
  const encoder = new SpoolRowEncoder();
  return Buffer.concat(invoices.map((inv) => Buffer.from(encoder.encode(spoolRowInputOf(inv), FILES.indexOf(inv.decision.file)))));
}

const ledgerFieldsOf = (inv: SpooledInvoice): SpooledLedgerFields => ({
  sequence: inv.decision.sequence, file: inv.decision.file, lot: inv.decision.lot, invoiceNumber: inv.decision.invoiceNumber,
  practitionerId: inv.decision.practitionerId, paid: inv.decision.status === 'PAID', paidCents: inv.decision.paidCents,
  claimedCents: inv.decision.claimedCents, motiveCodes: inv.decision.motives.map((m) => m.code).join('|'),
  motivesJson: inv.decision.motives.length === 0 ? '' : JSON.stringify(inv.decision.motives.map(({ code, label }) => ({ code, label }))), careDate: inv.careDate,
  functionalKeyHi: inv.functionalKeyHi, functionalKeyLo: inv.functionalKeyLo, pecNumber: inv.pecNumber,
});

describe('the spool row format', () => {
  it('gives back every field of every row, in order, whatever the texts and numbers', () => {
    fc.assert(
      fc.property(fc.array(spooled, { minLength: 1, maxLength: 20 }), (invoices) => {
        const reader = new SpoolRowReader(bucketOf(invoices), FILES);
        const read: SpooledInvoice[] = [];
        while (!reader.done) read.push(reader.invoice());
        expect(read).toEqual(invoices);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the ledger its fields only, or the practitioner only, stepping over the others, row after row', () => {
    const readings = fc.array(fc.constantFrom('invoice', 'ledger', 'practitioner'), { minLength: 20, maxLength: 20 });
    fc.assert(
      fc.property(fc.array(spooled, { minLength: 1, maxLength: 20 }), readings, (invoices, how) => {
        // Readings mixed: each must end exactly where the next row starts, and seek must come back.
        const reader = new SpoolRowReader(bucketOf(invoices), FILES);
        invoices.forEach((inv, i) => {
          const position = reader.position;
          if (how[i] === 'invoice') expect(reader.invoice()).toEqual(inv);
          else if (how[i] === 'ledger') expect(reader.ledgerFields()).toEqual(ledgerFieldsOf(inv));
          else expect(reader.practitioner()).toBe(inv.decision.practitionerId);
          const next = reader.position;
          reader.seek(position);
          expect(reader.invoice()).toEqual(inv);
          expect(reader.position).toBe(next);
        });
        expect(reader.done).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads row after row into one object, leaving nothing of a row in the next', () => {
    fc.assert(
      fc.property(fc.array(spooled, { minLength: 1, maxLength: 20 }), (invoices) => {
        const reader = new SpoolRowReader(bucketOf(invoices), FILES);
        const into = emptySpooledInvoice();
        const motives = into.decision.motives;
        for (const inv of invoices) {
          const read = reader.invoiceInto(into);
          expect(read).toBe(into);
          // The optional fields compared as values: toEqual would take a leftover undefined for an absent one, not a leftover value.
          expect(copyOf(read)).toEqual(inv);
          expect(read.decision.channel).toBe(inv.decision.channel);
          expect(read.decision.c2sIncreaseCents).toBe(inv.decision.c2sIncreaseCents);
        }
        expect(into.decision.motives).toBe(motives);
        expect(reader.done).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a motive label exactly, including the near misses of "label + detail"', () => {
    const base = MOTIVES.DROITS_FERMES.label;
    const labels = [base, `${base} au 12/11/2026`, `${base} `, `${base}  x`, `${base}x`, base.slice(0, -1), '', 'Droits clos — motif libre'];
    const invoices = labels.map((label, i) => ({ ...sample(i), decision: decisionOf({ sequence: i, status: 'REJECTED', motives: [motiveOf('DROITS_FERMES', label)] }) }));
    const reader = new SpoolRowReader(bucketOf(invoices), FILES);
    for (const label of labels) expect(reader.invoice().decision.motives[0]!.label).toBe(label);
  });

  it('says so when a row names a file the spool does not list, or is cut short', () => {
    const row = bucketOf([sample(1)]);
    expect(() => new SpoolRowReader(row, []).invoice()).toThrow(/file #0, which the spool does not list/);
    expect(() => new SpoolRowReader(row.subarray(0, row.length - 3), FILES).invoice()).toThrow();
  });

  it('refuses a motive code it would not know how to read back', () => {
    const inv = { ...sample(1), decision: decisionOf({ status: 'REJECTED', motives: [{ code: 'INCONNU' as MotiveCode, label: 'x' }] }) };
    expect(() => new SpoolRowEncoder().encode(spoolRowInputOf(inv), 0)).toThrow(/unknown motive code INCONNU/);
  });

  it("writes a row into a buffer of the caller's byte for byte as in its own, within the room it says the row needs", () => {
    fc.assert(
      fc.property(spooled, fc.nat(64), (inv, at) => {
        const input = spoolRowInputOf(inv);
        const fileIndex = FILES.indexOf(inv.decision.file);
        const encoder = new SpoolRowEncoder();
        const alone = Buffer.from(encoder.encode(input, fileIndex));
        // Exactly the room asked for: a bound short of the row throws or loses the row's last bytes.
        const out = Buffer.alloc(at + encoder.rowBytesMax(input), 0xee);
        const end = encoder.encodeRowInto(input, fileIndex, out, at);
        expect(out.subarray(at, end)).toEqual(alone);
        expect(out.subarray(0, at).every((byte) => byte === 0xee)).toBe(true);
        // The encoder's own buffer is its own again.
        expect(Buffer.from(encoder.encode(input, fileIndex))).toEqual(alone);
      }),
      { numRuns: 300 },
    );
  });

  it('asks for room enough for a row of empty texts and long act lines, where its texts leave no slack', () => {
    for (const length of [0, 1, 127, 128, 5_000]) {
      const inv = { ...sample(3), pecNumber: '', natureAssurance: '', nirKey: '', nir: '', actLines: Uint8Array.from({ length }, (_, k) => k & 0xff) };
      inv.decision = decisionOf({ sequence: 3, lot: '', invoiceNumber: '', practitionerId: '', amcNumber: '', c2sIncreaseCents: 1 as Cents });
      const input = spoolRowInputOf(inv);
      const encoder = new SpoolRowEncoder();
      const alone = Buffer.from(encoder.encode(input, 0));
      const out = Buffer.alloc(encoder.rowBytesMax(input));
      expect(out.subarray(0, encoder.encodeRowInto(input, 0, out, 0))).toEqual(alone);
    }
  });

  it('refuses to write a row into less room than it needs, rather than past the end of the buffer', () => {
    expect(() => new SpoolRowEncoder().encodeRowInto(spoolRowInputOf(sample(1)), 0, Buffer.alloc(40), 0)).toThrow(/more than the 40 bytes/);
  });
});

describe('functionalKeyIntegerOf', () => {
  it('is the INTEGER the ledger stores for the same 64 bits written in hex', () => {
    fc.assert(
      fc.property(uint32, uint32, (hi, lo) => {
        expect(functionalKeyIntegerOf(hi, lo)).toBe(functionalKeyInteger(hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')));
      }),
    );
    expect(functionalKeyIntegerOf(0xffffffff, 0xffffffff)).toBe(-1n);
    expect(functionalKeyIntegerOf(0x80000000, 0)).toBe(-(2n ** 63n));
  });
});

describe('DecisionSpool', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('gives back each practitioner with its invoices in commit order, and the ledger rows by practitioner and invoice number', () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-spool-'));
    const spool = new DecisionSpool(dir);
    const practitioners = ['991023763', '991023771', '591000124'];
    const added: SpooledInvoice[] = [];
    for (let i = 0; i < 600; i++) {
      const inv = {
        ...sample(i),
        decision: decisionOf({ sequence: i, file: FILES[i % FILES.length]!, practitionerId: practitioners[(i * 7) % 3]!, invoiceNumber: String(1000 - i).padStart(9, '0') }),
        functionalKeyHi: (i * 0x9e3779b9) >>> 0,
      };
      spool.add(spoolRowInputOf(inv));
      added.push(inv);
    }
    spool.flushAll();

    // A practitioner's invoices are read before the next practitioner is asked for (their bucket's bytes are reused).
    const groups: Array<{ practitionerId: string; invoices: SpooledInvoice[] }> = [];
    for (const { practitionerId, invoices } of spool.byPractitioner()) groups.push({ practitionerId, invoices: copiesOf(invoices) });
    expect(groups.map((g) => g.practitionerId).sort()).toEqual([...practitioners].sort());
    for (const { practitionerId, invoices } of groups) {
      expect(invoices).toEqual(added.filter((inv) => inv.decision.practitionerId === practitionerId));
    }

    // The yielded row is reused: each is copied as it comes.
    const rows: Array<ReturnType<DecisionSpool['ledgerRows']> extends Generator<infer R> ? R : never> = [];
    for (const row of spool.ledgerRows()) rows.push({ ...row });
    expect(rows).toHaveLength(600);
    for (const { practitionerId } of groups) {
      const mine = rows.filter((r) => r.practitionerId === practitionerId);
      expect(mine.map((r) => r.invoiceNumber)).toEqual(mine.map((r) => r.invoiceNumber).sort());
    }
    const first = rows.find((r) => r.sequence === 5)!;
    expect(first).toMatchObject({
      file: FILES[5 % FILES.length], status: 'PAID', functionalKey: functionalKeyIntegerOf(added[5]!.functionalKeyHi, added[5]!.functionalKeyLo),
    });
  });

  it("keeps a row larger than a bucket's buffer whole, between rows written straight into that buffer", () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-spool-'));
    const spool = new DecisionSpool(dir);
    // ≈ 21 600 characters, up to 3 bytes each in UTF-8: more than the bucket's 32 KiB buffer can be asked to hold.
    const long = 'Motif saisi à la main, très long — '.repeat(600);
    const added = [0, 1, 2, 3, 4].map((i) => ({
      ...sample(i),
      decision: decisionOf({ sequence: i, status: 'REJECTED', motives: [motiveOf('DROITS_FERMES', i === 2 ? long : `${MOTIVES.DROITS_FERMES.label} ${i}`)] }),
    }));
    for (const inv of added) spool.add(spoolRowInputOf(inv));
    spool.flushAll();
    const read: SpooledInvoice[] = [];
    for (const { invoices } of spool.byPractitioner()) read.push(...copiesOf(invoices));
    expect(read).toEqual(added);
  });
});

describe('DecisionSpool, a practitioner\'s invoices read one at a time', () => {
  it('gives them by sequence even when their rows were not written so, and shows each to its watcher first', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(10_000), { minLength: 1, maxLength: 40 }), fc.array(fc.nat(2), { minLength: 40, maxLength: 40 }), (sequences, owners) => {
        const dir = mkdtempSync(join(tmpdir(), 'tpliq-spool-'));
        try {
          const spool = new DecisionSpool(dir);
          const practitioners = ['991023763', '991023771', '591000124'];
          const added = sequences.map((sequence, i) => ({ ...sample(sequence), decision: decisionOf({ sequence, practitionerId: practitioners[owners[i]!]!, invoiceNumber: String(sequence).padStart(9, '0') }) }));
          for (const inv of added) spool.add(spoolRowInputOf(inv));
          spool.flushAll();
          let seen = 0;
          for (const { practitionerId, invoices } of spool.byPractitioner()) {
            const mine = added.filter((inv) => inv.decision.practitionerId === practitionerId).sort((a, b) => a.decision.sequence - b.decision.sequence);
            expect(invoices.count).toBe(mine.length);
            const watched: number[] = [];
            invoices.watchedBy((inv) => watched.push(inv.decision.sequence));
            const iterated: SpooledInvoice[] = [];
            for (const inv of invoices) {
              // The watcher saw this invoice before the loop did.
              expect(watched.at(-1)).toBe(inv.decision.sequence);
              iterated.push(copyOf(inv));
            }
            expect(iterated).toEqual(mine);
            expect(watched).toEqual(mine.map((inv) => inv.decision.sequence));
            seen += iterated.length;
          }
          expect(seen).toBe(added.length);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('DecisionSpool, buckets of different sizes read through one buffer', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('gives every invoice and ledger row once and whole, a small bucket read after a larger one included', () => {
    // Buckets are read through one buffer filled again for each: a bucket read after a larger one
    // must not see the larger one's bytes beyond its own end, and an invoice's act lines (a view of
    // the buffer) are its own while its practitioner is being used.
    dir = mkdtempSync(join(tmpdir(), 'tpliq-spool-'));
    const spool = new DecisionSpool(dir);
    const practitioners = ['991023763', '991023771', '591000124', '751234567', '131000017', '691000019'];
    const expected = new Map<number, { practitionerId: string; invoiceNumber: string; file: string; paidCents: number; lot: string }>();
    let sequence = 0;
    practitioners.forEach((practitionerId, p) => {
      // 1, 4, 16, … 1024 invoices: every bucket a different size.
      for (let n = 0; n < 4 ** p; n++, sequence++) {
        const file = FILES[sequence % FILES.length]!;
        const invoiceNumber = String(sequence).padStart(9, '0');
        const lot = `L${'x'.repeat(sequence % 40)}`;
        spool.add(spoolRowInputOf({ ...sample(sequence), actLines: actLinesOf(sequence), decision: decisionOf({ sequence, file, lot, practitionerId, invoiceNumber, paidCents: (sequence * 37) as Cents }) }));
        expected.set(sequence, { practitionerId, invoiceNumber, file, paidCents: sequence * 37, lot });
      }
    });
    spool.flushAll();
    // In the order the buckets are read: by their number.
    const bucketNumber = (name: string): number => Number(/^bucket-(\d+)\.bin$/.exec(name)![1]);
    const bucketSizes = readdirSync(dir).filter((name) => name.startsWith('bucket-')).sort((a, b) => bucketNumber(a) - bucketNumber(b)).map((name) => statSync(join(dir!, name)).size);
    expect(bucketSizes).toHaveLength(practitioners.length);
    expect(bucketSizes.some((size, i) => i > 0 && size < bucketSizes[i - 1]!)).toBe(true);

    const returned = new Set<number>();
    for (const { practitionerId, invoices } of spool.byPractitioner()) {
      for (const inv of invoices) {
        const sequence = inv.decision.sequence;
        expect(returned.has(sequence)).toBe(false);
        returned.add(sequence);
        expect([practitionerId, inv.decision.invoiceNumber, inv.decision.lot]).toEqual([expected.get(sequence)!.practitionerId, expected.get(sequence)!.invoiceNumber, expected.get(sequence)!.lot]);
        expect([...inv.actLines]).toEqual([...actLinesOf(sequence)]);
      }
    }
    expect(returned.size).toBe(sequence);

    const seen = new Set<number>();
    for (const row of spool.ledgerRows()) {
      expect(seen.has(row.sequence)).toBe(false);
      seen.add(row.sequence);
      expect({ practitionerId: row.practitionerId, invoiceNumber: row.invoiceNumber, file: row.file, paidCents: row.paidCents, lot: row.lot }).toEqual(expected.get(row.sequence));
    }
    expect(seen.size).toBe(sequence);
  });
});

describe('DecisionSpool, a bucket of several MiB', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('gives back every accented label whole, wherever it falls in the bucket', () => {
    // Until docs/performance.md change 17 a bucket was read in chunks of 1 MiB, each decoded on its own: a
    // character of two bytes across a chunk's end came back as two U+FFFD (seen in one NOEMIE
    // return of the 10 M-line day: "SUP\uFFFD\uFFFDRIEUR").
    dir = mkdtempSync(join(tmpdir(), 'tpliq-spool-'));
    const spool = new DecisionSpool(dir);
    const label = (i: number): string => `Montant supérieur à la prise en charge (calculée ${i}, accordée ${i - 1}) — é€𝄞`;
    const count = 12_000;
    for (let i = 0; i < count; i++) {
      spool.add(spoolRowInputOf({ ...sample(i), decision: decisionOf({ sequence: i, status: 'REJECTED', motives: [motiveOf('PEC_DEPASSEE', label(i))] }) }));
    }
    spool.flushAll();
    let practitioners = 0;
    for (const { invoices } of spool.byPractitioner()) {
      practitioners++;
      expect(invoices.count).toBe(count);
      let i = 0;
      for (const inv of invoices) expect(inv.decision.motives[0]!.label).toBe(label(i++));
      expect(i).toBe(count);
    }
    expect(practitioners).toBe(1);
  });
});

/** Bytes of a length and content of the invoice's own: the spool stores act lines as they are. */
function actLinesOf(sequence: number): Uint8Array {
  return Uint8Array.from({ length: 1 + (sequence % 23) }, (_, k) => (sequence * 31 + k) & 0xff);
}

function sample(i: number): SpooledInvoice {
  return {
    decision: decisionOf({ sequence: i }), channel: 'B2_PS', nir: '1801275123456', nirKey: '42', birthRank: 1, careDate: 20261112 as DateYmd,
    functionalKeyHi: i, functionalKeyLo: 7, pecNumber: '', pecCents: 0 as Cents, amoCents: 0 as Cents, actLines: NO_ACT_LINES, natureAssurance: '10', lotSendDate: 20261120 as DateYmd, lateBankingDays: false,
  };
}

/** An invoice the reader filled, copied whole (its act lines too): the reader fills the same object again. */
function copyOf(inv: Readonly<SpooledInvoice>): SpooledInvoice {
  return { ...inv, decision: { ...inv.decision, motives: inv.decision.motives.map((m) => ({ ...m })) }, actLines: inv.actLines.slice() };
}

function copiesOf(invoices: Iterable<Readonly<SpooledInvoice>>): SpooledInvoice[] {
  return Array.from(invoices, copyOf);
}
