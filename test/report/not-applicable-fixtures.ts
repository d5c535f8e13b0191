// A complete report (no gaps) where the agent check had nothing to judge: no AI agent principals in the account.
// Apart from fixtures.ts, which is already long.
import type { CheckOutcome } from '../../src/checks/run.js';
import type { Finding } from '../../src/checks/types.js';
import type { AuditReport } from '../../src/report/model.js';
import { ACCOUNT, assemble, C, fail, outcome } from './fixtures.js';

export const NO_AGENTS_REASON = 'no AI agent principals selected in this account (none carries the agent tags)';

/** A check with nothing to judge in this account (the runner's empty population): no finding, evaluated 0. */
export function notApplicableOutcome(check: (typeof C)[keyof typeof C], reason: string): CheckOutcome {
  const { id, title, severity, compliance } = check;
  return { id, title, severity, compliance, status: 'NOT_APPLICABLE', evaluated: 0, failed: 0, reason };
}

export function notApplicableReport(): AuditReport {
  const findings: Finding[] = [
    fail(C.unusedRoles, {
      resourceArn: `arn:aws:iam::${ACCOUNT}:role/old-migration`,
      message: 'Role old-migration was last used 412 days ago.',
      evidence: { lastUsedDate: '2024-10-08T11:00:00Z' },
    }),
  ];
  const checks: CheckOutcome[] = [
    outcome(C.rootMfa, 1, 0),
    notApplicableOutcome(C.agentEscalation, NO_AGENTS_REASON),
    outcome(C.unusedRoles, 21, 1),
  ];
  return assemble(checks, findings, []);
}
