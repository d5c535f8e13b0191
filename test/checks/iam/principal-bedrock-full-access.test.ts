// iam.principal.bedrock-full-access: AmazonBedrockFullAccess / BedrockAgentCoreFullAccess on anyone but an AI agent.
import { beforeAll, describe, expect, it } from 'vitest';
import { principalBedrockFullAccess } from '../../../src/checks/iam/principal-bedrock-full-access.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const BEDROCK = 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess';
const AGENTCORE = 'arn:aws:iam::aws:policy/BedrockAgentCoreFullAccess';

describe('iam.principal.bedrock-full-access', () => {
  it('fails a user or group with either policy, names both when both are attached; leaves AI agents to the agent checks', () => {
    const snap = snapshot()
      .user('dev', { managed: [BEDROCK, AGENTCORE] })
      .group('ml', { managed: [AGENTCORE] })
      .role('agent', { managed: [BEDROCK], tags: { Purpose: 'ai-agent' } })
      .role('app')
      .build();
    const { findings, outcomes } = runChecks(snap, [principalBedrockFullAccess], ctx);
    expect(outcomes[0]!.status).toBe('FAIL');
    expect(findings.map((f) => f.resourceArn).sort()).toEqual([`arn:aws:iam::${ACCOUNT}:group/ml`, `arn:aws:iam::${ACCOUNT}:user/dev`]);
    const dev = findings.find((f) => f.resourceArn.endsWith(':user/dev'))!;
    expect(dev.message).toContain('AmazonBedrockFullAccess and BedrockAgentCoreFullAccess');
    expect(dev.remediation).toContain(`aws iam detach-user-policy --user-name dev --policy-arn ${AGENTCORE}`);
  });

  it('passes when nobody else has them', () => {
    const { outcomes } = runChecks(snapshot().role('app').role('agent', { managed: [BEDROCK], tags: { Purpose: 'ai-agent' } }).build(), [principalBedrockFullAccess], ctx);
    expect(outcomes[0]!.status).toBe('PASS');
  });
});
