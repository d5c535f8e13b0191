// An agent should run on short-lived credentials (an assumed role, SSO). An agent IAM user with an active access
// key is a long-lived secret sitting in the agent's environment.
import type { Check, CheckResult } from '../types.js';
import { agentsOf } from '../util/agents.js';
import { reportUsers } from '../util/credential-report.js';
import { draft, sh } from '../util/shell.js';
import { agentPrincipals } from '../util/populations.js';

export const agentLongLivedKeys: Check = {
  id: 'agent.long-lived-keys',
  title: 'AI agents have no long-lived access keys',
  severity: 'high',
  needs: ['users', 'credentialReport'],
  reads: ['identity', 'tags', 'credentials'],
  population: agentPrincipals('user'),
  remediation: 'Give the agent a role to assume (or an SSO profile) and deactivate the user\'s access keys.',
  run: (snap, ctx) => {
    const rows = new Map(reportUsers(snap).map(({ row, user }) => [user.arn, row]));
    return agentsOf(snap, ctx)
      .filter((a) => a.principal.kind === 'user')
      .map(({ principal, selectedBy }): CheckResult => {
        const user = principal.entity;
        const row = rows.get(user.arn);
        if (!row) return { resourceArn: user.arn, status: 'NOT_ASSESSED', message: `${user.name} is not in the credential report (created after it was generated).`, evidence: { selectedBy } };
        const active = row.accessKeys.map((k, i) => ({ slot: `key${i + 1}`, ...k })).filter((k) => k.active);
        const evidence = { selectedBy, activeKeys: active.map((k) => ({ slot: k.slot, lastRotated: k.lastRotated, lastUsed: k.lastUsed })) };
        if (active.length === 0) return { resourceArn: user.arn, status: 'PASS', message: `${user.name} has no active access key.`, evidence };
        return {
          resourceArn: user.arn,
          status: 'FAIL',
          message: `${user.name} is an AI agent user with ${active.length} active long-lived access key(s).`,
          evidence,
          remediation: draft(
            `aws iam list-access-keys --user-name ${sh(user.name)}`,
            `# Move the agent to a role (aws sts assume-role / an SSO profile), then:`,
            `aws iam update-access-key --user-name ${sh(user.name)} --access-key-id <AccessKeyId> --status Inactive`,
          ),
        };
      });
  },
};
