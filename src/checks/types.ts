import type { AgentSelector } from '../agents/select.js';
import type { KnownAccounts } from '../settings/known-accounts.js';
import type { ActionCatalog } from '../policy/catalog.js';
import type { AccountSnapshot, SnapshotPart } from '../snapshot/snapshot.js';
import type { Severity, Thresholds } from '../vocabulary.js';
import type { EntityAspect } from '../snapshot/gap-aspects.js';

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

// What a check judges. The runner (run.ts) holds every check to it: an empty population is NOT_APPLICABLE, a member
// the check returned no verdict for is NOT_ASSESSED ("no evidence"), so no check can turn missing evidence into PASS.
export interface Population {
  /** Plural noun for messages: "no <noun> in this account" (e.g. "IAM users", "AI agent principals"). */
  noun: string;
  /** The NOT_APPLICABLE reason when it is empty, if "no <noun> in this account" does not fit. */
  whenEmpty?: string | ((snapshot: AccountSnapshot) => string);
  /**
   * ARNs of the resources the check judges. May throw when the data it is drawn from is absent without a gap (the
   * check is then NOT_ASSESSED, like a check whose run() throws): an unknown population is not an empty one.
   */
  members(snapshot: AccountSnapshot, context: CheckContext): readonly string[];
  /** Why a member can have no verdict, for its NOT_ASSESSED finding (e.g. "alice has no credential report row"). */
  noEvidence?(snapshot: AccountSnapshot, arn: string): string;
  /**
   * members() is fixed by the account, not drawn from the inventory (the root user, the account itself): an entity gap
   * of another resource (a user's missing report row) is then not this check's concern.
   */
  closed?: boolean;
  /**
   * Alternative evidence, read in this order (root MFA: the credential report row, else GetAccountSummary). These
   * parts are not in the check's `needs`: a gap in one of them does not stop the check, only a gap in all of them
   * does, and their gaps name the cause when a member has no verdict.
   */
  sources?: SnapshotPart[];
  /**
   * The inventory parts members are drawn from (IAM roles: ['roles']). An entity of another part with a gap is not this
   * check's concern. Undefined: every entity gap of a needed part counts (the cautious default).
   */
  kinds?: readonly SnapshotPart[];
  /**
   * What decides whether an entity is a member (default ['identity']: being in the inventory; AI agents: also their
   * tags; roles trusting another account: their trust policy). An entity of `kinds` that is not a member, with a gap
   * in one of these, might be one: it is NOT_ASSESSED rather than left out.
   */
  membershipReads?: readonly EntityAspect[];
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
  /** Snapshot parts this check reads; a gap in any of them makes the check NOT_ASSESSED. */
  needs: SnapshotPart[];
  /**
   * What it reads of each entity (src/snapshot/gap-aspects.ts): a member's entity gap voids its verdict only when it is
   * in one of these. Undefined: every aspect (the cautious default).
   */
  reads?: readonly EntityAspect[];
  /** What it judges: empty -> NOT_APPLICABLE; a member without a verdict -> NOT_ASSESSED (Population above). */
  population: Population;
  /** Generic remediation, used when a result carries no specific draft. */
  remediation: string;
  run(snapshot: AccountSnapshot, context: CheckContext): CheckResult[];
}

