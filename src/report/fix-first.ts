// What to fix first, for the CLI's stdout, the summary mail and the HTML report: open (unsuppressed) FAIL findings
// above info, grouped by check. Order: the most severe first; within a severity, exposed before the rest (reach from
// outside the account, root, admin reach, an AI agent that can change IAM, a privileged user without MFA); then the
// check with more findings; then the check id (a stable order).
import { SEVERITIES, type Severity } from '../vocabulary.js';
import type { ReportFinding } from './model.js';

export interface FixFirstItem {
  checkId: string;
  /** The most severe of the check's open findings. */
  severity: Severity;
  count: number;
  /** One finding of that severity, to show (an exposed one when there is one). */
  finding: ReportFinding;
  /** Why it is exposed, when it is: what puts it ahead of the other findings of its severity. */
  exposure?: string;
}

/** Checks whose every failure is an exposure, and the words for it. */
const EXPOSED_CHECKS: Readonly<Record<string, string>> = {
  'iam.role.public-trust': 'anyone can assume the role',
  'iam.root.access-keys': 'root credentials',
  'iam.root.mfa': 'root without MFA',
  'iam.role.external-trust': 'trusted from outside the account',
  'iam.role.cross-account-without-external-id': 'trusted from outside the account',
  'iam.role.federated-trust-unscoped': 'trusted from outside the account',
  'iam.policy.full-admin': 'full admin',
  'iam.principal.privilege-escalation': 'can make itself admin',
  'agent.can-change-iam': 'an AI agent can change IAM',
};

/** Findings that make their resource privileged: a user with one of these and no MFA is an exposure too. */
const PRIVILEGE_CHECKS = new Set(['iam.policy.full-admin', 'iam.principal.privilege-escalation']);
const NO_MFA_CHECKS = new Set(['iam.user.console-without-mfa', 'iam.user.without-console-mfa']);

const isOpenFailure = (f: ReportFinding) => f.status === 'FAIL' && !f.suppressed && f.severity !== 'info';

function exposureOf(f: ReportFinding, privileged: ReadonlySet<string>): string | undefined {
  const fixed = EXPOSED_CHECKS[f.checkId];
  if (fixed) return fixed;
  if (NO_MFA_CHECKS.has(f.checkId) && privileged.has(f.resourceArn)) return 'privileged user without MFA';
  return undefined;
}

export function fixFirst(findings: readonly ReportFinding[], max = 5): FixFirstItem[] {
  const privileged = new Set(findings.filter((f) => isOpenFailure(f) && PRIVILEGE_CHECKS.has(f.checkId)).map((f) => f.resourceArn));
  const byCheck = new Map<string, FixFirstItem & { rank: number }>();
  for (const f of findings) {
    if (!isOpenFailure(f)) continue;
    const rank = SEVERITIES.indexOf(f.severity);
    const exposure = exposureOf(f, privileged);
    const seen = byCheck.get(f.checkId);
    if (!seen) {
      byCheck.set(f.checkId, { checkId: f.checkId, severity: f.severity, count: 1, finding: f, rank, ...(exposure ? { exposure } : {}) });
      continue;
    }
    seen.count++;
    // The item shows its most severe finding, an exposed one first among those.
    if (rank < seen.rank || (rank === seen.rank && exposure && !seen.exposure)) {
      Object.assign(seen, { rank, severity: f.severity, finding: f });
      if (exposure) seen.exposure = exposure;
      else delete seen.exposure;
    }
  }
  const exposedFirst = (x: FixFirstItem, y: FixFirstItem) => (x.exposure ? 0 : 1) - (y.exposure ? 0 : 1);
  return [...byCheck.values()]
    .sort((x, y) => x.rank - y.rank || exposedFirst(x, y) || y.count - x.count || (x.checkId < y.checkId ? -1 : 1))
    .slice(0, max)
    .map(({ rank: _rank, ...item }) => item);
}
