// The HTML report's view model: everything the templates show, prepared as plain strings and numbers.
import { SEVERITIES, type Severity, type Thresholds } from '../../vocabulary.js';
import { gapAdvice } from '../../collect/classify.js';
import type { Gap } from '../../snapshot/snapshot.js';
import type { AuditReport } from '../model.js';
import { dateView, plural, SEVERITY_LABEL, type DateView, shownFrameworks } from './common.js';
import { accessAnalyzerView, type AccessAnalyzerView } from './sections/access-analyzer.js';
import { agentsView, type AgentsView } from './sections/agents.js';
import { otherChecksView, type OtherChecksView } from './sections/checks.js';
import { frameworkView, type FrameworkView } from './sections/compliance.js';
import { diffView, type DiffView } from './sections/diff.js';
import { FindingCap, findingRows, type FindingRowView } from './sections/findings.js';
import { fixFirstView, type FixFirstView } from './sections/fix-first.js';
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
  /** The headline's last words: "complete" or "incomplete", and its tone. */
  completeness: { text: string; tone: string };
  /** The one-line incomplete-audit notice (links to the gaps), or null. */
  incompleteNotice: string | null;
  severityTiles: Array<{ severity: Severity; label: string; count: number }>;
  notAssessedCount: number;
  /** Checks whose population is empty in this account: shown apart, never as passed. */
  notApplicableCount: number;
  checkTotals: { total: number; passed: number; failed: number; notAssessed: number; notApplicable: number };
  fixFirst: FixFirstView[];
  hasFixFirst: boolean;
  findingsCountText: string;
  hasFindings: boolean;
  noFindingsText: string;
  filters: {
    severities: Array<{ value: string; label: string }>;
    checks: Array<{ value: string; label: string }>;
  };
  rows: FindingRowView[];
  otherChecks: OtherChecksView;
  thresholds: Array<{ label: string; value: string }>;
  suppressedNote: string | null;
  suppression: SuppressionView;
  compliance: FrameworkView[];
  agents: AgentsView | null;
  accessAnalyzer: AccessAnalyzerView | null;
  diff: DiffView | null;
  trend: TrendView | null;
}

export function buildHtmlView(report: AuditReport, csp = '', maxFindingsPerCheck = DEFAULT_HTML_FINDINGS_PER_CHECK): HtmlView {
  const { summary } = report;
  // Suppressed findings are shown apart (collapsed), outside the table, filters and counts.
  const active = report.findings.filter((f) => !f.suppressed);
  const suppressedFindings = report.findings.filter((f) => f.suppressed);
  const notAssessedChecks = report.checks
    .filter((c) => c.status === 'NOT_ASSESSED')
    .map((c) => ({ id: c.id, title: c.title, reason: c.reason ?? 'no reason recorded' }));
  const failingChecks = new Set(report.checks.filter((c) => c.status === 'FAIL').map((c) => c.id));

  const cap = new FindingCap(maxFindingsPerCheck > 0 ? maxFindingsPerCheck : Infinity);
  const rows = findingRows(active, cap, failingChecks, shownFrameworks(report));
  const listedActive = cap.omitted;
  const suppressedListed = new FindingCap(maxFindingsPerCheck > 0 ? maxFindingsPerCheck : Infinity).take(suppressedFindings);
  const listed = new Set([...cap.listed, ...suppressedListed.shown.map((f) => f.id)]);
  // Where each check's id="check-<id>" target is: its first table row, the gaps list, or the other checks' table.
  const anchoredElsewhere = new Set([...rows.flatMap((r) => (r.checkAnchor ? [r.checkId] : [])), ...notAssessedChecks.map((c) => c.id)]);

  const checkCounts = new Map<string, number>();
  for (const f of active) checkCounts.set(f.checkId, (checkCounts.get(f.checkId) ?? 0) + 1);
  const severityCounts = new Map<Severity, number>();
  for (const f of active) if (f.status === 'FAIL') severityCounts.set(f.severity, (severityCounts.get(f.severity) ?? 0) + 1);
  const notAssessedCount = active.filter((f) => f.status === 'NOT_ASSESSED').length;

  const fixFirst = fixFirstView(report.findings, listed);
  // A report written before NOT_APPLICABLE existed has no such count: derive it from the outcomes.
  const notApplicable = summary.checks.notApplicable ?? report.checks.filter((c) => c.status === 'NOT_APPLICABLE').length;

  const incomplete = report.gaps.length > 0 || notAssessedChecks.length > 0;
  const worst = SEVERITIES.find((s) => (summary.bySeverity[s] ?? 0) > 0);
  const incompleteParts = [
    ...(report.gaps.length ? [`${plural(report.gaps.length, 'part')} of the account could not be collected`] : []),
    ...(notAssessedChecks.length ? [`${plural(notAssessedChecks.length, 'check')} not assessed`] : []),
  ];

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
    completeness: incomplete ? { text: 'audit incomplete', tone: 'incomplete' } : { text: 'audit complete', tone: worst ?? 'clean' },
    incompleteNotice: incomplete ? `Audit incomplete: ${incompleteParts.join(', ')}.` : null,
    severityTiles: SEVERITIES.map((s) => ({ severity: s, label: SEVERITY_LABEL[s], count: summary.bySeverity[s] ?? 0 })),
    notAssessedCount: summary.checks.notAssessed,
    notApplicableCount: notApplicable,
    checkTotals: { ...summary.checks, notApplicable },
    fixFirst,
    hasFixFirst: fixFirst.length > 0,
    findingsCountText:
      plural(active.length, 'finding') +
      (rows.length < active.length ? ` in ${plural(rows.length, 'row')}` : '') +
      (suppressedFindings.length ? ` (${suppressedFindings.length} suppressed, listed apart)` : '') +
      (listedActive ? `; ${(active.length - listedActive).toLocaleString('en-US')} listed, at most ${maxFindingsPerCheck} per check` : ''),
    hasFindings: active.length > 0,
    noFindingsText: suppressedFindings.length
      ? 'No findings other than suppressed ones (see Suppressed below).'
      : `No findings: every assessed check passed${notApplicable ? ` (${plural(notApplicable, 'check')} had nothing to judge in this account)` : ''}.`,
    filters: {
      severities: [
        ...SEVERITIES.filter((s) => severityCounts.has(s)).map((s) => ({ value: s as string, label: `${SEVERITY_LABEL[s]} (${severityCounts.get(s)})` })),
        ...(notAssessedCount ? [{ value: 'not-assessed', label: `Not assessed (${notAssessedCount})` }] : []),
      ],
      checks: [...checkCounts.keys()].sort().map((id) => ({ value: id, label: `${id} (${checkCounts.get(id)})` })),
    },
    rows,
    otherChecks: otherChecksView(report, anchoredElsewhere),
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
    accessAnalyzer: accessAnalyzerView(report),
    diff: diffView(report, listed, maxFindingsPerCheck > 0 ? maxFindingsPerCheck : Infinity),
    trend: trendView(report),
  };
}
