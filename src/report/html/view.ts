// The HTML report's view model: everything the templates show, prepared as plain strings and numbers.
import { SEVERITIES, type Severity, type Thresholds } from '../../vocabulary.js';
import { gapAdvice } from '../../collect/classify.js';
import type { Gap } from '../../snapshot/snapshot.js';
import { SEVERITY_COLOR } from '../colors.js';
import type { AuditReport } from '../model.js';
import { complianceView, type ComplianceChip, dateView, shownFrameworks, plural, SEVERITY_LABEL, STATUS_CLASS, STATUS_LABEL, type DateView } from './common.js';
import { agentsView, type AgentsView } from './sections/agents.js';
import { frameworkView, type FrameworkView } from './sections/compliance.js';
import { diffView, type DiffView } from './sections/diff.js';
import { FindingCap, findingView, type GroupView } from './sections/findings.js';
import { suppressionView, type SuppressionView } from './sections/suppressions.js';
import { trendView, type TrendView } from './sections/trend.js';

/**
 * The HTML report is for people: past a few hundred findings of one check, a list stops being read, and a report of
 * tens of thousands of findings (hundreds of MB) no longer opens in a browser or fits in a mail. So it lists at most
 * this many findings per check, most severe first, and says how many more the JSON and CSV reports (always complete)
 * have. Counts, charts, the compliance view and the diff still count every finding.
 */
export const DEFAULT_HTML_FINDINGS_PER_CHECK = 200;

const THRESHOLD_LABEL: Record<keyof Thresholds, [string, string]> = {
  accessKeyMaxAgeDays: ['Access key maximum age', 'days'],
  accessKeyUnusedDays: ['Access key unused for', 'days'],
  passwordUnusedDays: ['Console password unused for', 'days'],
  roleUnusedDays: ['Role unused for', 'days'],
  rootUsedDays: ['Root user used within', 'days'],
  passwordMinLength: ['Minimum password length', 'characters'],
  passwordReusePrevention: ['Passwords remembered', ''],
};

export interface HtmlView {
  csp: string;
  tool: { name: string; version: string };
  account: { id: string; partition: string; callerArn: string | null };
  source: string;
  generatedAt: DateView;
  collectedAt: DateView;
  credentialReportGeneratedAt: DateView | null;
  incomplete: boolean;
  /** advice: what to do about this gap's cause (gapAdvice: auditor policy, the export flag, retry later, ...). */
  gaps: Array<Gap & { hasMessage: boolean; advice: string }>;
  hasGaps: boolean;
  gapsHeading: string;
  notAssessedChecks: Array<{ id: string; title: string; reason: string }>;
  hasNotAssessedChecks: boolean;
  verdict: { text: string; tone: string };
  severityTiles: Array<{ severity: Severity; label: string; count: number }>;
  notAssessedCount: number;
  /** Checks whose population is empty in this account: shown apart, never as passed. */
  notApplicableCount: number;
  checkTotals: { total: number; passed: number; failed: number; notAssessed: number; notApplicable: number };
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
    chips: ComplianceChip[];
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

  const frameworks = shownFrameworks(report);
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
      findings: shown.map((f) => findingView(f, frameworks)),
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
      findings: shown.map((f) => findingView(f, frameworks)),
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

  // A report written before NOT_APPLICABLE existed has no such count: derive it from the outcomes.
  const notApplicable = summary.checks.notApplicable ?? report.checks.filter((c) => c.status === 'NOT_APPLICABLE').length;

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
    gaps: report.gaps.map((g) => ({ ...g, hasMessage: g.message.length > 0, advice: gapAdvice(g) })),
    hasGaps: report.gaps.length > 0,
    gapsHeading: report.gaps.length
      ? `Audit incomplete: ${plural(report.gaps.length, 'part', 'parts')} of the account could not be collected`
      : 'Audit incomplete: some checks could not be assessed',
    notAssessedChecks,
    hasNotAssessedChecks: notAssessedChecks.length > 0,
    verdict,
    severityTiles: SEVERITIES.map((s) => ({ severity: s, label: SEVERITY_LABEL[s], count: summary.bySeverity[s] ?? 0 })),
    notAssessedCount: summary.checks.notAssessed,
    notApplicableCount: notApplicable,
    checkTotals: { ...summary.checks, notApplicable },
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
      ...complianceView(c.compliance, frameworks),
    })),
    hasChecks: report.checks.length > 0,
    findingsCountText:
      plural(active.length, 'finding') +
      (suppressedFindings.length ? ` (${suppressedFindings.length} suppressed, listed apart)` : '') +
      (listedActive ? `; ${(active.length - listedActive).toLocaleString('en-US')} listed, at most ${maxFindingsPerCheck} per check` : ''),
    hasFindings: active.length > 0,
    noFindingsText: suppressedFindings.length
      ? 'No findings other than suppressed ones (see Suppressed below).'
      : `No findings: every assessed check passed${notApplicable ? ` (${plural(notApplicable, 'check')} had nothing to judge in this account)` : ''}.`,
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
      ? Object.values(report.compliance).map((fw) => frameworkView(fw, report, listed))
      : [],
    agents: agentsView(report),
    diff: diffView(report, listed, maxFindingsPerCheck > 0 ? maxFindingsPerCheck : Infinity),
    trend: trendView(report),
  };
}
