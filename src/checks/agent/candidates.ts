// Principals whose names look like AI agents but that no agent selector picks: listed, never judged as agents.
import { agentCandidates, DEFAULT_AGENT_SELECTOR } from '../../agents/select.js';
import type { Check, CheckResult } from '../types.js';
import { draft, sh } from '../util/shell.js';
import { agentLookalikes } from '../util/populations.js';

export const agentCandidatesCheck: Check = {
  id: 'agent.candidates',
  title: 'Principals that look like AI agents are selected as agents (or confirmed not to be)',
  severity: 'info',
  needs: ['users', 'roles'],
  population: agentLookalikes,
  remediation: 'Tag the principal Purpose=ai-agent (or select it with --agent-name / --agent-arn) so the agent checks judge it.',
  run: (snap, ctx) =>
    agentCandidates(snap, ctx.agents ?? DEFAULT_AGENT_SELECTOR).map((e): CheckResult => {
      const kind = e.arn.includes(':user/') ? 'user' : 'role';
      return {
        resourceArn: e.arn,
        status: 'FAIL',
        message: `${e.name} looks like an AI agent by its name but is not selected as one, so the agent checks do not judge it.`,
        evidence: { name: e.name, tags: e.tags },
        remediation: draft(
          `# If ${e.name} is used by an AI agent, tag it so the audit judges it as one:`,
          `aws iam tag-${kind} --${kind}-name ${sh(e.name)} --tags Key=Purpose,Value=ai-agent`,
          '# If it is not an agent, suppress this finding with a reason.',
        ),
      };
    }),
};
