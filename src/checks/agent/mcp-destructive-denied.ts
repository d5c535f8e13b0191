// AWS's guidance for agents that call AWS through an AWS-managed MCP server: deny destructive actions when the call
// comes through the server (aws:ViaAWSMCPService / aws:CalledViaAWSMCP), so the agent stays narrower than the human
// sharing its identity. Each destructive action is evaluated with those keys in the request context, through identity
// policies, the boundary and (when known) SCPs. Denies of aws-mcp:* actions are reported: AWS no longer enforces them.
import { DESTRUCTIVE_ACTIONS } from '../../agents/destructive-actions.js';
import { describeRetired, destructiveViaMcp, retiredMcpDenies } from '../../agents/mcp.js';
import { VIA_AWS_MCP_SERVICE } from '../../policy/conditions.js';
import type { Check, CheckResult } from '../types.js';
import { agentsOf, unresolvedPolicies } from '../util/agents.js';
import { agentPrincipals } from '../util/populations.js';
import { draft, json, sh } from '../util/shell.js';

const listed = (actions: readonly string[]) => `${actions.slice(0, 3).join(', ')}${actions.length > 3 ? ', ...' : ''}`;

export const agentMcpDestructiveDenied: Check = {
  id: 'agent.mcp-destructive-denied',
  title: 'AI agents are denied destructive actions through AWS MCP servers',
  severity: 'high',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'tags', 'permissions'],
  population: agentPrincipals(),
  remediation: `Deny the destructive actions under the condition Bool ${VIA_AWS_MCP_SERVICE} = true (in the permissions boundary or an SCP), and remove Deny statements on aws-mcp:* actions.`,
  run: (snap, ctx) =>
    agentsOf(snap, ctx).map(({ principal, selectedBy }): CheckResult => {
      const { kind, entity } = principal;
      const verdicts = destructiveViaMcp(snap, principal);
      const allowed = verdicts.filter((v) => v.viaMcp === 'ALLOWED');
      const implicit = verdicts.filter((v) => v.viaMcp === 'IMPLICITLY_DENIED');
      const retired = retiredMcpDenies(snap, principal);
      const evidence = {
        selectedBy,
        allowedViaMcp: allowed.map((v) => ({ action: v.action, by: v.by })),
        implicitlyDeniedViaMcp: implicit.map((v) => ({ action: v.action, by: v.by })),
        deniedOnlyViaMcp: verdicts.filter((v) => v.viaMcp === 'EXPLICITLY_DENIED' && v.direct !== 'EXPLICITLY_DENIED').map((v) => ({ action: v.action, decidedBy: v.decidedBy, ...(v.decidingLevel ? { level: v.decidingLevel } : {}), by: v.by })),
        deniedAlways: verdicts.filter((v) => v.viaMcp === 'EXPLICITLY_DENIED' && v.direct === 'EXPLICITLY_DENIED').map((v) => v.action),
        ...(retired.length ? { ineffectiveMcpDenies: retired.map(describeRetired) } : {}),
      };
      const retiredClause = retired.length ? `${retired.length} Deny statement(s) on aws-mcp:* actions (${describeRetired(retired[0]!)}) have no effect: AWS no longer enforces these actions.` : '';
      const retiredText = retiredClause ? ` ${retiredClause}` : '';
      const unresolved = unresolvedPolicies(snap, principal);
      if (allowed.length === 0 && unresolved.length) {
        return { resourceArn: entity.arn, status: 'NOT_ASSESSED', message: `${entity.name}: policies ${unresolved.join(', ')} are attached but not in the snapshot, so it cannot be told whether they allow destructive actions through an MCP server.`, evidence: { ...evidence, unresolved } };
      }
      const fix = draft(
        `cat > deny-destructive-via-mcp.json <<'POLICY'`,
        json({ Version: '2012-10-17', Statement: [{ Sid: 'DenyDestructiveViaMcp', Effect: 'Deny', Action: [...DESTRUCTIVE_ACTIONS], Resource: '*', Condition: { Bool: { [VIA_AWS_MCP_SERVICE]: 'true' } } }] }),
        'POLICY',
        `aws iam put-${kind}-policy --${kind}-name ${sh(entity.name)} --policy-name DenyDestructiveViaMcp --policy-document file://deny-destructive-via-mcp.json`,
        '# (better: add the statement to the permissions boundary or to an SCP, which no later Allow can open)',
        ...(retired.length ? ['# and delete the Deny statements on aws-mcp:* actions: they deny nothing'] : []),
      );
      if (allowed.length) {
        return { resourceArn: entity.arn, status: 'FAIL', severity: 'high', message: `${entity.name} can perform ${allowed.length} destructive action(s) through an AWS MCP server (${listed(allowed.map((v) => v.action))}).${retiredText}`, evidence, remediation: fix };
      }
      if (implicit.length) {
        return { resourceArn: entity.arn, status: 'FAIL', severity: 'medium', message: `${entity.name}: ${implicit.length} destructive action(s) are only implicitly denied through an AWS MCP server (${listed(implicit.map((v) => v.action))}): one Allow added later opens them.${retiredText}`, evidence, remediation: fix };
      }
      if (retired.length) {
        return { resourceArn: entity.arn, status: 'FAIL', severity: 'low', message: `${entity.name}: destructive actions are denied through an AWS MCP server, but ${retiredClause}`, evidence, remediation: fix };
      }
      return { resourceArn: entity.arn, status: 'PASS', message: `${entity.name}: all ${verdicts.length} destructive actions are explicitly denied through an AWS MCP server.`, evidence };
    }),
};
