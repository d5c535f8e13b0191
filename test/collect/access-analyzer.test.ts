// IAM Access Analyzer through the real SDK v3 clients (Account and Access Analyzer, REST-JSON) against the local
// endpoint: enabled regions from account:ListRegions, ListAnalyzers in each, ACTIVE findings by ListFindingsV2 with a
// cap recorded as a gap, AccessDenied at each step, and the same reads in an organization member account.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, createOrganizationsClient, destroyClients } from '../../src/aws/clients.js';
import { runChecks } from '../../src/checks/run.js';
import { accessAnalyzerEnabled, accessAnalyzerTagged } from '../../src/checks/iam/index.js';
import { collectSnapshot } from '../../src/collect/index.js';
import { collectOrganization } from '../../src/collect/organizations.js';
import { collectMemberSnapshot } from '../../src/org/audit-member.js';
import { loadActionCatalog } from '../../src/policy/catalog.js';
import type { AccountSnapshot } from '../../src/snapshot/snapshot.js';
import { configureAccountReads, FakeAccount, startAwsEndpoint, type AccountReadsSetup, type AnalyzerFindingInput, type AwsEndpoint, type FaultOptions } from '../aws-endpoint/index.js';
import { context } from '../fixtures/snapshot-builder.js';
import { DEV, NOW, organization, ROLE } from '../fixtures/organization.js';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';

const ACCOUNT = '123456789012';
useFakeAwsEnvironment();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const bucketFindings = (n: number, status: AnalyzerFindingInput['status'] = 'ACTIVE'): AnalyzerFindingInput[] =>
  Array.from({ length: n }, (_, i) => ({ resource: `arn:aws:s3:::shared-${String(i).padStart(3, '0')}`, resourceType: 'AWS::S3::Bucket', status }));

async function collect(setup: AccountReadsSetup, faults: FaultOptions = {}, maxFindingsPerAnalyzer?: number) {
  const acct = configureAccountReads(new FakeAccount(ACCOUNT, { now: NOW }), setup);
  const endpoint: AwsEndpoint = await startAwsEndpoint(acct, { credentialReport: { pollsUntilReady: 0 }, ...faults });
  closers.push(() => endpoint.close());
  const clients = createClients({ endpointUrl: endpoint.url, maxAttempts: 1 });
  closers.push(async () => destroyClients(clients));
  const snapshot = await collectSnapshot(clients, { now: () => new Date(NOW), ...(maxFindingsPerAnalyzer ? { accessAnalyzer: { maxFindingsPerAnalyzer } } : {}) });
  return { snapshot, endpoint };
}

async function judge(snapshot: AccountSnapshot, check = accessAnalyzerEnabled) {
  return runChecks(snapshot, [check], context(await loadActionCatalog(), {}, NOW));
}

const REGIONS = ['eu-west-1', 'us-east-1', { name: 'ap-east-1', status: 'DISABLED' as const }, { name: 'il-central-1', status: 'ENABLED' as const }];

