// End to end through the local AWS endpoint: the real SDK clients list the analyzers and their ACTIVE findings, the
// audit runs our checks, and the report's IAM Access Analyzer section links one finding (agreement) and shows the
// other as a disagreement.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, destroyClients } from '../../src/aws/clients.js';
import { collectSnapshot } from '../../src/collect/index.js';
import { auditSnapshot } from '../../src/pipeline/audit.js';
import { DEFAULT_THRESHOLDS } from '../../src/vocabulary.js';
import { configureAccountReads, FakeAccount, startAwsEndpoint } from '../aws-endpoint/index.js';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';

const ACCOUNT = '123456789012';
const NOW = '2026-09-01T12:00:00.000Z';
const daysAgo = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

useFakeAwsEnvironment();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('IAM Access Analyzer section, live through the local endpoint', () => {
  it('one analyzer finding agrees with ours, one disagrees', async () => {
    const acct = new FakeAccount(ACCOUNT, { now: NOW })
      .role('idle', { created: daysAgo(400), lastUsed: daysAgo(200) })
      .role('busy', { created: daysAgo(400), lastUsed: daysAgo(4) });
    configureAccountReads(acct, {
      regions: ['us-east-1'],
      analyzers: [
        { name: 'external-access', region: 'us-east-1' },
        {
          name: 'unused',
          region: 'us-east-1',
          type: 'ACCOUNT_UNUSED_ACCESS',
          findings: [
            { resource: role('idle'), resourceType: 'AWS::IAM::Role' },
            { resource: role('busy'), resourceType: 'AWS::IAM::Role' },
          ],
        },
      ],
    });
    const endpoint = await startAwsEndpoint(acct, { credentialReport: { pollsUntilReady: 0 } });
    closers.push(() => endpoint.close());
    const clients = createClients({ endpointUrl: endpoint.url, maxAttempts: 1 });
    closers.push(async () => destroyClients(clients));
    const snapshot = await collectSnapshot(clients, { now: () => new Date(NOW) });
    const report = await auditSnapshot(snapshot, { thresholds: DEFAULT_THRESHOLDS, now: NOW });

    expect(endpoint.count('ListFindingsV2')).toBe(2);
    const section = report.accessAnalyzer!;
    expect(section.incomplete).toEqual([]);
    expect(section.counts).toMatchObject({ imported: 2, linked: 1, disagreements: 1, analyzerOnly: 1, oursOnly: 0 });
    const [first, second] = section.rows;
    expect(first).toMatchObject({ comparison: 'DISAGREE', disagreement: 'analyzer-only', resource: role('busy'), ourVerdict: 'PASS', findingType: 'UnusedIAMRole' });
    expect(first!.ourEvidence).toMatchObject({ lastUsedDate: daysAgo(4), thresholdDays: 90 });
    const ours = report.findings.find((f) => f.checkId === 'iam.role.unused' && f.resourceArn === role('idle'))!;
    expect(ours.status).toBe('FAIL');
    expect(second).toMatchObject({ comparison: 'AGREE', resource: role('idle'), linkedFindings: [ours.id], analyzer: { name: 'unused', region: 'us-east-1' } });
  });
});
