import type { AgentRow } from '../agents/posture.js';
import type { CheckOutcome } from '../checks/run.js';
import type { Finding, Severity, Thresholds } from '../vocabulary.js';
import type { Gap } from '../snapshot/snapshot.js';

export const REPORT_VERSION = 1;

export interface ReportSummary {
  /** FAIL findings by severity (suppressed ones excluded). */
  bySeverity: Record<Severity, number>;
  /** FAIL findings, suppressed ones excluded. */
  failed: number;
  /** NOT_ASSESSED findings, suppressed ones excluded. */
  notAssessed: number;
  /** Findings (FAIL or NOT_ASSESSED) a suppression entry covers; they count nowhere else and not in the exit code. */
  suppressed: number;
  /**
   * Check outcomes by status. notApplicable: checks whose population is empty in this account (no agents, no IAM
   * users, ...): not passed, not failed, not incomplete.
   */
  checks: { total: number; passed: number; failed: number; notAssessed: number; notApplicable: number };
}

/** How a suppressed finding was suppressed: the entry (0-based index in the suppressions list) and its terms. */
export interface SuppressionMark {
  reason: string;
  /** As written in the suppressions file: an ISO date (valid through that day, UTC) or date-time. */
  expires?: string;
  entry: number;
}

/** A finding as the report carries it: the check runner's Finding, plus the suppression that covers it, if any. */
export type ReportFinding = Finding & { suppressed?: SuppressionMark };

/** A suppression entry as the report repeats it (expired or unmatched ones). */
export interface SuppressionEntryRef {
  entry: number;
  checkId: string;
  resource: string;
  reason: string;
  expires?: string;
  notAssessed?: true;
}

export interface SuppressionsSection {
  /** The file the entries came from (the --suppressions file, or the --config file's `suppressions:`). */
  source: string;
  /** Number of entries in the file. */
  entries: number;
  /** Entries past their `expires` at the report time: they suppress nothing; `findings` are those they would cover. */
  expired: Array<SuppressionEntryRef & { findings: string[] }>;
  /** Entries (not expired) that matched no finding: stale, or a typo. */
  unmatched: SuppressionEntryRef[];
}

/**
 * FAIL: a mapped check has a finding (not suppressed) within the control's scope; NOT_ASSESSED: none failed but a
 * mapped check could not run (or was excluded); NOT_APPLICABLE: every mapped check found nothing to judge (e.g. no IAM
 * users); PARTIAL: every mapped check held, but they verify only part of the control (the reason names the rest), or
 * ran with a threshold looser than the control's; PASS: every part of the control was checked and held;
 * MANUAL: no check decides it and the framework assesses it by hand (the reason says what to look at);
 * NOT_IMPLEMENTED: no check of this tool decides an automated control.
 */
export type ControlStatus = 'PASS' | 'FAIL' | 'PARTIAL' | 'NOT_ASSESSED' | 'NOT_APPLICABLE' | 'MANUAL' | 'NOT_IMPLEMENTED';

export interface ComplianceControlResult {
  id: string;
  title: string;
  /** The framework's grouping (CIS section). */
  section?: string;
  /** CIS only: the benchmark's assessment status. */
  assessment?: 'Automated' | 'Manual';
  /** CIS only: profile level. */
  level?: 1 | 2;
  status: ControlStatus;
  /** Why PARTIAL (what is not checked), NOT_ASSESSED, NOT_APPLICABLE or NOT_IMPLEMENTED ("Manual recommendation ..."). */
  reason?: string;
  /** Ids of the checks of this run that map to the control, in report order. */
  checks: string[];
  /** Ids of checks that map to the control but were left out of this run (--exclude-check). */
  excludedChecks?: string[];
  /** Ids of the findings (not suppressed) behind a FAIL or NOT_ASSESSED status. */
  findings: string[];
  /** Ids of suppressed findings of the mapped checks. */
  suppressedFindings: string[];
}

export interface ComplianceFrameworkResult {
  /** The catalogue id (--framework): cis-7.0, cis-3.0, security-hub. */
  id: string;
  name: string;
  version: string;
  /** The label of its control ids in the HTML and CSV reports ("CIS 7.0" 2.10). */
  shortName: string;
  /** Which controls are listed: a whole section / service always, others when a check maps to them. */
  scope: string;
  summary: { passed: number; failed: number; partial: number; notAssessed: number; notApplicable: number; manual: number; notImplemented: number };
  controls: ComplianceControlResult[];
}

/** Per framework id (the keys of a finding's `compliance`), the frameworks the run was asked for, in catalogue order. */
export type ComplianceSection = Record<string, ComplianceFrameworkResult>;

