import type { CheckOutcome } from '../checks/run.js';
import type { Finding, Severity, Thresholds } from '../checks/types.js';
import type { Gap } from '../snapshot.js';

export const REPORT_VERSION = 1;

export interface ReportSummary {
  /** FAIL findings by severity (suppressed ones excluded). */
  bySeverity: Record<Severity, number>;
  failed: number;
  notAssessed: number;
  checks: { total: number; passed: number; failed: number; notAssessed: number };
}

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
  findings: Finding[];
  gaps: Gap[];
}
