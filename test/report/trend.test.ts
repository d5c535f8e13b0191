import { describe, expect, it } from 'vitest';
import { SEVERITY_COLOR } from '../../src/report/html/html.js';
import type { RunSummary } from '../../src/report/model.js';
import { niceMax, renderTrendSvg, runSummary, trendChart, trendSeries } from '../../src/report/trend.js';
import { finding, report } from '../fixtures/report-runs.js';

const run = (date: string, open: Partial<RunSummary['open']>, incomplete = false): RunSummary => ({
  accountId: '123456789012',
  date,
  generatedAt: `${date}T03:00:00.000Z`,
  open: { critical: 0, high: 0, medium: 0, low: 0, info: 0, ...open },
  incomplete,
});

describe('runSummary', () => {
  it('counts open findings by severity (FAIL, not suppressed) and flags incomplete audits', () => {
    const r = report(
      [
        finding('a', 'user/a', 'critical'),
        finding('a', 'user/b', 'critical', { suppressed: { reason: 'accepted', entry: 0 } }),
        finding('b', 'user/c', 'low'),
        finding('c', 'root', 'high', { status: 'NOT_ASSESSED' }),
      ],
      { generatedAt: '2026-11-25T03:04:05.000Z' },
    );
    expect(runSummary(r)).toEqual({
      accountId: '123456789012',
      date: '2026-11-25',
      generatedAt: '2026-11-25T03:04:05.000Z',
      open: { critical: 1, high: 0, medium: 0, low: 1, info: 0 },
      incomplete: true,
    });
  });
});

describe('trendSeries', () => {
  it('keeps one run per date (the latest), oldest first, at most N', () => {
    const runs = Array.from({ length: 40 }, (_, i) => run(`2026-10-${String((i % 31) + 1).padStart(2, '0')}`, { low: i }));
    const series = trendSeries(runs, 30);
    expect(series).toHaveLength(30);
    expect(series[0].date).toBe('2026-10-02');
    expect(series[29].date).toBe('2026-10-31');
    // 2026-10-01..09 appear twice; the later generatedAt wins (equal here: the later one in input order)
    expect(series.find((s) => s.date === '2026-10-05')?.open.low).toBe(35);
  });
});

describe('trendChart / renderTrendSvg', () => {
  const runs = [run('2026-11-23', { critical: 1, high: 3, low: 2 }), run('2026-11-24', { critical: 2, high: 3, low: 2 }, true), run('2026-11-25', { high: 4, medium: 1 })];

  it('stacks bars by severity, scaled to a round maximum', () => {
    const c = trendChart(runs);
    expect(niceMax(7)).toBe(8);
    expect(niceMax(66)).toBe(80);
    expect(niceMax(3)).toBe(3);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(20)).toBe(20);
    expect(niceMax(21)).toBe(30);
    expect(c.gridlines.map((g) => g.label)).toEqual(['0', '4', '8']);
    expect(c.bars).toHaveLength(3);
    expect(c.bars[0].segments.map((s) => s.color)).toEqual([SEVERITY_COLOR.critical, SEVERITY_COLOR.high, SEVERITY_COLOR.low]);
    const plotHeight = c.plot.bottom - c.plot.top;
    const total = c.bars[1].segments.reduce((n, s) => n + s.height, 0);
    expect(total).toBeCloseTo((7 / 8) * plotHeight, 0);
    expect(c.bars[1].opacity).toBe('0.45'); // incomplete
    expect(c.lastTotal?.text).toBe('5');
    expect(c.xLabels.map((l) => l.text)).toEqual(['2026-11-23', '2026-11-25']);
    for (const b of c.bars) for (const s of b.segments) expect(s.x + s.width).toBeLessThanOrEqual(c.plot.right);
  });

  it('renders mail-safe inline SVG: basic elements and attributes only, no script, no style, no links', () => {
    const svg = renderTrendSvg(runs);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const elements = new Set([...svg.matchAll(/<([a-zA-Z]+)/g)].map((m) => m[1]));
    expect([...elements].sort()).toEqual(['g', 'line', 'rect', 'svg', 'text', 'title']);
    const attributes = new Set([...svg.matchAll(/\s([a-zA-Z-:]+)="/g)].map((m) => m[1]));
    for (const a of attributes) expect(['xmlns', 'width', 'height', 'viewBox', 'role', 'aria-label', 'font-family', 'font-size', 'x', 'y', 'dx', 'dy', 'x1', 'y1', 'x2', 'y2', 'fill', 'fill-opacity', 'stroke', 'stroke-width', 'text-anchor', 'font-weight']).toContain(a);
    expect(svg).not.toMatch(/<script|<style|href|on[a-z]+=|javascript:/i);
    expect(svg).toContain('<title>Open findings per run: 2026-11-23 1 critical, 3 high, 0 medium, 2 low, 0 info;');
    expect(svg).toContain('(incomplete)');
    // well-formed enough for an XML parser: every tag closed
    expect((svg.match(/<g /g) ?? []).length).toBe((svg.match(/<\/g>/g) ?? []).length);
  });

  it('escapes text', () => {
    const svg = renderTrendSvg([{ ...run('2026-11-25', { high: 1 }), date: '2026-11-25' }, { ...run('2026-11-26', {}), date: '<b>&"' as string }]);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;&amp;&quot;');
  });

  it('handles no runs and all-zero runs', () => {
    expect(renderTrendSvg([])).toContain('No archived runs yet');
    const c = trendChart([run('2026-11-25', {})]);
    expect(c.bars[0].segments).toEqual([]);
    expect(c.lastTotal?.text).toBe('0');
  });
});
