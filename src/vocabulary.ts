// The words every part of the tool shares: severities, statuses, compliance references, thresholds and the finding.
// Imports nothing of the rest, so that collectors, the report, the mail and the entry points can use it without
// depending on the checks.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Status = 'PASS' | 'FAIL' | 'NOT_ASSESSED' | 'NOT_APPLICABLE';

/**
 * The controls a check decides, per framework: framework id (src/compliance/catalogues/*.json) -> control ids, e.g.
 * { "cis-7.0": ["2.10"], "security-hub": ["IAM.5"] }. Every shipped framework, whichever --framework shows.
 */
export type Compliance = Readonly<Record<string, readonly string[]>>;

export interface Thresholds {
  /** Active access keys older than this fail (CIS 1.14). */
  accessKeyMaxAgeDays: number;
  /** Active access keys unused (or never used since creation) for this long fail (CIS 1.12). */
  accessKeyUnusedDays: number;
  /** Console passwords unused for this long fail (CIS 1.12). */
  passwordUnusedDays: number;
  /** Roles not used for this long (or never used and older than this) fail. */
  roleUnusedDays: number;
  /** Root user activity within this many days fails (CIS 1.7). */
  rootUsedDays: number;
  /** Password policy minimum length (CIS 1.8). */
  passwordMinLength: number;
  /** Password policy: remembered passwords (CIS 1.9). */
  passwordReusePrevention: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  accessKeyMaxAgeDays: 90,
  accessKeyUnusedDays: 45,
  passwordUnusedDays: 45,
  roleUnusedDays: 90,
  rootUsedDays: 30,
  passwordMinLength: 14,
  passwordReusePrevention: 24,
};

export interface Finding {
  /** Stable hash of check id + resource (+ detail): the same problem has the same id run after run. */
  id: string;
  checkId: string;
  title: string;
  severity: Severity;
  status: 'FAIL' | 'NOT_ASSESSED';
  resourceArn: string;
  detail?: string;
  message: string;
  evidence: Record<string, unknown>;
  remediation: string;
  compliance: Compliance;
}
