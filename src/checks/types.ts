import type { AgentSelector } from '../agents/select.js';
import type { KnownAccounts } from '../known-accounts.js';
import type { ActionCatalog } from '../policy/catalog.js';
import type { AccountSnapshot, SnapshotPart } from '../snapshot.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Status = 'PASS' | 'FAIL' | 'NOT_ASSESSED' | 'NOT_APPLICABLE';

export interface Compliance {
  /** CIS AWS Foundations Benchmark v3.0.0 recommendation ids, e.g. "1.10". */
  cis?: string[];
  /** AWS Security Hub control ids, e.g. "IAM.5". */
  securityHub?: string[];
}

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

export interface CheckContext {
  /** "Now" for every age computation, ISO-8601. Passed in so checks stay pure. */
  now: string;
  thresholds: Thresholds;
  catalog: ActionCatalog;
  /** Which principals are AI agents (default: tags Purpose=ai-agent or ai-agent=true). */
  agents?: AgentSelector;
  /** Publicly known AWS accounts (vendors, AWS services), to name the accounts a role trusts (src/known-accounts.ts). */
  knownAccounts?: KnownAccounts;
  /** Org mode: every account of the organization; principals there are internal. Default: snapshot.organization. */
  organizationAccountIds?: ReadonlySet<string>;
  /** Org mode: OU name globs (case-insensitive, * and ?) marking production accounts. Default: DEFAULT_PRODUCTION_OUS. */
  productionOuPatterns?: readonly string[];
}

/** What a check's run() returns per resource; the runner turns it into a Finding. */
export interface CheckResult {
  resourceArn: string;
  /** NOT_ASSESSED: this resource could not be judged (e.g. a policy document it depends on is missing). */
  status: 'PASS' | 'FAIL' | 'NOT_ASSESSED';
  /** One sentence: what is wrong (or, for PASS, what was verified). */
  message: string;
  /** Distinguishes several findings of one check on one resource (e.g. the inline policy name). */
  detail?: string;
  /** Overrides the check's default severity for this finding. */
  severity?: Severity;
  evidence: Record<string, unknown>;
  /** A draft for a human to apply: CLI command(s) or policy JSON. Defaults to the check's remediation. */
  remediation?: string;
}

export interface Check {
  id: string;
  title: string;
  severity: Severity;
  compliance: Compliance;
  /** Snapshot parts this check reads; a gap in any of them makes the check NOT_ASSESSED. */
  needs: SnapshotPart[];
  /** Generic remediation, used when a result carries no specific draft. */
  remediation: string;
  run(snapshot: AccountSnapshot, context: CheckContext): CheckResult[];
}

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
