import { escapeHtml } from './report-html.js';

/**
 * The 30-day charts of report.html, drawn as static inline SVG: no script, no library, integer
 * coordinates only, so the same history gives the same bytes and the chart shows with scripts off.
 * Days are placed by their date in the window (a day without a run is a gap, not a squeeze), the
 * vertical scale ends on a round value (roundCeiling), and every point carries
 * its day and value as a tooltip (<title>) and as data attributes.
 */

export interface ChartPoint {
  /** Place in the window: 0 for its first day, windowDays − 1 for the accounting day. */
  dayIndex: number;
  /** yyyy-mm-dd, written as `data-date`. */
  isoDate: string;
  /** In the chart's integer unit (a count, cents, basis points); never below 0. */
  value: number;
  /** The tooltip: the day and the value as a person reads them. */
  tooltip: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  kind: 'bars' | 'line';
  windowDays: number;
  points: readonly ChartPoint[];
  /** How a value of the unit is printed on the vertical axis. */
  formatValue: (value: number) => string;
  /** Labels under the horizontal axis, by day index. */
  dayLabels: ReadonlyArray<{ dayIndex: number; text: string }>;
}

/** Pixels of the viewBox; the chart scales to its box (CSS), keeping these proportions. */
const SLOT_WIDTH = 20;
const PLOT_LEFT = 104;
const PLOT_TOP = 14;
const PLOT_HEIGHT = 170;
const RIGHT_MARGIN = 16;
const BOTTOM_MARGIN = 30;
const BAR_WIDTH = 14;
const DOT_RADIUS = 4;

export function chartSvg(spec: ChartSpec): string {
  const plotWidth = spec.windowDays * SLOT_WIDTH;
  const width = PLOT_LEFT + plotWidth + RIGHT_MARGIN;
  const height = PLOT_TOP + PLOT_HEIGHT + BOTTOM_MARGIN;
  const baseline = PLOT_TOP + PLOT_HEIGHT;
  const axisMax = roundCeiling(Math.max(0, ...spec.points.map((p) => p.value)));
  const yOf = (value: number): number => baseline - Math.round((Math.max(0, value) * PLOT_HEIGHT) / axisMax);
  const slotLeft = (dayIndex: number): number => PLOT_LEFT + dayIndex * SLOT_WIDTH;

  const parts: string[] = [];
  // Horizontal rules at 0, half (when it is a whole value of the unit) and the top of the scale.
  const ticks = axisMax % 2 === 0 ? [0, axisMax / 2, axisMax] : [0, axisMax];
  for (const tick of ticks) {
    const y = yOf(tick);
    parts.push(`<line class="${tick === 0 ? 'axis' : 'grid'}" x1="${PLOT_LEFT}" y1="${y}" x2="${PLOT_LEFT + plotWidth}" y2="${y}"/>`);
    parts.push(`<text x="${PLOT_LEFT - 6}" y="${y + 4}" text-anchor="end">${escapeHtml(spec.formatValue(tick))}</text>`);
  }
  for (const label of spec.dayLabels) {
    parts.push(`<text x="${slotLeft(label.dayIndex) + SLOT_WIDTH / 2}" y="${baseline + 18}" text-anchor="middle">${escapeHtml(label.text)}</text>`);
  }
  const points = [...spec.points].sort((a, b) => a.dayIndex - b.dayIndex);
  const today = spec.windowDays - 1;
  const marks: string[] = [];
  if (spec.kind === 'bars') {
    for (const p of points) {
      const y = yOf(p.value);
      const x = slotLeft(p.dayIndex) + (SLOT_WIDTH - BAR_WIDTH) / 2;
      marks.push(`<rect class="bar${p.dayIndex === today ? ' today' : ''}" data-date="${escapeHtml(p.isoDate)}" data-value="${p.value}" x="${x}" y="${y}" width="${BAR_WIDTH}" height="${baseline - y}"><title>${escapeHtml(p.tooltip)}</title></rect>`);
    }
  } else {
    const centre = (p: ChartPoint): string => `${slotLeft(p.dayIndex) + SLOT_WIDTH / 2},${yOf(p.value)}`;
    if (points.length > 1) parts.push(`<polyline class="line" points="${points.map(centre).join(' ')}"/>`);
    for (const p of points) {
      marks.push(`<circle class="dot" data-date="${escapeHtml(p.isoDate)}" data-value="${p.value}" cx="${slotLeft(p.dayIndex) + SLOT_WIDTH / 2}" cy="${yOf(p.value)}" r="${DOT_RADIUS}"><title>${escapeHtml(p.tooltip)}</title></circle>`);
    }
  }
  parts.push(`<g class="points">${marks.join('')}</g>`);
  const titleId = `${spec.id}-title`;
  return [
    `<figure class="chart" id="${escapeHtml(spec.id)}" data-points="${points.length}">`,
    `<figcaption id="${escapeHtml(titleId)}">${escapeHtml(spec.title)}</figcaption>`,
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${escapeHtml(titleId)}">`,
    ...parts,
    '</svg>',
    '</figure>',
  ].join('\n');
}

/**
 * The top of the vertical scale: the smallest "round" value at least `value` — 1, 1.5, 2, 2.5, 3,
 * 4, 5, 6 or 8 × 10ⁿ, whole in the chart's unit — so the tallest day fills most of the height
 * and the axis still reads at a glance. 1 for an empty chart, so that nothing divides by zero.
 */
export function roundCeiling(value: number): number {
  for (let decade = 1; ; decade *= 10) {
    for (const stepTenths of ROUND_STEPS_TENTHS) {
      if ((stepTenths * decade) % 10 !== 0) continue;
      const candidate = (stepTenths * decade) / 10;
      if (candidate >= value) return candidate;
    }
  }
}

const ROUND_STEPS_TENTHS = [10, 15, 20, 25, 30, 40, 50, 60, 80] as const;
