import type { AgentSelector } from '../agents/select.js';
import type { KnownAccounts } from '../settings/known-accounts.js';
import type { ActionCatalog } from '../policy/catalog.js';
import type { AccountSnapshot, SnapshotPart } from '../snapshot/snapshot.js';
import type { Population } from './population.js';
import type { Compliance, Severity, Thresholds } from '../vocabulary.js';

export interface CheckContext {
  /** "Now" for every age computation, ISO-8601. Passed in so checks stay pure. */
  now: string;
  thresholds: Thresholds;
  catalog: ActionCatalog;
  /** Which principals are AI agents (default: tags Purpose=ai-agent or ai-agent=true). */
  agents?: AgentSelector;
  /** Publicly known AWS accounts (vendors, AWS services), to name the accounts a role trusts (src/settings/known-accounts.ts). */
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
  /** What it judges: empty -> NOT_APPLICABLE; a member without a verdict -> NOT_ASSESSED (src/checks/population.ts). */
  population: Population;
  /** Generic remediation, used when a result carries no specific draft. */
  remediation: string;
  run(snapshot: AccountSnapshot, context: CheckContext): CheckResult[];
}

