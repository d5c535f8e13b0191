// The "since the previous report" section of the HTML report.
import type { Severity } from '../../../vocabulary.js';
import type { AuditReport } from '../../model.js';
import { dateView, plural, SEVERITY_LABEL } from '../common.js';

interface DiffItem {
  id: string;
  severity: Severity;
  severityLabel: string;
  checkId: string;
  resourceArn: string;
  message: string;
  link: boolean;
}

export interface DiffView {
  since: string;
  summary: string;
  newItems: DiffItem[];
  resolvedItems: DiffItem[];
  changed: Array<{ id: string; checkId: string; resourceArn: string; from: string; to: string; link: boolean }>;
  /** "and N more" under a list cut at maxItems. */
  newMore: string | null;
  resolvedMore: string | null;
  changedMore: string | null;
  unverifiedNote: string | null;
}

export function diffView(report: AuditReport, listed: ReadonlySet<string>, maxItems: number): DiffView | null {
  const d = report.diff;
  if (!d) return null;
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const item = (f: { id: string; severity: Severity; checkId: string; resourceArn: string; message: string }, link: boolean): DiffItem => ({
    id: f.id,
    severity: f.severity,
    severityLabel: SEVERITY_LABEL[f.severity],
    checkId: f.checkId,
    resourceArn: f.resourceArn,
    message: f.message,
    link,
  });
  const more = (total: number) => (total > maxItems ? `and ${(total - maxItems).toLocaleString('en-US')} more (the JSON report's diff has them all)` : null);
  const newItems = d.new
    .slice(0, maxItems)
    .flatMap((id) => (byId.has(id) ? [item(byId.get(id)!, listed.has(id))] : []));
  return {
    since: d.previousGeneratedAt ? dateView(d.previousGeneratedAt).text : 'no previous report',
    summary: `${plural(d.new.length, 'new finding')}, ${d.resolved.length} resolved, ${d.stillOpen.length} still open${d.suppressed.length ? `, ${d.suppressed.length} suppressed since` : ''}.`,
    newItems,
    resolvedItems: d.resolved.slice(0, maxItems).map((f) => item(f, false)),
    changed: d.severityChanged.slice(0, maxItems).flatMap((c) => {
      const f = byId.get(c.id);
      return f ? [{ id: c.id, checkId: f.checkId, resourceArn: f.resourceArn, from: SEVERITY_LABEL[c.from], to: SEVERITY_LABEL[c.to], link: listed.has(c.id) }] : [];
    }),
    newMore: more(d.new.length),
    resolvedMore: more(d.resolved.length),
    changedMore: more(d.severityChanged.length),
    unverifiedNote: d.unverified.length
      ? `${plural(d.unverified.length, 'finding')} open before could not be re-checked this time (the check was not assessed, or had nothing to judge while the resource may still exist): not counted as resolved.`
      : null,
  };
}
