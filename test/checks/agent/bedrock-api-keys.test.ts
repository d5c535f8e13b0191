// agent.bedrock-api-keys, and the selection of a key's user as an AI agent.
import { beforeAll, describe, expect, it } from 'vitest';
import { selectAgents } from '../../../src/agents/select.js';
import { agentBedrockApiKeys } from '../../../src/checks/agent/bedrock-api-keys.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { BedrockApiKey } from '../../../src/snapshot/snapshot.js';
import { context, daysAgo, snapshot } from '../../fixtures/snapshot-builder.js';
import { resultFor } from '../../helpers/checks.js';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const INVOKE_ONLY = doc({ Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:CallWithBearerToken'], Resource: '*' });
const key = (userName: string, input: Partial<BedrockApiKey> = {}): BedrockApiKey => ({ userName, id: `ACCA${userName.toUpperCase().replace(/[^A-Z]/g, '')}00000000000000000`, status: 'Active', createDate: daysAgo(200), ...input });

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

describe('agent.bedrock-api-keys', () => {
  it('medium for a long-term key of an invoke-only user, high when the user can do more, with age and expiry', () => {
    const snap = snapshot()
      .user('invoker', { inline: { bedrock: INVOKE_ONLY } })
      .user('builder', { inline: { bedrock: INVOKE_ONLY, s3: doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }) } })
      .set('bedrockApiKeys', [key('invoker'), key('builder', { expirationDate: daysAgo(-30) })])
      .build();
    const results = agentBedrockApiKeys.run(snap, ctx);
    expect(resultFor(results, 'user/invoker')).toMatchObject({ status: 'FAIL', severity: 'medium', message: 'invoker has 1 active long-term Bedrock API key(s) (oldest 200 days, one never expires).' });
    const builder = resultFor(results, 'user/builder');
    expect(builder).toMatchObject({ status: 'FAIL', severity: 'high' });
    expect(builder.message).toBe("builder has 1 active long-term Bedrock API key(s) (oldest 200 days), and the key's holder can do more than invoke models: 1 other action(s) (s3:PutObject).");
    expect(builder.remediation).toContain('aws iam delete-service-specific-credential --user-name builder');
  });

  it('inactive or expired keys pass; users without keys are not judged; no keys at all is NOT_APPLICABLE', () => {
    const snap = snapshot()
      .user('old', { inline: { bedrock: INVOKE_ONLY } })
      .user('expired')
      .user('nokey')
      .set('bedrockApiKeys', [key('old', { status: 'Inactive' }), key('expired', { expirationDate: daysAgo(1) })])
      .build();
    const results = agentBedrockApiKeys.run(snap, ctx);
    expect(results.map((r) => [r.resourceArn.split('/').pop(), r.status])).toEqual([['old', 'PASS'], ['expired', 'PASS']]);
    const none = runChecks(snapshot().user('nokey').build(), [agentBedrockApiKeys], ctx).outcomes[0];
    expect(none?.status).toBe('NOT_APPLICABLE');
  });

  it('NOT_ASSESSED, never PASS, when the keys could not be listed', () => {
    const snap = snapshot().user('u').set('bedrockApiKeys', undefined).gap('bedrockApiKeys', 'AccessDenied', 'iam:ListServiceSpecificCredentials').build();
    expect(runChecks(snap, [agentBedrockApiKeys], ctx).outcomes[0]?.status).toBe('NOT_ASSESSED');
  });

  it('a user holding a Bedrock API key is selected as an agent (reason "Bedrock API key"), unless discovery is off', () => {
    const snap = snapshot().user('invoker').user('other').set('bedrockApiKeys', [key('invoker')]).build();
    expect(selectAgents(snap).map((a) => [a.entity.name, a.selectedBy])).toEqual([['invoker', 'Bedrock API key']]);
    expect(selectAgents(snap, { tags: [], names: [], arns: [], discover: false })).toEqual([]);
  });
});
