// Bedrock API keys through the real SDK v3 IAM client against the local endpoint: one paginated AllUsers call, the
// key's user selected as an agent with its reason, AccessDenied as a gap (NOT_ASSESSED, exit 3), and an
// authorization-details export that has no keys.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/entry/cli/main.js';
import { buildOfflineSnapshot } from '../../src/load/offline.js';
import type { AuditReport } from '../../src/report/model.js';
import { configureServiceCredentials } from '../aws-endpoint/bedrock-api-keys.js';
import { FakeAccount, startAwsEndpoint, type AwsEndpoint, type EndpointOptions } from '../aws-endpoint/index.js';
import { readExport } from '../helpers/auth-details.js';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';

const ACCOUNT = '123456789012';
const NOW = '2026-11-25T00:00:00Z';
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
let endpoint: AwsEndpoint | undefined;

useFakeAwsEnvironment();
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

function account(): FakeAccount {
  const acct = new FakeAccount(ACCOUNT, { now: NOW })
    .passwordPolicy({ minimumPasswordLength: 14, passwordReusePrevention: 24 })
    .root({ mfa: 'hardware' })
    .user('bedrock-app', { inline: { app: doc({ Effect: 'Allow', Action: ['bedrock:InvokeModel', 's3:PutObject'], Resource: '*' }) } })
    .user('chat-bot', { inline: { chat: doc({ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }) } })
    .user('alice');
  return configureServiceCredentials(acct, [
    { user: 'bedrock-app', created: '2026-05-29T00:00:00Z' },
    { user: 'bedrock-app', created: '2025-01-01T00:00:00Z', status: 'Inactive' },
    { user: 'chat-bot', created: '2026-11-15T00:00:00Z', expires: '2026-12-15T00:00:00Z' },
    { user: 'alice', service: 'codecommit.amazonaws.com', created: '2024-01-01T00:00:00Z' },
  ]);
}

async function audit(acct: FakeAccount, options: EndpointOptions = {}) {
  endpoint = await startAwsEndpoint(acct, { credentialReport: { pollsUntilReady: 0 }, ...options });
  const out = mkdtempSync(join(tmpdir(), 'ha-bedrock-'));
  const code = await main(['node', 'hardening-audit', '--endpoint-url', endpoint.url, '--out', out, '--now', NOW, '--fail-on', 'none', '-q', '--save-snapshot', join(out, 'snap.json')]);
  const report = JSON.parse(readFileSync(join(out, `${ACCOUNT}-2026-11-25.json`), 'utf8')) as AuditReport;
  const snapshot = JSON.parse(readFileSync(join(out, 'snap.json'), 'utf8'));
  return { code, report, snapshot, endpoint };
}

describe('Bedrock API keys (agent.bedrock-api-keys)', () => {
  it('one AllUsers call per page, Bedrock keys only; the holders are agents, judged by what else they can do', async () => {
    const { report, snapshot, endpoint: ep } = await audit(account(), { maxPageSize: 2 });
    expect(ep.count('ListServiceSpecificCredentials')).toBe(2);
    expect(snapshot.bedrockApiKeys.map((k: { userName: string; status: string }) => `${k.userName} ${k.status}`).sort()).toEqual(['bedrock-app Active', 'bedrock-app Inactive', 'chat-bot Active']);
    expect(JSON.stringify(snapshot.bedrockApiKeys)).not.toMatch(/Secret|Password/);
    const findings = report.findings.filter((f) => f.checkId === 'agent.bedrock-api-keys');
    expect(findings.map((f) => [f.resourceArn.split('/').pop(), f.severity])).toEqual([['bedrock-app', 'high'], ['chat-bot', 'medium']]);
    expect(findings[0]!.message).toBe("bedrock-app has 1 active long-term Bedrock API key(s) (oldest 180 days, one never expires), and the key's holder can do more than invoke models: 1 other action(s) (s3:PutObject).");
    expect(report.agents?.map((a) => [a.name, a.selectedBy, a.criteria['agent.bedrock-api-keys']])).toEqual([['bedrock-app', 'Bedrock API key', 'FAIL'], ['chat-bot', 'Bedrock API key', 'FAIL']]);
  });

  it('AccessDenied: a gap, the check NOT_ASSESSED, exit 3', async () => {
    const { report, code } = await audit(account(), { accessDenied: ['iam:ListServiceSpecificCredentials'] });
    expect(report.checks.find((c) => c.id === 'agent.bedrock-api-keys')?.status).toBe('NOT_ASSESSED');
    expect(code).toBe(3);
    expect(report.gaps).toContainEqual(expect.objectContaining({ part: 'bedrockApiKeys', api: 'iam:ListServiceSpecificCredentials', error: 'AccessDenied' }));
  });

  it('an authorization-details export has no keys: a NotProvided gap', () => {
    const { snapshot } = buildOfflineSnapshot([{ page: readExport('example-authz-details.json'), source: 'export.json' }], undefined, NOW);
    expect(snapshot.gaps).toContainEqual(expect.objectContaining({ part: 'bedrockApiKeys', api: 'iam:ListServiceSpecificCredentials', error: 'NotProvided' }));
    expect(snapshot.bedrockApiKeys).toBeUndefined();
  });
});
