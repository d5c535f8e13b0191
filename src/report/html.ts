// The HTML report: one self-contained file (inline CSS, inline SVG, one small inline script, no external assets),
// readable with JavaScript disabled, in mail clients and on paper.
//
// Safety rules (account data - user names, tags, Sids - is attacker-influenced):
// - templates use Handlebars' default {{ }} escaping only; no {{{ }}} / {{& }}, no helpers returning SafeString
//   (test/report/html.test.ts scans the templates for both);
// - all data is prepared here as plain strings/numbers (the view model); templates do not compute;
// - the inline script reads data-* attributes and select values only, never evaluates report data, never uses
//   innerHTML;
// - a Content-Security-Policy <meta> allows exactly the inline <script> and <style> by their sha256 hashes (computed at
//   render time from what was actually rendered) and nothing else: no other script, no inline event handlers, no
//   network (images, fonts, frames, forms). Even if escaping failed somewhere, injected markup could not run code.
import { AGENT_CRITERIA } from '../agents/posture.js';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { SEVERITIES, type Compliance, type Severity, type Status, type Thresholds } from '../checks/types.js';
import type { Gap } from '../snapshot.js';
import type { AuditReport, ComplianceControlResult, ComplianceFrameworkResult, ControlStatus, ReportFinding } from './model.js';
import { SEVERITY_COLOR } from './colors.js';
import { findTemplatesDir } from './templates-dir.js';
import { trendChart, trendText, trendSeries, type TrendChart } from './trend.js';

export interface HtmlOptions {
  /** Directory holding report.hbs and partials/*.hbs; defaults to the package's report-templates/. */
  templatesDir?: string;
  /** Findings listed per check (the most severe first); 0: all. Default DEFAULT_HTML_FINDINGS_PER_CHECK. */
  maxFindingsPerCheck?: number;
}

/**
 * The HTML report is for people: past a few hundred findings of one check, a list stops being read, and a report of
 * tens of thousands of findings (hundreds of MB) no longer opens in a browser or fits in a mail. So it lists at most
 * this many findings per check, most severe first, and says how many more the JSON and CSV reports (always complete)
 * have. Counts, charts, the compliance view and the diff still count every finding.
 */
export const DEFAULT_HTML_FINDINGS_PER_CHECK = 200;

// ---------------------------------------------------------------------------------------------------------------
// View model

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export { SEVERITY_COLOR };

const STATUS_LABEL: Record<Status, string> = { PASS: 'Pass', FAIL: 'Fail', NOT_ASSESSED: 'Not assessed', NOT_APPLICABLE: 'Not applicable' };
const STATUS_CLASS: Record<Status, string> = { PASS: 'pass', FAIL: 'fail', NOT_ASSESSED: 'na', NOT_APPLICABLE: 'notapplicable' };

const THRESHOLD_LABEL: Record<keyof Thresholds, [string, string]> = {
  accessKeyMaxAgeDays: ['Access key maximum age', 'days'],
  accessKeyUnusedDays: ['Access key unused for', 'days'],
  passwordUnusedDays: ['Console password unused for', 'days'],
  roleUnusedDays: ['Role unused for', 'days'],
  rootUsedDays: ['Root user used within', 'days'],
  passwordMinLength: ['Minimum password length', 'characters'],
  passwordReusePrevention: ['Passwords remembered', ''],
};

interface DateView {
  iso: string;
  text: string;
}

interface FindingView {
  id: string;
  checkId: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  notAssessed: boolean;
  resourceArn: string;
  detail: string | null;
  message: string;
  evidence: string;
  remediation: string;
  cis: string[];
  securityHub: string[];
  hasCompliance: boolean;
  /** Set for a suppressed finding (rendered in the collapsed Suppressed section, outside the filters). */
  suppressed: { reason: string; expires: string | null; entry: number } | null;
}

interface GroupView {
  key: string;
  label: string;
  badgeClass: string;
  countText: string;
  findings: FindingView[];
  /** Findings of this group left out of the HTML (per-check cap), by check. */
  notListed: string | null;
}

/** Which findings the HTML lists: at most `limit` per check (and per list), in report order (most severe first). */
class FindingCap {
  private readonly counts = new Map<string, number>();
  readonly listed = new Set<string>();
  omitted = 0;

