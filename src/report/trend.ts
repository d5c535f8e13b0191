// The trend across archived runs: open findings by severity per run, as a stacked bar chart in inline SVG.
//
// The chart is for mail clients: no script, no CSS, no external references, only <svg>, <title>, <g>, <rect>,
// <line> and <text> with presentation attributes (fill, stroke, font-family, ...). Its markup lives in one template,
// report-templates/email/partials/trend-chart.hbs, rendered with Handlebars' default {{ }} escaping (dates are the
// only text, and they are escaped anyway); this module computes the geometry, so the template does no arithmetic.
// Some clients (Gmail, Outlook for Windows) drop inline SVG: the email body therefore also states the numbers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../vocabulary.js';
import type { RunSummary } from './model.js';
import { openCounts } from './diff.js';
import { SEVERITY_COLOR } from './colors.js';
import { findTemplatesDir } from './templates-dir.js';

const count = z.number().int().min(0);
export const runSummarySchema = z.object({
  accountId: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  generatedAt: z.string(),
  open: z.object(Object.fromEntries(SEVERITIES.map((s) => [s, count])) as Record<Severity, typeof count>),
  incomplete: z.boolean(),
});

export interface SummarizableReport {
  generatedAt: string;
  account: { id: string };
  findings: ReadonlyArray<{ status: string; severity: Severity; suppressed?: unknown }>;
  gaps: readonly unknown[];
  summary: { notAssessed: number };
}

export function runSummary(report: SummarizableReport): RunSummary {
  return {
    accountId: report.account.id,
    date: report.generatedAt.slice(0, 10),
    generatedAt: report.generatedAt,
    open: openCounts(report),
    incomplete: report.gaps.length > 0 || report.summary.notAssessed > 0,
  };
}

export const DEFAULT_TREND_RUNS = 30;

/** One run per date (the latest generatedAt wins), oldest first, the last `maxRuns`. */
export function trendSeries(summaries: Iterable<RunSummary>, maxRuns = DEFAULT_TREND_RUNS): RunSummary[] {
  const byDate = new Map<string, RunSummary>();
  for (const s of summaries) {
    const seen = byDate.get(s.date);
    if (!seen || seen.generatedAt <= s.generatedAt) byDate.set(s.date, s);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).slice(-maxRuns);
}

export const totalOpen = (s: Pick<RunSummary, 'open'>) => SEVERITIES.reduce((n, sev) => n + s.open[sev], 0);

/** The chart's numbers in one sentence (mail clients that drop SVG, screen readers); null for fewer than two runs. */
export function trendText(runs: readonly RunSummary[]): string | null {
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (runs.length < 2 || !first || !last) return null;
  const totals = runs.map(totalOpen);
  return `Open findings over the last ${runs.length} runs: ${totalOpen(first)} on ${first.date}, ${totalOpen(last)} on ${last.date} (lowest ${Math.min(...totals)}, highest ${Math.max(...totals)}).`;
}

// ---------------------------------------------------------------------------------------------------------------
// Geometry

export interface TrendChart {
  width: number;
  height: number;
  /** Text alternative (the <title>): every run's date and counts. */
  title: string;
  font: string;
  plot: { left: number; right: number; top: number; bottom: number };
  gridlines: Array<{ y: number; label: string; labelY: number }>;
  bars: Array<{
    date: string;
    opacity: string;
    segments: Array<{ x: number; y: number; width: number; height: number; color: string }>;
  }>;
  xLabels: Array<{ x: number; text: string; anchor: 'start' | 'middle' | 'end' }>;
  /** The latest run's total above its bar. */
  lastTotal: { x: number; y: number; text: string } | null;
  legend: Array<{ x: number; y: number; textX: number; textY: number; color: string; label: string }>;
  incompleteNote: { x: number; y: number; text: string } | null;
  empty: boolean;
}

const LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
const G = { width: 560, height: 210, left: 40, right: 12, top: 18, plotBottom: 160, legendY: 196 };
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The smallest of 1, 2, 3, 4, 5, 6, 8 x 10^k that is >= n (at least 1): a round axis maximum with little waste. */
export function niceMax(n: number): number {
  if (n <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= n) return step * magnitude;
  return 10 * magnitude;
}

