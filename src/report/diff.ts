// Run-to-run diff: what is new, what was resolved, what is still open, between two JSON reports of one account.
//
// Findings are matched by their stable `id` (a hash of check id + resource + detail, see checks/run.ts).
// "Open" means status FAIL and not suppressed: a finding with a truthy `suppressed` field (suppressions are being
// added to the report model) counts as not open, whatever its status.
//
// Resolved must mean "checked again and no longer failing". So a finding that was open before is
//   - resolved      when its check ran today (PASS or FAIL outcome) and the finding is not open;
//   - suppressed    when it is still reported but suppressed now (accepted risk, not fixed);
//   - unverified    when its check did not run today (NOT_ASSESSED after an AccessDenied, or excluded/removed):
//                   an incomplete audit cannot vouch that anything was fixed.
// A check that is NOT_APPLICABLE today (its population is empty: no AI agents, no IAM users, ...) judged nothing, so
// it vouches for nothing either: the finding is resolved only when its resource is gone from the account audited now
// (options.resourceExists says so), else unverified. The population can empty without anything being fixed: agent
// checks judge the principals the agent selector picks (tags, --agent-* options), so removing a tag, or a run with a
// different selector, empties it while the role keeps every permission it had. Without resourceExists (e.g. a diff of
// two archived reports) nothing is known about the resource, so such findings stay unverified.
// Pure: (previous, current) -> diff; previous may be null (the first run: every open finding is new).
import { z } from 'zod';
import { compareFindings } from '../checks/run.js';
import { SEVERITIES, type Finding, type Severity } from '../vocabulary.js';
import type { ReportDiffSection } from './model.js';

/** The parts of a report the diff reads; older or newer report versions only need these. */
export interface DiffableReport {
  generatedAt: string;
  account: { id: string };
  checks: ReadonlyArray<{ id: string; status: string }>;
  findings: ReadonlyArray<Finding & { suppressed?: unknown }>;
}

export interface SeverityChange {
  finding: Finding;
  from: Severity;
  to: Severity;
}

export interface ReportDiff {
  /** generatedAt of the previous report, or null on a first run. */
  previousGeneratedAt: string | null;
  currentGeneratedAt: string;
  /** Open now, not open in the previous report (or no previous report). Sorted by severity, check, resource. */
  new: Finding[];
  /** Open before; the check ran again and the finding is no longer open. The previous report's finding. */
  resolved: Finding[];
  /** Open before and now (the current report's finding). */
  stillOpen: Finding[];
  /** Still open findings whose severity changed. */
  severityChanged: SeverityChange[];
  /** Open before, suppressed now (the current report's finding). */
  suppressed: Finding[];
  /**
   * Open before, but their check was not assessed (or not run) now, or had nothing to judge (NOT_APPLICABLE) while the
   * resource may still exist: whether they were fixed is unknown.
   */
  unverified: Finding[];
  counts: {
    open: Record<Severity, number>;
    previousOpen: Record<Severity, number> | null;
    new: Record<Severity, number>;
    resolved: Record<Severity, number>;
  };
}

export function isOpen(finding: { status: string; suppressed?: unknown }): boolean {
  return finding.status === 'FAIL' && !finding.suppressed;
}

export function zeroCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

export function countBySeverity(findings: Iterable<{ severity: Severity }>): Record<Severity, number> {
  const counts = zeroCounts();
  for (const f of findings) if (f.severity in counts) counts[f.severity]++;
  return counts;
}

/** Open findings of a report by severity (FAIL, not suppressed). */
export function openCounts(report: { findings: ReadonlyArray<{ status: string; severity: Severity; suppressed?: unknown }> }): Record<Severity, number> {
  return countBySeverity(report.findings.filter(isOpen));
}

const sorted = (findings: Finding[]) => [...findings].sort(compareFindings);

export interface DiffOptions {
  /**
   * Whether a resource (ARN) still exists in the account audited now; false only when that is known (see
   * src/pipeline/resource-index.ts). Absent: unknown, so a finding of a now NOT_APPLICABLE check is unverified.
   */
  resourceExists?: (arn: string) => boolean;
}