  constructor(private readonly limit: number) {}

  /** The findings of `list` to show, and a note naming the checks with findings left out. */
  take(list: readonly ReportFinding[]): { shown: ReportFinding[]; notListed: string | null } {
    const shown: ReportFinding[] = [];
    const left = new Map<string, number>();
    for (const f of list) {
      const n = this.counts.get(f.checkId) ?? 0;
      if (n >= this.limit) {
        left.set(f.checkId, (left.get(f.checkId) ?? 0) + 1);
        continue;
      }
      this.counts.set(f.checkId, n + 1);
      this.listed.add(f.id);
      shown.push(f);
    }
    let omitted = 0;
    for (const n of left.values()) omitted += n;
    this.omitted += omitted;
    const notListed = omitted
      ? `Not listed here: ${[...left].map(([id, n]) => `${n.toLocaleString('en-US')} more of ${id}`).join(', ')} (this report lists at most ${this.limit.toLocaleString('en-US')} findings per check; the JSON and CSV reports have every one).`
      : null;
    return { shown, notListed };
  }
}

export interface HtmlView {
  csp: string;
  tool: { name: string; version: string };
  account: { id: string; partition: string; callerArn: string | null };
  source: string;
  generatedAt: DateView;
  collectedAt: DateView;
  credentialReportGeneratedAt: DateView | null;
  incomplete: boolean;
  gaps: Array<Gap & { hasMessage: boolean }>;
  hasGaps: boolean;
  gapsHeading: string;
  notAssessedChecks: Array<{ id: string; title: string; reason: string }>;
  hasNotAssessedChecks: boolean;
  verdict: { text: string; tone: string };
  severityTiles: Array<{ severity: Severity; label: string; count: number }>;
  notAssessedCount: number;
  checkTotals: { total: number; passed: number; failed: number; notAssessed: number };
  chart: {
    width: number;
    height: number;
    label: string;
    bars: Array<{ label: string; count: number; color: string; y: number; textY: number; width: number; countX: number }>;
    axisX: number;
  };
  checks: Array<{
    id: string;
    title: string;
    severity: Severity;
    severityLabel: string;
    statusLabel: string;
    statusClass: string;
    evaluated: number;
    failed: number;
    reason: string | null;
    cis: string[];
    securityHub: string[];
    hasCompliance: boolean;
  }>;
  hasChecks: boolean;
  findingsCountText: string;
  hasFindings: boolean;
  noFindingsText: string;
  filters: {
    severities: Array<{ value: string; label: string }>;
    checks: Array<{ value: string; label: string }>;
  };
  groups: GroupView[];
  thresholds: Array<{ label: string; value: string }>;
  suppressedNote: string | null;
  suppression: SuppressionView;
  compliance: FrameworkView[];
  agents: AgentsView | null;
  diff: DiffView | null;
  trend: TrendView | null;
}

interface TrendView {
  chart: TrendChart;
  text: string | null;
  runs: number;
}

function trendView(report: AuditReport): TrendView | null {
  if (!report.trend?.length) return null;
  const runs = trendSeries(report.trend);
  return { chart: trendChart(runs), text: trendText(runs), runs: runs.length };
}

interface DiffItem {
  id: string;
  severity: Severity;
  severityLabel: string;
  checkId: string;
  resourceArn: string;
  message: string;
  link: boolean;
}

interface DiffView {
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

function diffView(report: AuditReport, listed: ReadonlySet<string>, maxItems: number): DiffView | null {
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
      ? `${plural(d.unverified.length, 'finding')} open before could not be re-checked this time (the check was not assessed): not counted as resolved.`
      : null,
  };
}

interface AgentsView {
  criteria: Array<{ checkId: string; label: string }>;
  rows: Array<{
    name: string;
    arn: string;
    kind: string;
    selectedBy: string;
    boundary: string;
    cells: Array<{ text: string; statusClass: string; title: string }>;
    write: number;
    permissionsManagement: number;
    unresolved: string;
    activity: { summary: string; writes: Array<{ time: string; name: string; source: string }> } | null;
  }>;
}

