/**
 * The HTML pieces report.html is made of: escaping, tables, and the page around them with its
 * inline style sheet. The page loads nothing: no script, no font, no image, no link. Its
 * Content-Security-Policy forbids every load too, so that even a name that slipped past escaping
 * could not make a browser fetch anything (the report lies on machines that hold health data).
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for element content and quoted attribute values alike. Every text that comes
 * from an input (file names, AMC and practitioner names, codes) goes through here: a file named
 * `<script>….b2` is shown, never run.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Markup already escaped or built here: what the helpers below accept without escaping again. */
export interface Html {
  readonly html: string;
}

export const html = (markup: string): Html => ({ html: markup });

/** A cell's content: text (escaped here) or markup. */
export type Cell = string | Html;

const cellMarkup = (cell: Cell): string => (typeof cell === 'string' ? escapeHtml(cell) : cell.html);

export interface Column {
  heading: string;
  /** Right-aligned, tabular figures: counts and amounts line up by their units. */
  numeric?: boolean;
  /** Written as `data-field` on the column's cells, so that a reader (or a test) finds a figure by name. */
  field: string;
}

export interface Row {
  /** `data-<key>="<value>"` on the row: what the row is about (a channel, an AMC, a day…). */
  key: { name: string; value: string };
  cells: readonly Cell[];
}

/** A table with a caption; an empty one says so in one row rather than showing headings alone. */
export function table(caption: string, columns: readonly Column[], rows: readonly Row[], emptyText: string): string {
  const head = columns.map((c) => `<th scope="col"${c.numeric === true ? ' class="num"' : ''}>${escapeHtml(c.heading)}</th>`).join('');
  const body =
    rows.length === 0
      ? `<tr class="empty"><td colspan="${columns.length}">${escapeHtml(emptyText)}</td></tr>`
      : rows
        .map((row) => {
          const cells = columns.map((column, i) => {
            const cell = row.cells[i] ?? '';
            return `<td data-field="${escapeHtml(column.field)}"${column.numeric === true ? ' class="num"' : ''}>${cellMarkup(cell)}</td>`;
          });
          return `<tr data-${row.key.name}="${escapeHtml(row.key.value)}">${cells.join('')}</tr>`;
        })
        .join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/** One headline figure: a name, the main value, and an optional second line. */
export function figure(name: string, field: string, value: string, detail?: { field: string; text: string }): string {
  const second = detail === undefined ? '' : `<dd class="detail" data-field="${escapeHtml(detail.field)}">${escapeHtml(detail.text)}</dd>`;
  return `<div class="figure"><dt>${escapeHtml(name)}</dt><dd class="value" data-field="${escapeHtml(field)}">${escapeHtml(value)}</dd>${second}</div>`;
}

export function section(id: string, heading: string, content: string): string {
  return `<section id="${escapeHtml(id)}">\n<h2>${escapeHtml(heading)}</h2>\n${content}\n</section>`;
}

/**
 * System fonts only (nothing to download); figures in tabular digits so columns line up; colours
 * that survive a black-and-white print (the status also says it in words).
 */
const STYLE_SHEET = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6575; --rule: #d8dde5; --paid: #2f6f4f; --rejected: #a23b2a; --accent: #2b5797; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem 3rem; font: 15px/1.45 system-ui, "DejaVu Sans", "Liberation Sans", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--rule); }
p.run { margin: 0; color: var(--muted); }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
.status { display: inline-block; margin: .6rem 0 0; padding: .15rem .6rem; border-radius: .3rem; font-weight: 600; }
.status.ok { background: #e3f1e8; color: var(--paid); }
.status.broken { background: #f8e1dd; color: var(--rejected); }
dl.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; margin: 0; }
.figure { border: 1px solid var(--rule); border-radius: .4rem; padding: .6rem .8rem; }
.figure dt { color: var(--muted); font-size: .85rem; }
.figure dd { margin: 0; font-variant-numeric: tabular-nums; }
.figure dd.value { font-size: 1.35rem; font-weight: 600; }
.figure dd.detail { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); font-size: .85rem; padding-bottom: .2rem; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
tr.empty td { color: var(--muted); font-style: italic; }
p.note { color: var(--muted); font-size: .85rem; margin: .2rem 0; }
.charts { display: grid; grid-template-columns: 1fr; gap: 1rem; }
figure.chart { margin: 0; }
figure.chart figcaption { font-weight: 600; margin-bottom: .2rem; }
svg { display: block; width: 100%; max-width: 48rem; height: auto; }
svg text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: var(--muted); }
svg .axis { stroke: #8a94a3; stroke-width: 1; }
svg .grid { stroke: var(--rule); stroke-width: 1; }
svg .bar { fill: var(--accent); }
svg .bar.today { fill: var(--paid); }
svg .line { fill: none; stroke: var(--rejected); stroke-width: 2; }
svg .dot { fill: var(--rejected); }
@media print { body { padding: 0; } h2 { break-after: avoid; } table, figure.chart { break-inside: avoid; } }
`;

/**
 * The whole document. `title` and `heading` are escaped here; `body` is markup. A CSP meta tag
 * refuses every load (default-src 'none') and allows the inline style sheet only.
 */
export function page(title: string, heading: string, subtitle: Html, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE_SHEET}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(heading)}</h1>`,
    subtitle.html,
    '</header>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