describe('IAM Access Analyzer reads', () => {
  it('an analyzer with findings: ACTIVE ones stored, paginated; one finding per enabled region; disabled regions are not read', async () => {
    const { snapshot, endpoint } = await collect({
      regions: REGIONS,
      analyzers: [
        { name: 'external', region: 'us-east-1', tags: { owner: 'sec' }, findings: [...bucketFindings(230), ...bucketFindings(5, 'ARCHIVED')] },
        { name: 'unused', region: 'us-east-1', type: 'ACCOUNT_UNUSED_ACCESS', tags: { 'aws:cloudformation:stack-name': 's' }, findings: [{ resource: `arn:aws:iam::${ACCOUNT}:role/old`, resourceType: 'AWS::IAM::Role' }] },
        { name: 'org', region: 'eu-west-1', type: 'ORGANIZATION', status: 'FAILED', statusReason: 'SERVICE_LINKED_ROLE_CREATION_FAILED' },
      ],
    });
    expect(snapshot.accessAnalyzer!.regions).toEqual(['eu-west-1', 'il-central-1', 'us-east-1']);
    expect(endpoint.log.filter((r) => r.action === 'ListAnalyzers').length).toBe(3);
    expect(endpoint.count('ListFindingsV2')).toBe(3 + 1); // 230 in pages of 100, and the unused-access analyzer's one
    expect(snapshot.accessAnalyzerFindings!.length).toBe(231);
    expect(snapshot.accessAnalyzerFindings!.find((f) => f.findingType === 'UnusedIAMRole')).toMatchObject({ resource: `arn:aws:iam::${ACCOUNT}:role/old`, status: 'ACTIVE', region: 'us-east-1' });
    expect(snapshot.accessAnalyzerFindings!.every((f) => f.status === 'ACTIVE')).toBe(true);
    expect(snapshot.gaps.filter((g) => g.part.startsWith('accessAnalyzer'))).toEqual([]);

    const { outcomes, findings } = await judge(snapshot);
    expect(outcomes[0]).toMatchObject({ status: 'FAIL', evaluated: 3, failed: 2 });
    expect(findings.map((f) => [f.detail, f.message])).toEqual([
      ['eu-west-1', 'No IAM Access Analyzer external access analyzer is active in eu-west-1: its external access analyzer is not active (org: FAILED, SERVICE_LINKED_ROLE_CREATION_FAILED), so resources shared outside the account there go unnoticed.'],
      ['il-central-1', 'No IAM Access Analyzer external access analyzer is active in il-central-1: it has no analyzer, so resources shared outside the account there go unnoticed.'],
    ]);
    expect(findings[1]!.remediation).toMatch(/^aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region il-central-1\n# In an organization/);

    const tagged = await judge(snapshot, accessAnalyzerTagged);
    expect(tagged.outcomes[0]).toMatchObject({ status: 'FAIL', evaluated: 3 });
    expect(tagged.findings.map((f) => f.resourceArn).sort()).toEqual([`arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/org`, `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/unused`]);
  });

  it('more ACTIVE findings than the cap: the first ones kept and a Truncated gap names the analyzer', async () => {
    const { snapshot } = await collect({ regions: ['us-east-1'], analyzers: [{ name: 'external', region: 'us-east-1', findings: bucketFindings(30) }] }, {}, 12);
    expect(snapshot.accessAnalyzerFindings!.length).toBe(12);
    expect(snapshot.gaps).toContainEqual({
      part: 'accessAnalyzerFindings',
      api: 'access-analyzer:ListFindingsV2',
      error: 'Truncated',
      message: 'external in us-east-1 has more than 12 ACTIVE findings; the first 12 were read',
      resource: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/external`,
    });
    expect((await judge(snapshot)).outcomes[0]!.status).toBe('PASS');
  });

  it('none: FAIL in every enabled region, tagging NOT_APPLICABLE, no ListFindingsV2 call', async () => {
    const { snapshot, endpoint } = await collect({ regions: ['us-east-1', 'eu-west-1'], analyzers: [] });
    expect(snapshot.accessAnalyzer).toEqual({ regions: ['eu-west-1', 'us-east-1'], analyzers: [] });
    expect(snapshot.accessAnalyzerFindings).toEqual([]);
    expect(endpoint.count('ListFindingsV2')).toBe(0);
    expect((await judge(snapshot)).outcomes[0]).toMatchObject({ status: 'FAIL', failed: 2 });
    expect((await judge(snapshot, accessAnalyzerTagged)).outcomes[0]!.status).toBe('NOT_APPLICABLE');
  });

  it('AccessDenied on ListAnalyzers: every region NOT_ASSESSED with the cause (never FAIL or PASS)', async () => {
    const { snapshot } = await collect({ regions: ['us-east-1', 'eu-west-1'] }, { accessDenied: ['access-analyzer:ListAnalyzers'] });
    const gaps = snapshot.gaps.filter((g) => g.part === 'accessAnalyzer');
    expect(gaps.map((g) => [g.resource, g.error])).toEqual([
      [`arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/*`, 'AccessDeniedException'],
      [`arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/*`, 'AccessDeniedException'],
    ]);
    const { outcomes, findings } = await judge(snapshot);
    expect(outcomes[0]).toMatchObject({ status: 'NOT_ASSESSED', failed: 0 });
    expect(findings.map((f) => f.status)).toEqual(['NOT_ASSESSED', 'NOT_ASSESSED']);
    expect(findings[0]!.message).toContain('access denied to access-analyzer:ListAnalyzers');
    expect((await judge(snapshot, accessAnalyzerTagged)).outcomes[0]!.status).toBe('NOT_ASSESSED');
  });

  it('AccessDenied on ListFindingsV2 (access-analyzer:ListFindings) or account:ListRegions', async () => {
    const findingsDenied = await collect({}, { accessDenied: ['access-analyzer:ListFindingsV2'] });
    expect(findingsDenied.snapshot.gaps).toContainEqual(expect.objectContaining({ part: 'accessAnalyzerFindings', error: 'AccessDeniedException', resource: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/external-access` }));
    expect((await judge(findingsDenied.snapshot)).outcomes[0]!.status).toBe('PASS');
    const regionsDenied = await collect({}, { accessDenied: ['account:ListRegions'] });
    expect(regionsDenied.snapshot.accessAnalyzer).toBeUndefined();
    expect(regionsDenied.snapshot.gaps.filter((g) => g.api === 'account:ListRegions').map((g) => g.part)).toEqual(['accessAnalyzer', 'accessAnalyzerFindings']);
    expect((await judge(regionsDenied.snapshot)).outcomes[0]).toMatchObject({ status: 'NOT_ASSESSED', reason: expect.stringContaining('account:ListRegions failed: AccessDeniedException') });
    expect(regionsDenied.endpoint.count('ListAnalyzers')).toBe(0);
  });
});

describe('an organization member account (org worker pipeline)', () => {
  it('is read with the assumed role: its own regions, analyzers and findings, and its denials name the role', async () => {
    const fx = organization();
    configureAccountReads(fx.dev, { regions: ['us-east-1', 'eu-west-1'], analyzers: [{ name: 'dev-external', region: 'eu-west-1', findings: bucketFindings(2) }], securityContact: null });
    const endpoint = await startAwsEndpoint(fx.mgmt, { extensions: [fx.org.extension()] });
    closers.push(() => endpoint.close());
    const organizations = createOrganizationsClient({ endpointUrl: endpoint.url, maxAttempts: 1 });
    const model = await collectOrganization(organizations);
    organizations.destroy();
    const caller = createClients({ endpointUrl: endpoint.url, maxAttempts: 1 });
    closers.push(async () => destroyClients(caller));
    endpoint.setFaults({ accessDenied: ['access-analyzer:ListFindingsV2'] });
    const { snapshot } = await collectMemberSnapshot(model, model.accounts.find((a) => a.id === DEV)!, {
      aws: { endpointUrl: endpoint.url, maxAttempts: 1 },
      sts: caller.sts,
      assumeRole: ROLE,
      sessionName: 'hardening-audit-test',
      collect: { credentialReport: { initialPollMs: 1, maxPollMs: 5, deadlineMs: 5000 } },
      now: NOW,
    });
    expect(snapshot.accountId).toBe(DEV);
    expect(snapshot.securityContact).toBeNull();
    expect(snapshot.accessAnalyzer!.analyzers.map((a) => a.arn)).toEqual([`arn:aws:access-analyzer:eu-west-1:${DEV}:analyzer/dev-external`]);
    const denied = snapshot.gaps.find((g) => g.part === 'accessAnalyzerFindings')!;
    expect(denied.message).toContain(`for role arn:aws:iam::${DEV}:role/${ROLE}`);
    const { findings } = await judge(snapshot);
    expect(findings.map((f) => f.detail)).toEqual(['us-east-1']);
  });
});