export function trendChart(runs: readonly RunSummary[]): TrendChart {
  const plot = { left: G.left, right: G.width - G.right, top: G.top, bottom: G.plotBottom };
  const plotWidth = plot.right - plot.left;
  const plotHeight = plot.bottom - plot.top;
  const max = niceMax(Math.max(0, ...runs.map(totalOpen)));
  const scale = (v: number) => (v / max) * plotHeight;
  const slot = runs.length ? plotWidth / Math.max(runs.length, 7) : plotWidth; // a lone run is not one huge bar
  const barWidth = round1(Math.max(2, Math.min(28, slot * 0.7)));
  const offset = plot.left + (plotWidth - slot * runs.length) / 2; // centre the bars when there are few

  const bars = runs.map((run, i) => {
    const x = round1(offset + i * slot + (slot - barWidth) / 2);
    let y = plot.bottom;
    const segments = [];
    for (const s of SEVERITIES) {
      const h = scale(run.open[s]);
      if (run.open[s] === 0) continue;
      const height = round1(Math.max(h, 1));
      y -= h;
      segments.push({ x, y: round1(y), width: barWidth, height, color: SEVERITY_COLOR[s] });
    }
    return { date: run.date, opacity: run.incomplete ? '0.45' : '1', segments };
  });

  const center = (i: number) => round1(offset + i * slot + slot / 2);
  const xLabels: TrendChart['xLabels'] = [];
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (first && last && runs.length === 1) xLabels.push({ x: center(0), text: first.date, anchor: 'middle' });
  else if (first && last) {
    xLabels.push({ x: round1(Math.max(plot.left, center(0) - barWidth / 2)), text: first.date, anchor: 'start' });
    xLabels.push({ x: round1(Math.min(plot.right, center(runs.length - 1) + barWidth / 2)), text: last.date, anchor: 'end' });
  }
  const lastTotal = last
    ? { x: center(runs.length - 1), y: round1(plot.bottom - scale(totalOpen(last)) - 4), text: String(totalOpen(last)) }
    : null;

  const legend: TrendChart['legend'] = [];
  let lx = plot.left;
  for (const s of SEVERITIES) {
    legend.push({ x: lx, y: G.legendY - 9, textX: lx + 14, textY: G.legendY, color: SEVERITY_COLOR[s], label: LABEL[s] });
    lx += 14 + LABEL[s].length * 7 + 16;
  }
  const incomplete = runs.some((r) => r.incomplete);

  return {
    width: G.width,
    height: G.height,
    title: runs.length
      ? `Open findings per run: ${runs.map((r) => `${r.date} ${SEVERITIES.map((s) => `${r.open[s]} ${s}`).join(', ')}${r.incomplete ? ' (incomplete)' : ''}`).join('; ')}`
      : 'No archived runs yet',
    font: 'Helvetica, Arial, sans-serif',
    plot,
    gridlines: [0, max / 2, max]
      .filter((v, i, a) => Number.isInteger(v) && a.indexOf(v) === i)
      .map((v) => ({ y: round1(plot.bottom - scale(v)) + 0.5, label: String(v), labelY: round1(plot.bottom - scale(v)) + 4 })),
    bars,
    xLabels,
    lastTotal,
    legend,
    incompleteNote: incomplete ? { x: plot.right, y: G.legendY, text: 'faded: incomplete audit' } : null,
    empty: runs.length === 0,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

const PARTIAL = join('email', 'partials', 'trend-chart.hbs');
const compiled = new Map<string, Handlebars.TemplateDelegate<TrendChart>>();

/** The chart as a standalone inline <svg> element (the same template the email body includes). */
export function renderTrendSvg(runs: readonly RunSummary[], options: { templatesDir?: string } = {}): string {
  const dir = options.templatesDir ?? findTemplatesDir();
  let template = compiled.get(dir);
  if (!template) {
    template = Handlebars.create().compile<TrendChart>(readFileSync(join(dir, PARTIAL), 'utf8'), { strict: true, preventIndent: true });
    compiled.set(dir, template);
  }
  return template(trendChart(runs)).trim();
}