export function diffReports(previous: DiffableReport | null, current: DiffableReport, options: DiffOptions = {}): ReportDiff {
  if (previous && previous.account.id !== current.account.id) {
    throw new Error(`cannot diff reports of different accounts (${previous.account.id} and ${current.account.id})`);
  }
  const currentOpen = current.findings.filter(isOpen);
  const previousOpen = new Map((previous?.findings ?? []).filter(isOpen).map((f) => [f.id, f]));
  const currentById = new Map(current.findings.map((f) => [f.id, f]));
  const ranToday = new Set(current.checks.filter((c) => c.status === 'PASS' || c.status === 'FAIL').map((c) => c.id));
  const notApplicable = new Set(current.checks.filter((c) => c.status === 'NOT_APPLICABLE').map((c) => c.id));
  const gone = (arn: string) => options.resourceExists !== undefined && !options.resourceExists(arn);

  const added: Finding[] = [];
  const stillOpen: Finding[] = [];
  const severityChanged: SeverityChange[] = [];
  for (const f of currentOpen) {
    const before = previousOpen.get(f.id);
    if (!before) {
      added.push(f);
      continue;
    }
    stillOpen.push(f);
    if (before.severity !== f.severity) severityChanged.push({ finding: f, from: before.severity, to: f.severity });
  }

  const resolved: Finding[] = [];
  const suppressed: Finding[] = [];
  const unverified: Finding[] = [];
  for (const [id, before] of previousOpen) {
    const now = currentById.get(id);
    if (now && isOpen(now)) continue;
    if (now?.suppressed) suppressed.push(now);
    else if (ranToday.has(before.checkId)) resolved.push(before);
    else if (notApplicable.has(before.checkId) && gone(before.resourceArn)) resolved.push(before);
    else unverified.push(before);
  }

  return {
    previousGeneratedAt: previous?.generatedAt ?? null,
    currentGeneratedAt: current.generatedAt,
    new: sorted(added),
    resolved: sorted(resolved),
    stillOpen: sorted(stillOpen),
    severityChanged: severityChanged.sort((a, b) => compareFindings(a.finding, b.finding)),
    suppressed: sorted(suppressed),
    unverified: sorted(unverified),
    counts: {
      open: countBySeverity(currentOpen),
      previousOpen: previous ? countBySeverity(previousOpen.values()) : null,
      new: countBySeverity(added),
      resolved: countBySeverity(resolved),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading an archived report: only what the diff needs is validated, other fields pass through untouched, so a
// report written by an older or newer version still diffs.

const findingSchema = z.looseObject({
  id: z.string(),
  checkId: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.string(),
  resourceArn: z.string(),
  message: z.string(),
});
const diffableSchema = z.looseObject({
  generatedAt: z.string(),
  account: z.looseObject({ id: z.string() }),
  checks: z.array(z.looseObject({ id: z.string(), status: z.string() })),
  findings: z.array(findingSchema),
});

/** Validates a parsed JSON report for diffing; throws naming the first bad field. */
export function parseDiffableReport(value: unknown): DiffableReport {
  const parsed = diffableSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : parsed.error.message;
    throw new Error(`not a hardening-audit JSON report: ${detail}`);
  }
  return parsed.data as unknown as DiffableReport;
}

/** The diff as the JSON report carries it: ids for findings in this report, the resolved ones in full. */
export function diffSection(diff: ReportDiff): ReportDiffSection {
  const ids = (list: Finding[]) => list.map((f) => f.id);
  return {
    previousGeneratedAt: diff.previousGeneratedAt,
    new: ids(diff.new),
    resolved: diff.resolved.map((f) => ({ id: f.id, checkId: f.checkId, severity: f.severity, resourceArn: f.resourceArn, message: f.message })),
    stillOpen: ids(diff.stillOpen),
    severityChanged: diff.severityChanged.map((c) => ({ id: c.finding.id, from: c.from, to: c.to })),
    suppressed: ids(diff.suppressed),
    unverified: ids(diff.unverified),
    counts: diff.counts,
  };
}
