// agent.mcp-destructive-denied: the destructive set evaluated with the MCP keys in the request context.
import { beforeAll, describe, expect, it } from 'vitest';
import { DESTRUCTIVE_ACTIONS } from '../../../src/agents/destructive-actions.js';
import { agentPosture } from '../../../src/agents/posture.js';
import { agentDestructiveActions } from '../../../src/checks/agent/destructive-actions-denied.js';
import { agentMcpDestructiveDenied } from '../../../src/checks/agent/mcp-destructive-denied.js';
import { AGENT_CHECKS } from '../../../src/checks/agent/index.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { normalizePolicyDocument } from '../../../src/policy/normalize.js';
import type { AccountSnapshot } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';
import { resultFor } from '../../helpers/checks.js';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const AGENT = { Purpose: 'ai-agent' };
const ADMIN = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const MCP_DENY = doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'DenyDestructiveViaMcp', Effect: 'Deny', Action: [...DESTRUCTIVE_ACTIONS], Resource: '*', Condition: { Bool: { 'aws:ViaAWSMCPService': 'true' } } });
const RETIRED_DENY = doc({ Sid: 'NoMcp', Effect: 'Deny', Action: ['aws-mcp:InvokeMcp', 'aws-mcp:CallReadWriteTool'], Resource: '*' });

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

type Evidence = { allowedViaMcp: { action: string }[]; deniedOnlyViaMcp: { action: string; decidedBy: string; level?: string; by: string }[]; deniedAlways: string[]; ineffectiveMcpDenies?: string[] };

