// The organization report: one per org-mode run, next to the per-account reports. Built only from per-account
// summaries (src/org/summary.ts), never from the accounts' findings, so its size and the run's memory do not grow
// with what the accounts contain. Described by org-report-schema.json.
import type { Severity } from '../vocabulary.js';
import type { Gap } from '../snapshot/snapshot.js';

export const ORG_REPORT_VERSION = 1;

export type SeverityCounts = Record<Severity, number>;

export interface OrgAccountEntry {
  id: string;
  name: string;
  /** "Root/Workloads/Prod". */
  ouPath: string;
  status: 'AUDITED' | 'FAILED';
  /** FAILED: why (e.g. "sts:AssumeRole AccessDenied: ..."). */
  reason?: string;
  /** FAILED: the AWS error code, when there was one. */
  error?: string;
  /** AUDITED: the account report's exit code (0 clean, 1 findings at/above --fail-on, 3 incomplete). */
  exitCode?: 0 | 1 | 3;
  /** AUDITED: FAIL findings by severity (suppressed ones excluded). */
  bySeverity?: SeverityCounts;
  failed?: number;
  notAssessed?: number;
  suppressed?: number;
  /** AUDITED: checks that could not be assessed, and what could not be collected. */
  notAssessedChecks?: string[];
  /** AUDITED: checks with nothing to judge in the account (NOT_APPLICABLE); absent in records of older versions. */
  notApplicableChecks?: string[];
  gaps?: string[];
  /** AUDITED: FAIL findings per check id. */
  byCheck?: Record<string, number>;
  /** AUDITED: names of the SCPs in force, root first ([] when SCPs are disabled or unknown). */
  scps?: string[];
  /** AUDITED: the account's report files, relative to the report folder. */
  reports?: string[];
}

export interface OrgCheckEntry {
  checkId: string;
  title: string;
  severity: Severity;
  /** FAIL findings over all accounts. */
  findings: number;
  /** Accounts with at least one FAIL finding of the check. */
  accounts: number;
  /** Accounts where the check was NOT_ASSESSED. */
  notAssessedAccounts: number;
  /** Accounts where the check had nothing to judge (NOT_APPLICABLE): neither passed nor failed there. */
  notApplicableAccounts: number;
}

export interface OrgReport {
  reportVersion: typeof ORG_REPORT_VERSION;
  tool: { name: 'hardening-audit'; version: string };
  generatedAt: string;
  organization: { id: string; arn: string; managementAccountId: string; featureSet: string; scpEnabled: boolean };
  /** How the accounts were reached and chosen. */
  scope: {
    assumeRole: string;
    /** Accounts in the organization (any state). */
    accountsInOrganization: number;
    /** --accounts, when given. */
    includedAccounts?: string[];
    /** --exclude-accounts, when given. */
    excludedAccounts?: string[];
    productionOus: string[];
  };
  summary: {
    accounts: { selected: number; audited: number; failed: number; skipped: number; incomplete: number; clean: number };
    /** FAIL findings by severity over every audited account. */
    bySeverity: SeverityCounts;
    failed: number;
    notAssessed: number;
    suppressed: number;
  };
  /** Checks with findings or NOT_ASSESSED somewhere: by severity, then accounts affected, then findings. */
  byCheck: OrgCheckEntry[];
  /** Every selected account: failed ones first (nothing is known about them), then the worst audited first. */
  accounts: OrgAccountEntry[];
  /** Selected accounts that were not audited because they are not ACTIVE. */
  skippedAccounts: { id: string; name: string; status: string }[];
  /** The service control policies and where they are attached (absent when they could not be read). */
  serviceControlPolicies?: { id: string; name: string; awsManaged: boolean; targets: { targetId: string; name: string; type: string }[] }[];
  /** Organization-level reads that failed (e.g. the SCPs). */
  gaps: Gap[];
}