/** The JSON report: the primary artifact, described by report-schema.json; HTML and CSV render from it. */
export interface AuditReport {
  reportVersion: typeof REPORT_VERSION;
  tool: { name: 'hardening-audit'; version: string };
  generatedAt: string;
  account: { id: string; partition: string; callerArn?: string };
  /** Where the data came from: a live account, an offline export, or a saved snapshot. */
  source: string;
  collectedAt: string;
  /** When AWS generated the credential report used (AWS reuses one for up to 4 hours). */
  credentialReportGeneratedAt?: string;
  thresholds: Thresholds;
  summary: ReportSummary;
  checks: CheckOutcome[];
  findings: ReportFinding[];
  gaps: Gap[];
  /** Per framework, the status of every control and the checks and findings behind it. */
  compliance: ComplianceSection;
  /** Present when suppressions were given: entries that expired or matched nothing. */
  suppressions?: SuppressionsSection;
  /** Present when the account has AI agent principals: each agent's criteria and blast radius. */
  agents?: AgentRow[];
  /** Present with --previous: what changed since an earlier report of the same account. */
  diff?: ReportDiffSection;
  /** Present with --history (or the Lambda's archive): open findings by severity per run, oldest first, this one last. */
  trend?: RunSummary[];
  /** Present when IAM Access Analyzer was read: its ACTIVE findings beside ours (src/report/access-analyzer.ts). */
  accessAnalyzer?: AccessAnalyzerSection;
}

/**
 * Our verdict on one resource for the check(s) matching an Access Analyzer finding type. NOT_JUDGED: the resource is
 * outside the check's population (a user without an active key); NOT_RUN: the check was excluded from this run;
 * NONE: no check of ours judges this finding type or resource.
 */
export type OurVerdict = 'PASS' | 'FAIL' | 'NOT_ASSESSED' | 'NOT_APPLICABLE' | 'NOT_JUDGED' | 'NOT_RUN' | 'NONE';

/**
 * AGREE: both report a problem; DISAGREE: one reports a problem the other judged and did not find; UNKNOWN: one side's
 * data is missing (never counted as agreement); NOT_COMPARABLE: no check of ours judges it.
 */
export type AnalyzerComparison = 'DISAGREE' | 'UNKNOWN' | 'AGREE' | 'NOT_COMPARABLE';

export interface AccessAnalyzerRow {
  comparison: AnalyzerComparison;
  /** With DISAGREE: analyzer-only = Access Analyzer reports it and our check passed; ours-only = the reverse. */
  disagreement?: 'analyzer-only' | 'ours-only';
  /** The Access Analyzer finding type (for an ours-only row, the type that would match). */
  findingType: string;
  resource: string;
  resourceType: string;
  /** The analyzer finding (absent in an ours-only row). */
  analyzer?: { arn: string; name: string; region: string; findingId: string; createdAt: string; updatedAt: string; resourceOwnerAccount: string };
  /** The analyzers that cover the resource and said nothing (ours-only rows). */
  silentAnalyzers?: string[];
  /** Our checks this row compares with, and our verdict over them. */
  checks: string[];
  ourVerdict: OurVerdict;
  /** Ids of our findings on this resource for those checks. */
  linkedFindings: string[];
  /** What our side saw (the role's use, the user's credentials, the trust policy), for disagreements. */
  ourEvidence?: Record<string, unknown>;
  /** Why the two may differ, or why this row compares nothing. */
  note: string;
}

export interface AccessAnalyzerSection {
  counts: { imported: number; linked: number; disagreements: number; analyzerOnly: number; oursOnly: number; unknown: number };
  /** The analyzers listed, with whether their findings were read in full. */
  analyzers: Array<{ arn: string; name: string; type: string; region: string; status: string; findingsComplete: boolean }>;
  /** Why the lists are incomplete: the gaps of accessAnalyzer / accessAnalyzerFindings (truncated, denied region). */
  incomplete: Gap[];
  /** Disagreements first, then unknown, agreements, and what compares nothing. */
  rows: AccessAnalyzerRow[];
}

/** A resolved finding as it was in the previous report (it is no longer in this one). */
export interface ResolvedFinding {
  id: string;
  checkId: string;
  severity: Severity;
  resourceArn: string;
  message: string;
}

export interface ReportDiffSection {
  previousGeneratedAt: string | null;
  /** Ids of this report's findings that were not open before. */
  new: string[];
  resolved: ResolvedFinding[];
  /** Ids of findings open in both. */
  stillOpen: string[];
  severityChanged: { id: string; from: Severity; to: Severity }[];
  /** Open before, suppressed now. */
  suppressed: string[];
  /** Open before, but their check was not assessed now (or not applicable while the resource may exist): not known to be fixed. */
  unverified: string[];
  counts: { open: Record<Severity, number>; previousOpen: Record<Severity, number> | null; new: Record<Severity, number>; resolved: Record<Severity, number> };
}

/** What the archive keeps per run for the trend (summary.json next to each report). */
export interface RunSummary {
  accountId: string;
  /** The run's UTC date, yyyy-mm-dd (the archive folder). */
  date: string;
  generatedAt: string;
  /** Open findings (FAIL, not suppressed) by severity. */
  open: Record<Severity, number>;
  /** Some parts could not be collected or some checks were not assessed: the counts may be low. */
  incomplete: boolean;
}