const CRITERION_VIEW: Record<string, { text: string; statusClass: string }> = {
  PASS: { text: 'pass', statusClass: 'pass' },
  FAIL: { text: 'fail', statusClass: 'fail' },
  NOT_ASSESSED: { text: 'n/a?', statusClass: 'na' },
  'N/A': { text: '—', statusClass: 'none' },
};

function agentsView(report: AuditReport): AgentsView | null {
  if (!report.agents?.length) return null;
  return {
    criteria: AGENT_CRITERIA.map((c) => ({ checkId: c.checkId, label: c.label })),
    rows: report.agents.map((a) => ({
      name: a.name,
      arn: a.arn,
      kind: a.kind,
      selectedBy: a.selectedBy,
      boundary: a.permissionsBoundary ? a.permissionsBoundary.slice(a.permissionsBoundary.lastIndexOf('/') + 1) : 'none',
      cells: AGENT_CRITERIA.map((c) => {
        const status = a.criteria[c.checkId] ?? 'NOT_ASSESSED';
        const v = CRITERION_VIEW[status];
        return { text: status === 'NOT_ASSESSED' ? 'not assessed' : v.text, statusClass: v.statusClass, title: `${c.checkId}: ${status}` };
      }),
      write: a.blastRadius.write,
      permissionsManagement: a.blastRadius.permissionsManagement,
      unresolved: a.blastRadius.unresolvedPolicies.join(', '),
      activity: a.activity
        ? {
            summary: `${a.activity.truncated ? 'at least ' : ''}${plural(a.activity.readEvents, 'read')}, ${plural(a.activity.writeEvents, 'write')} in the last 24 hours`,
            writes: a.activity.writes.map((w) => ({ time: dateView(w.eventTime).text, name: w.eventName, source: w.eventSource })),
          }
        : null,
    })),
  };
}

interface FindingRef {
  id: string;
  label: string;
  title: string;
  /** Listed in this HTML (the per-check cap may leave it out): the ref links to it. */
  linked: boolean;
}

interface ControlView {
  id: string;
  anchor: string;
  title: string;
  assessment: string | null;
  level: string | null;
  statusLabel: string;
  statusClass: string;
  reason: string | null;
  checks: Array<{ id: string; statusLabel: string; statusClass: string }>;
  excludedChecks: string[];
  hasExcluded: boolean;
  hasRefs: boolean;
  findings: FindingRef[];
  hasFindings: boolean;
  findingsMore: string | null;
  suppressedFindings: FindingRef[];
  hasSuppressed: boolean;
  suppressedMore: string | null;
}

interface FrameworkView {
  key: string;
  name: string;
  version: string;
  scope: string;
  summaryText: string;
  controls: ControlView[];
}

interface SuppressionEntryView {
  entry: number;
  checkId: string;
  resource: string;
  reason: string;
  expires: string | null;
  note: string;
}

