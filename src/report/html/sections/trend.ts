// The trend section of the HTML report (the chart is the email's template).
import type { AuditReport } from '../../model.js';
import { trendChart, trendSeries, trendText, type TrendChart } from '../../trend.js';

export interface TrendView {
  chart: TrendChart;
  text: string | null;
  runs: number;
}

export function trendView(report: AuditReport): TrendView | null {
  if (!report.trend?.length) return null;
  const runs = trendSeries(report.trend);
  return { chart: trendChart(runs), text: trendText(runs), runs: runs.length };
}
