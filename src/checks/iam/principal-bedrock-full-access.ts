// The AWS managed full-access policies of Bedrock (AmazonBedrockFullAccess: bedrock:* on "*") and Bedrock AgentCore
// (BedrockAgentCoreFullAccess: bedrock-agentcore:*, and passing roles to it) let a user, group or role create and
// run models and agents, and give an agent a role to act with. Agents themselves are judged by
// agent.broad-managed-policies (every *FullAccess policy); this check is about everyone else.
import { allPrincipals } from '../../policy/reachable.js';
import type { Check, CheckResult } from '../types.js';
import { agentsOf } from '../util/agents.js';
import { isServiceLinkedRole } from '../util/arn.js';
import { detachDraft } from '../util/drafts.js';
import { customerPrincipals } from '../util/populations.js';
import type { AccountSnapshot } from '../../snapshot/snapshot.js';
import type { CheckContext, Population } from '../types.js';
import { draft } from '../util/shell.js';

// agentsOf is the agent checks' own selection, made once per snapshot and selector.
const agentArns = (snap: AccountSnapshot, ctx: CheckContext) => new Set(agentsOf(snap, ctx).map((a) => a.principal.entity.arn));

/** Users, groups and roles (not service-linked) that are not AI agents. */
const nonAgentPrincipals: Population = {
  ...customerPrincipals,
  noun: 'IAM users, groups or roles other than AI agents and service-linked roles',
  members: (snap, ctx) => {
    const agents = agentArns(snap, ctx);
    return customerPrincipals.members(snap, ctx).filter((arn) => !agents.has(arn));
  },
  membershipReads: ['identity', 'tags', 'trust'],
};

const BEDROCK_FULL = /^arn:[^:]+:iam::aws:policy\/(AmazonBedrockFullAccess|BedrockAgentCoreFullAccess)$/;

export const principalBedrockFullAccess: Check = {
  id: 'iam.principal.bedrock-full-access',
  title: 'No user, group or role other than an AI agent has a Bedrock or AgentCore full-access policy attached',
  severity: 'medium',
  needs: ['users', 'groups', 'roles'],
  reads: ['identity', 'permissions', 'tags', 'trust'],
  population: nonAgentPrincipals,
  remediation: 'Replace AmazonBedrockFullAccess / BedrockAgentCoreFullAccess with a policy for the models, agents and roles the principal needs.',
  run: (snap, ctx) => {
    const agents = agentArns(snap, ctx);
    return allPrincipals(snap)
      .filter((p) => !(p.kind === 'role' && isServiceLinkedRole(p.entity)) && !agents.has(p.entity.arn))
      .map(({ kind, entity }): CheckResult => {
        const attached = entity.attachedManagedPolicies.filter((a) => BEDROCK_FULL.test(a.arn));
        if (!attached.length) return { resourceArn: entity.arn, status: 'PASS', message: `${entity.name} has no Bedrock or AgentCore full-access policy attached.`, evidence: {} };
        return {
          resourceArn: entity.arn,
          status: 'FAIL',
          message: `The ${kind} ${entity.name} has ${attached.map((a) => a.name).join(' and ')} attached: it can create and run any model or agent, and hand an agent a role to act with.`,
          evidence: { policies: attached.map((a) => a.arn) },
          remediation: draft(
            '# Grant the Bedrock actions on the models and agents this principal works with, then:',
            ...attached.map((a) => detachDraft(kind, entity.name, { type: 'managed', name: a.name, arn: a.arn })),
          ),
        };
      });
  },
};