interface SuppressionView {
  show: boolean;
  source: string | null;
  countText: string;
  findings: FindingView[];
  hasFindings: boolean;
  notListed: string | null;
  expired: SuppressionEntryView[];
  hasExpired: boolean;
  unmatched: SuppressionEntryView[];
  hasUnmatched: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function dateView(iso: string): DateView {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return { iso, text: iso };
  const d = new Date(ms).toISOString(); // UTC, so the same report renders the same everywhere
  return { iso, text: `${d.slice(0, 10)} ${d.slice(11, 19)} UTC` };
}

function complianceView(c: Compliance) {
  const cis = c.cis ?? [];
  const securityHub = c.securityHub ?? [];
  return { cis, securityHub, hasCompliance: cis.length + securityHub.length > 0 };
}

const JSON_WIDTH = 76;

/**
 * Indented JSON for people: an array or object that fits on one line (JSON_WIDTH columns, counting indentation and
 * key) stays on one line, so `"Action": ["*"]` does not take three lines. The result is still valid JSON.
 */
export function prettyJson(value: unknown): string {
  let plain: unknown;
  try {
    plain = JSON.parse(JSON.stringify(value ?? {})); // drops undefined, applies toJSON, like the JSON report
  } catch {
    return String(value);
  }
  return layout(plain, '', 0);
}

function oneLine(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')} }` : '{}';
}

function layout(value: unknown, indent: string, prefix: number): string {
  const line = oneLine(value);
  if (value === null || typeof value !== 'object' || indent.length + prefix + line.length <= JSON_WIDTH) return line;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + layout(v, inner, 0)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).map(([k, v]) => {
    const key = `${JSON.stringify(k)}: `;
    return inner + key + layout(v, inner, key.length);
  });
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function findingView(f: ReportFinding): FindingView {
  return {
    id: f.id,
    checkId: f.checkId,
    title: f.title,
    severity: f.severity,
    severityLabel: SEVERITY_LABEL[f.severity],
    notAssessed: f.status === 'NOT_ASSESSED',
    resourceArn: f.resourceArn,
    detail: f.detail ?? null,
    message: f.message,
    evidence: prettyJson(f.evidence),
    remediation: f.remediation,
    ...complianceView(f.compliance),
    suppressed: f.suppressed ? { reason: f.suppressed.reason, expires: f.suppressed.expires ?? null, entry: f.suppressed.entry } : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Compliance view

const CONTROL_STATUS_CLASS: Record<ControlStatus, string> = { PASS: 'pass', FAIL: 'fail', NOT_ASSESSED: 'na', NOT_IMPLEMENTED: 'ni' };
/** Links per control and kind; the JSON report lists every finding id. */
const MAX_REFS = 12;

/** "user/alice", "root", "policy/ci/Deploy" (+ detail): short, and unique enough next to the check id. */
function resourceLabel(f: ReportFinding): string {
  const arn = f.resourceArn;
  const parts = arn.split(':');
  const resource = parts.length >= 6 ? parts.slice(5).join(':') : arn;
  return f.detail ? `${resource} (${f.detail})` : resource;
}

function controlStatusLabel(c: ComplianceControlResult): string {
  if (c.status === 'NOT_IMPLEMENTED') return c.assessment === 'Manual' ? 'Manual' : 'Not implemented';
  return { PASS: 'Pass', FAIL: 'Fail', NOT_ASSESSED: 'Not assessed' }[c.status];
}

function frameworkView(key: string, fw: ComplianceFrameworkResult, report: AuditReport, listed: ReadonlySet<string>): FrameworkView {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const outcome = new Map(report.checks.map((c) => [c.id, c]));
  const refs = (ids: string[]) => {
    const shown = ids.slice(0, MAX_REFS).map((id): FindingRef => {
      const f = byId.get(id);
      const linked = listed.has(id);
      const note = linked ? '' : ' (not listed in this HTML report: see the JSON or CSV report)';
      return f ? { id, label: resourceLabel(f), title: `${f.checkId}: ${f.message}${note}`, linked } : { id, label: id, title: id, linked };
    });
    return { shown, more: ids.length > MAX_REFS ? `and ${ids.length - MAX_REFS} more` : null };
  };
  const manual = fw.controls.filter((c) => c.status === 'NOT_IMPLEMENTED' && c.assessment === 'Manual').length;
  const s = fw.summary;
  return {
    key,
    name: fw.name,
    version: fw.version,
    scope: fw.scope,
    summaryText:
      `${plural(fw.controls.length, 'control')}: ${s.passed} passed, ${s.failed} failed, ${s.notAssessed} not assessed, ` +
      `${s.notImplemented} not implemented by this tool${manual ? ` (${manual} of them manual recommendations)` : ''}.`,
    controls: fw.controls.map((c) => {
      const findings = refs(c.findings);
      const suppressed = refs(c.suppressedFindings);
      const checks = c.checks.map((id) => {
        const status = outcome.get(id)?.status ?? 'NOT_ASSESSED';
        // A check that failed only with suppressed findings does not make the control fail: say so next to it.
        if (status === 'FAIL' && !report.findings.some((f) => f.checkId === id && f.status === 'FAIL' && !f.suppressed)) {
          return { id, statusLabel: 'Fail, suppressed', statusClass: 'suppressed' };
        }
        return { id, statusLabel: STATUS_LABEL[status], statusClass: STATUS_CLASS[status] };
      });
      return {
        id: c.id,
        anchor: `control-${key}-${c.id}`,
        title: c.title,
        assessment: c.assessment ?? null,
        level: c.level ? `Level ${c.level}` : null,
        statusLabel: controlStatusLabel(c),
        statusClass: CONTROL_STATUS_CLASS[c.status],
        reason: c.reason ?? null,
        checks,
        excludedChecks: c.excludedChecks ?? [],
        hasExcluded: (c.excludedChecks ?? []).length > 0,
        hasRefs: checks.length > 0 || (c.excludedChecks ?? []).length > 0,
        findings: findings.shown,
        hasFindings: findings.shown.length > 0,
        findingsMore: findings.more,
        suppressedFindings: suppressed.shown,
        hasSuppressed: suppressed.shown.length > 0,
        suppressedMore: suppressed.more,
      };
    }),
  };
}

function suppressionView(report: AuditReport, suppressedFindings: ReportFinding[], total: number, notListed: string | null): SuppressionView {
  const section = report.suppressions;
  const entry = (e: NonNullable<AuditReport['suppressions']>['unmatched'][number], note: string): SuppressionEntryView => ({
    entry: e.entry,
    checkId: e.checkId,
    resource: e.resource,
    reason: e.reason,
    expires: e.expires ?? null,
    note,
  });
  const expired = (section?.expired ?? []).map((e) =>
    entry(
      e,
      e.findings.length
        ? `${plural(e.findings.length, 'finding')} it covered count${e.findings.length === 1 ? 's' : ''} again`
        : 'it would cover no finding',
    ),
  );
  const unmatched = (section?.unmatched ?? []).map((e) => entry(e, 'matched no finding'));
  return {
    show: section !== undefined || total > 0,
    source: section?.source ?? null,
    countText: plural(total, 'suppressed finding'),
    findings: suppressedFindings.map(findingView),
    hasFindings: suppressedFindings.length > 0,
    notListed,
    expired,
    hasExpired: expired.length > 0,
    unmatched,
    hasUnmatched: unmatched.length > 0,
  };
}

const CHART = { labelWidth: 64, barMax: 220, countWidth: 40, row: 26, bar: 16 };

export function buildHtmlView(report: AuditReport, csp = '', maxFindingsPerCheck = DEFAULT_HTML_FINDINGS_PER_CHECK): HtmlView {
  const { summary } = report;
  const maxCount = Math.max(0, ...SEVERITIES.map((s) => summary.bySeverity[s] ?? 0));
  const bars = SEVERITIES.map((s, i) => {
    const count = summary.bySeverity[s] ?? 0;
    const width = maxCount === 0 ? 0 : Math.max(count > 0 ? 2 : 0, Math.round((count / maxCount) * CHART.barMax));
    const y = i * CHART.row + (CHART.row - CHART.bar) / 2;
    return {
      label: SEVERITY_LABEL[s],
      count,
      color: SEVERITY_COLOR[s],
      y,
      textY: y + CHART.bar / 2 + 4,
      width,
      countX: CHART.labelWidth + width + 6,
    };
  });

  // Suppressed findings are shown apart (collapsed), outside the groups, filters and counts.
  const active = report.findings.filter((f) => !f.suppressed);
  const suppressedFindings = report.findings.filter((f) => f.suppressed);
  const failing = active.filter((f) => f.status === 'FAIL');
  const notAssessedFindings = active.filter((f) => f.status === 'NOT_ASSESSED');
  const cap = new FindingCap(maxFindingsPerCheck > 0 ? maxFindingsPerCheck : Infinity);
  const groups: GroupView[] = [];
  for (const s of SEVERITIES) {
    const items = failing.filter((f) => f.severity === s);
    if (items.length === 0) continue;
    const { shown, notListed } = cap.take(items);
    groups.push({
      key: s,
      label: SEVERITY_LABEL[s],
      badgeClass: `sev-${s}`,
      countText: plural(items.length, 'finding'),
      findings: shown.map(findingView),
      notListed,
    });
  }
  if (notAssessedFindings.length > 0) {
    const { shown, notListed } = cap.take(notAssessedFindings);
    groups.push({
      key: 'not-assessed',
      label: 'Not assessed',
      badgeClass: 'status-na',
      countText: plural(notAssessedFindings.length, 'check'),
      findings: shown.map(findingView),
      notListed,
    });
  }
  const listedActive = cap.omitted;
  const suppressedListed = new FindingCap(maxFindingsPerCheck > 0 ? maxFindingsPerCheck : Infinity).take(suppressedFindings);
  const listed = new Set([...cap.listed, ...suppressedListed.shown.map((f) => f.id)]);

  const checkCounts = new Map<string, number>();
  for (const f of active) checkCounts.set(f.checkId, (checkCounts.get(f.checkId) ?? 0) + 1);
  const severityCounts = new Map<Severity, number>();
  for (const f of active) severityCounts.set(f.severity, (severityCounts.get(f.severity) ?? 0) + 1);

  const notAssessedChecks = report.checks
    .filter((c) => c.status === 'NOT_ASSESSED')
    .map((c) => ({ id: c.id, title: c.title, reason: c.reason ?? 'no reason recorded' }));

  const failedTotal = SEVERITIES.reduce((n, s) => n + (summary.bySeverity[s] ?? 0), 0);
  const worst = SEVERITIES.find((s) => (summary.bySeverity[s] ?? 0) > 0);
  const incomplete = report.gaps.length > 0 || notAssessedChecks.length > 0;
  const verdict = worst
    ? {
        text: `${plural(failedTotal, 'failed finding')}; the most severe is ${SEVERITY_LABEL[worst].toLowerCase()}.`,
        tone: worst,
      }
    : { text: 'No failed findings.', tone: incomplete ? 'incomplete' : 'clean' };
  if (incomplete) verdict.text += ` The audit is incomplete: ${plural(notAssessedChecks.length, 'check')} not assessed.`;

  return {
    csp,
    tool: { name: report.tool.name, version: report.tool.version },
    account: { id: report.account.id, partition: report.account.partition, callerArn: report.account.callerArn ?? null },
    source: report.source,
    generatedAt: dateView(report.generatedAt),
    collectedAt: dateView(report.collectedAt),
    credentialReportGeneratedAt: report.credentialReportGeneratedAt ? dateView(report.credentialReportGeneratedAt) : null,
    incomplete,
    gaps: report.gaps.map((g) => ({ ...g, hasMessage: g.message.length > 0 })),
    hasGaps: report.gaps.length > 0,
    gapsHeading: report.gaps.length
      ? `Audit incomplete: ${plural(report.gaps.length, 'part', 'parts')} of the account could not be collected`
      : 'Audit incomplete: some checks could not be assessed',
    notAssessedChecks,
    hasNotAssessedChecks: notAssessedChecks.length > 0,
    verdict,
    severityTiles: SEVERITIES.map((s) => ({ severity: s, label: SEVERITY_LABEL[s], count: summary.bySeverity[s] ?? 0 })),
    notAssessedCount: summary.checks.notAssessed,
    checkTotals: { ...summary.checks },
    chart: {
      width: CHART.labelWidth + CHART.barMax + CHART.countWidth,
      height: SEVERITIES.length * CHART.row,
      label: `Failed findings by severity: ${SEVERITIES.map((s) => `${SEVERITY_LABEL[s]} ${summary.bySeverity[s] ?? 0}`).join(', ')}`,
      bars,
      axisX: CHART.labelWidth - 0.5,
    },
    checks: report.checks.map((c) => ({
      id: c.id,
      title: c.title,
      severity: c.severity,
      severityLabel: SEVERITY_LABEL[c.severity],
      statusLabel: STATUS_LABEL[c.status],
      statusClass: STATUS_CLASS[c.status],
      evaluated: c.evaluated,
      failed: c.failed,
      reason: c.reason ?? null,
      ...complianceView(c.compliance),
    })),
    hasChecks: report.checks.length > 0,
    findingsCountText:
      plural(active.length, 'finding') +
      (suppressedFindings.length ? ` (${suppressedFindings.length} suppressed, listed apart)` : '') +
      (listedActive ? `; ${(active.length - listedActive).toLocaleString('en-US')} listed, at most ${maxFindingsPerCheck} per check` : ''),
    hasFindings: active.length > 0,
    noFindingsText: suppressedFindings.length
      ? 'No findings other than suppressed ones (see Suppressed below).'
      : 'No findings: every assessed check passed.',
    filters: {
      severities: SEVERITIES.filter((s) => severityCounts.has(s)).map((s) => ({
        value: s,
        label: `${SEVERITY_LABEL[s]} (${severityCounts.get(s)})`,
      })),
      checks: [...checkCounts.keys()].sort().map((id) => ({ value: id, label: `${id} (${checkCounts.get(id)})` })),
    },
    groups,
    thresholds: (Object.keys(THRESHOLD_LABEL) as Array<keyof Thresholds>)
      .filter((k) => report.thresholds[k] !== undefined)
      .map((k) => ({
        label: THRESHOLD_LABEL[k][0],
        value: `${report.thresholds[k]}${THRESHOLD_LABEL[k][1] ? ` ${THRESHOLD_LABEL[k][1]}` : ''}`,
      })),
    suppressedNote: suppressedFindings.length
      ? `${plural(suppressedFindings.length, 'suppressed finding')} ${suppressedFindings.length === 1 ? 'is' : 'are'} not counted here.`
      : null,
    suppression: suppressionView(report, suppressedListed.shown, suppressedFindings.length, suppressedListed.notListed),
    compliance: report.compliance
      ? [frameworkView('cis', report.compliance.cis, report, listed), frameworkView('securityHub', report.compliance.securityHub, report, listed)]
      : [],
    agents: agentsView(report),
    diff: diffView(report, listed, maxFindingsPerCheck > 0 ? maxFindingsPerCheck : Infinity),
    trend: trendView(report),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Templates

interface Compiled {
  render: (view: HtmlView) => string;
  scriptHash: string;
  styleHash: string;
}

const cache = new Map<string, Compiled>();

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Only the inline script and style (by hash); nothing may be fetched, framed, submitted or based elsewhere. */
export function contentSecurityPolicy(scriptHash: string, styleHash: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptHash}`,
    `style-src ${styleHash}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function compile(dir: string): Compiled {
  const hbs = Handlebars.create();
  const options: CompileOptions = { strict: true, preventIndent: true };
  const partialsDir = join(dir, 'partials');
  const partialSources = new Map<string, string>();
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    const source = readFileSync(join(partialsDir, file), 'utf8');
    partialSources.set(basename(file, '.hbs'), source);
    hbs.registerPartial(basename(file, '.hbs'), hbs.compile(source, options));
  }
  // report.hbs includes these as <script>{{> script}}</script> and <style>{{> styles}}</style>: inline, so the element's
  // text is exactly the partial's output. Both are static (no expressions), so render them once to get that text.
  const staticText = (name: string) => {
    const source = partialSources.get(name);
    if (source === undefined) throw new Error(`report template partial ${name}.hbs is missing in ${partialsDir}`);
    return hbs.compile(source, options)({});
  };
  // The trend chart is the email's (one SVG template for both; it uses presentation attributes only, which the CSP
  // allows: no style attribute, no script).
  hbs.registerPartial('trend-chart', hbs.compile(readFileSync(join(dir, 'email', 'partials', 'trend-chart.hbs'), 'utf8'), options));
  const template = hbs.compile(readFileSync(join(dir, 'report.hbs'), 'utf8'), options);
  return {
    render: (view) => template(view),
    scriptHash: sha256(staticText('script')),
    styleHash: sha256(staticText('styles')),
  };
}

/** The text of the first <tag>…</tag> element; report data is escaped, so it cannot open one of its own. */
function elementText(html: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html);
  return m?.[1];
}

export function renderHtml(report: AuditReport, options: HtmlOptions = {}): string {
  const dir = options.templatesDir ?? findTemplatesDir();
  let compiled = cache.get(dir);
  if (!compiled) {
    compiled = compile(dir);
    cache.set(dir, compiled);
  }
  const html = compiled.render(
    buildHtmlView(report, contentSecurityPolicy(compiled.scriptHash, compiled.styleHash), options.maxFindingsPerCheck ?? DEFAULT_HTML_FINDINGS_PER_CHECK),
  );
  // Guard against template edits that change what ends up inside <script>/<style> (the browser would then block it).
  for (const [tag, hash] of [
    ['script', compiled.scriptHash],
    ['style', compiled.styleHash],
  ] as const) {
    const text = elementText(html, tag);
    if (text === undefined || sha256(text) !== hash) {
      throw new Error(`report template bug: the inline <${tag}> does not match its CSP hash`);
    }
  }
  return html;
}
