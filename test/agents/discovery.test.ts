// Agents found where they live: roles whose trust lets Bedrock Agents or Bedrock AgentCore assume them are AI agents
// without any tag (src/agents/select.ts AGENT_SERVICES), unless discovery is off.
import { beforeAll, describe, expect, it } from 'vitest';
import { selectAgents } from '../../src/agents/select.js';
import { agentPermissionsBoundary } from '../../src/checks/agent/permissions-boundary.js';
import { runChecks } from '../../src/checks/run.js';
import type { CheckContext } from '../../src/checks/types.js';
import { loadActionCatalog } from '../../src/policy/catalog.js';
import { resolveAgentSelector } from '../../src/settings/config-file.js';
import { ACCOUNT, context, snapshot } from '../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const trustedBy = (service: string, effect: 'Allow' | 'Deny' = 'Allow') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: effect, Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});
const account = () =>
  snapshot()
    .role('bedrock-agent-role', { trust: trustedBy('bedrock.amazonaws.com') })
    .role('agentcore-runtime', { trust: trustedBy('bedrock-agentcore.amazonaws.com') })
    .role('lambda-exec', { trust: trustedBy('lambda.amazonaws.com') })
    .role('denied', { trust: trustedBy('bedrock.amazonaws.com', 'Deny') })
    .build();

describe('agent discovery from trust policies', () => {
  it('selects the roles Bedrock or AgentCore may assume, saying why; not other services, not a Deny', () => {
    const agents = selectAgents(account(), resolveAgentSelector(undefined, {}));
    expect(agents.map((a) => [a.entity.name, a.selectedBy])).toEqual([
      ['bedrock-agent-role', 'trust admits bedrock.amazonaws.com'],
      ['agentcore-runtime', 'trust admits bedrock-agentcore.amazonaws.com'],
    ]);
  });

  it('--no-agent-discovery and agents.discovery: false turn it off', () => {
    expect(selectAgents(account(), resolveAgentSelector(undefined, { discover: false }))).toEqual([]);
    expect(selectAgents(account(), resolveAgentSelector({ agents: { discovery: false } }, {}))).toEqual([]);
  });

  it('discovered agents are judged by the agent checks', () => {
    const { findings } = runChecks(account(), [agentPermissionsBoundary], { ...ctx, agents: resolveAgentSelector(undefined, {}) });
    expect(findings.map((f) => f.resourceArn).sort()).toEqual([`arn:aws:iam::${ACCOUNT}:role/agentcore-runtime`, `arn:aws:iam::${ACCOUNT}:role/bedrock-agent-role`]);
  });
});
