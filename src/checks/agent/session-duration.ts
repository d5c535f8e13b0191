// Agent sessions should be short: a role's MaxSessionDuration above an hour lets a leaked session live longer.
// MaxSessionDuration is not in GetAccountAuthorizationDetails; it comes from ListRoles (part roleSessionDurations).
import type { IamRole } from '../../snapshot/snapshot.js';
import type { Check, CheckResult } from '../types.js';
import { agentsOf } from '../util/agents.js';
import { draft, sh } from '../util/shell.js';
import { agentPrincipals } from '../util/populations.js';

const MAX_SECONDS = 3600;

export const agentSessionDuration: Check = {
  id: 'agent.session-duration',
  title: 'AI agent roles allow sessions of at most one hour',
  severity: 'medium',
  needs: ['roles', 'roleSessionDurations'],
  reads: ['identity', 'tags', 'other'],
  population: agentPrincipals('role'),
  remediation: 'Lower the role\'s maximum session duration to 3600 seconds.',
  run: (snap, ctx) =>
    agentsOf(snap, ctx)
      .filter((a) => a.principal.kind === 'role')
      .map(({ principal, selectedBy }): CheckResult => {
        const role = principal.entity as IamRole;
        const seconds = role.maxSessionDuration;
        if (seconds === undefined) {
          return { resourceArn: role.arn, status: 'NOT_ASSESSED', message: `${role.name}: its maximum session duration was not collected.`, evidence: { selectedBy } };
        }
        const evidence = { selectedBy, maxSessionDuration: seconds };
        if (seconds <= MAX_SECONDS) return { resourceArn: role.arn, status: 'PASS', message: `${role.name} sessions last at most ${seconds} s.`, evidence };
        return {
          resourceArn: role.arn,
          status: 'FAIL',
          message: `${role.name} allows ${seconds / 3600}-hour sessions (more than 1 hour).`,
          evidence,
          remediation: draft(`aws iam update-role --role-name ${sh(role.name)} --max-session-duration ${MAX_SECONDS}`),
        };
      }),
};
