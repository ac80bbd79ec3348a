/**
 * Reads report.html the way a person reads it, from its markup: the text of a figure, the cells
 * of a table row, the points of a chart. It works on the report as written and on the DOM a
 * browser dumps (Chromium re-serialises it: entities, attribute quoting), so it decodes entities
 * and matches attribute values after decoding them. Text comes back with the no-break spaces as
 * plain spaces and runs of white space collapsed.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return NAMED_ENTITIES[name] ?? whole;
  });
}

/** The text of a piece of markup, as shown: tags dropped, entities decoded, spaces collapsed. */
export function shownText(markup: string): string {
  return decodeEntities(markup.replace(/<[^>]*>/g, ' ')).replace(/[\s\u00a0]+/g, ' ').trim();
}

/** The texts of every element marked `data-field="<field>"`, in document order. */
export function fieldTexts(doc: string, field: string): string[] {
  const found: string[] = [];
  for (const open of doc.matchAll(/<([a-z0-9]+)\b([^>]*)>/g)) {
    if (attributeValue(open[2] ?? '', 'data-field') !== field) continue;
    // The report never nests an element in one of its own kind, so the next closing tag is its own.
    const contentStart = (open.index ?? 0) + open[0].length;
    found.push(shownText(doc.slice(contentStart, doc.indexOf(`</${open[1] ?? ''}>`, contentStart))));
  }
  return found;
}

/** The one figure or note marked `data-field="<field>"` inside the section `id`; throws when there is not exactly one. */
export function fieldText(doc: string, sectionId: string, field: string): string {
  const texts = fieldTexts(sectionOf(doc, sectionId), field);
  if (texts.length !== 1) throw new Error(`${texts.length} elements with data-field="${field}" in section ${sectionId}`);
  return texts[0]!;
}

/** The markup of `<section id="…">…</section>`. */
export function sectionOf(doc: string, id: string): string {
  const start = doc.indexOf(`<section id="${id}">`);
  if (start < 0) throw new Error(`no section ${id}`);
  const end = doc.indexOf('</section>', start);
  return doc.slice(start, end);
}

/** Every row of the section's tables marked `data-<key>`, as { key value → cell texts by data-field }. */
export function rowsOf(doc: string, sectionId: string, key: string): Map<string, Record<string, string>> {
  const rows = new Map<string, Record<string, string>>();
  for (const row of sectionOf(doc, sectionId).matchAll(/<tr\b([^>]*)>([\s\S]*?)<\/tr>/g)) {
    const value = attributeValue(row[1] ?? '', `data-${key}`);
    if (value === undefined) continue;
    const cells: Record<string, string> = {};
    for (const cell of (row[2] ?? '').matchAll(/<td\b([^>]*)>([\s\S]*?)<\/td>/g)) {
      const field = attributeValue(cell[1] ?? '', 'data-field');
      if (field !== undefined) cells[field] = shownText(cell[2] ?? '');
    }
    rows.set(value, cells);
  }
  return rows;
}

/** The points of the chart `id`: their day and value, in document order. */
export function chartPoints(doc: string, id: string): Array<{ date: string; value: number }> {
  const start = doc.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no chart ${id}`);
  const chart = doc.slice(start, doc.indexOf('</figure>', start));
  const points: Array<{ date: string; value: number }> = [];
  for (const mark of chart.matchAll(/<(rect|circle)\b([^>]*)>/g)) {
    const date = attributeValue(mark[2] ?? '', 'data-date');
    const value = attributeValue(mark[2] ?? '', 'data-value');
    if (date !== undefined && value !== undefined) points.push({ date, value: Number(value) });
  }
  return points;
}

function attributeValue(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes);
  return match === null ? undefined : decodeEntities(match[1] ?? '');
}