describe('agent.mcp-destructive-denied', () => {
  it('an MCP-keyed Deny in the boundary passes through MCP, while the direct call stays allowed', () => {
    const snap = snapshot().managedPolicy('mcp-boundary', MCP_DENY).role('agent', { tags: AGENT, inline: { admin: ADMIN }, boundary: 'mcp-boundary' }).build();
    const r = resultFor(agentMcpDestructiveDenied.run(snap, ctx), 'role/agent');
    expect(r.status).toBe('PASS');
    const evidence = r.evidence as Evidence;
    expect(evidence.deniedOnlyViaMcp.map((v) => v.action)).toEqual([...DESTRUCTIVE_ACTIONS]);
    expect(evidence.deniedOnlyViaMcp[0]).toMatchObject({ decidedBy: 'boundary', by: 'explicitly denied by permissions boundary mcp-boundary, statement "DenyDestructiveViaMcp"' });
    // Evaluated, not searched: the same policy leaves the direct call allowed, and the direct check still fails.
    expect(resultFor(agentDestructiveActions.run(snap, ctx), 'role/agent')).toMatchObject({ status: 'FAIL', severity: 'high' });
  });

  it('a Deny keyed on aws:CalledViaAWSMCP = "true" never matches (the key holds the server principal): allowed, high', () => {
    const wrongValue = doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'Wrong', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:CalledViaAWSMCP': 'true' } } });
    const right = doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'Right', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:CalledViaAWSMCP': 'aws-mcp.amazonaws.com' } } });
    const snap = snapshot().role('wrong', { tags: AGENT, inline: { p: wrongValue } }).role('right', { tags: AGENT, inline: { p: right } }).build();
    const results = agentMcpDestructiveDenied.run(snap, ctx);
    const allowedOf = (name: string) => (resultFor(results, `role/${name}`).evidence as Evidence).allowedViaMcp.map((v) => v.action);
    expect(allowedOf('wrong')).toContain('s3:DeleteBucket');
    expect(allowedOf('right')).not.toContain('s3:DeleteBucket');
    expect(resultFor(results, 'role/wrong')).toMatchObject({ status: 'FAIL', severity: 'high' });
  });

  it('an MCP-keyed Deny in an SCP decides, with its level', () => {
    const snap = withScp(snapshot().role('agent', { tags: AGENT, inline: { admin: ADMIN } }).build());
    const evidence = resultFor(agentMcpDestructiveDenied.run(snap, ctx), 'role/agent').evidence as Evidence;
    expect(evidence.allowedViaMcp).toEqual([]);
    expect(evidence.deniedOnlyViaMcp[0]).toMatchObject({ decidedBy: 'scp', level: 'OU Agents' });
  });

  it('relying on a Deny of aws-mcp:* actions is flagged as ineffective, and the actions stay allowed through MCP', () => {
    const snap = snapshot().managedPolicy('no-mcp', RETIRED_DENY).role('agent', { tags: AGENT, inline: { admin: ADMIN }, managed: ['no-mcp'] }).build();
    const r = resultFor(agentMcpDestructiveDenied.run(snap, ctx), 'role/agent');
    expect(r).toMatchObject({ status: 'FAIL', severity: 'high' });
    expect((r.evidence as Evidence).allowedViaMcp).toHaveLength(DESTRUCTIVE_ACTIONS.length);
    expect(r.message).toContain('no-mcp');
    expect((r.evidence as Evidence).ineffectiveMcpDenies).toEqual(['identity policy no-mcp (attached to role agent), statement "NoMcp" denies aws-mcp:InvokeMcp, aws-mcp:CallReadWriteTool']);
  });

  it('everything denied but an aws-mcp:* Deny still in place: low', () => {
    const denyAll = doc({ Effect: 'Deny', Action: [...DESTRUCTIVE_ACTIONS], Resource: '*' });
    const snap = snapshot().managedPolicy('no-mcp', RETIRED_DENY).role('agent', { tags: AGENT, inline: { deny: denyAll }, managed: ['no-mcp'] }).build();
    expect(resultFor(agentMcpDestructiveDenied.run(snap, ctx), 'role/agent')).toMatchObject({ status: 'FAIL', severity: 'low' });
  });

  it('an agent with no Allow at all: implicitly denied through MCP (medium); an unresolved policy makes it NOT_ASSESSED', () => {
    const snap = snapshot().role('agent', { tags: AGENT }).build();
    expect(resultFor(agentMcpDestructiveDenied.run(snap, ctx), 'role/agent')).toMatchObject({ status: 'FAIL', severity: 'medium' });
    const unresolved = snapshot().role('agent', { tags: AGENT, managed: [`arn:aws:iam::${ACCOUNT}:policy/missing`] }).build();
    expect(resultFor(agentMcpDestructiveDenied.run(unresolved, ctx), 'role/agent').status).toBe('NOT_ASSESSED');
  });

  it('the agents section lists destructive actions allowed directly and through MCP, and has the criterion', () => {
    const snap = snapshot().managedPolicy('mcp-boundary', MCP_DENY).role('agent', { tags: AGENT, inline: { admin: ADMIN }, boundary: 'mcp-boundary' }).build();
    const { outcomes, findings } = runChecks(snap, AGENT_CHECKS, ctx);
    const [row] = agentPosture(snap, ctx, outcomes, findings);
    expect(row?.destructiveAllowed).toEqual({ direct: [...DESTRUCTIVE_ACTIONS], viaMcp: [] });
    expect(row?.criteria['agent.mcp-destructive-denied']).toBe('PASS');
    expect(row?.criteria['agent.destructive-actions-denied']).toBe('FAIL');
  });
});

function withScp(snap: AccountSnapshot): AccountSnapshot {
  const full = { id: 'p-FullAWSAccess', arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', name: 'FullAWSAccess', awsManaged: true, document: normalizePolicyDocument(ADMIN) };
  const guard = { id: 'p-mcp', arn: 'arn:aws:organizations::999999999999:policy/o-abc123/service_control_policy/p-mcp', name: 'AgentGuardrails', awsManaged: false, document: normalizePolicyDocument(MCP_DENY) };
  return {
    ...snap,
    organization: {
      id: 'o-abc123',
      arn: 'arn:aws:organizations::999999999999:organization/o-abc123',
      managementAccountId: '999999999999',
      scpEnabled: true,
      account: { id: ACCOUNT, arn: `arn:aws:organizations::999999999999:account/o-abc123/${ACCOUNT}`, name: 'agents', status: 'ACTIVE', ouPath: 'Root/Agents' },
      scpChain: [
        { targetId: 'r-root', targetName: 'Root', targetType: 'ROOT', policies: [full] },
        { targetId: 'ou-agents', targetName: 'Agents', targetType: 'ORGANIZATIONAL_UNIT', policies: [guard] },
        { targetId: ACCOUNT, targetName: 'agents', targetType: 'ACCOUNT', policies: [full] },
      ],
      accountIds: [ACCOUNT, '999999999999'],
    },
  } as AccountSnapshot;
}
