// CloudTrail in every audit (single-account mode here): the two trail checks PASS / FAIL / NOT_ASSESSED through the
// local endpoint, selectors (basic and advanced), and root activity read at CloudTrail's 2 requests per second.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { afterEach, describe, expect, it } from 'vitest';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';
import { configureCloudTrail, FakeAccount, startAwsEndpoint, type AwsEndpoint, type CloudTrailSetup } from '../aws-endpoint/index.js';
import { collectRootActivity, managementEventsOf } from '../../src/collect/cloudtrail.js';
import { main } from '../../src/entry/cli/main.js';
import type { AuditReport } from '../../src/report/model.js';

const ACCOUNT = '123456789012';
const NOW = '2026-11-25T00:00:00Z';
let endpoint: AwsEndpoint | undefined;

useFakeAwsEnvironment();
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

function account(setup?: CloudTrailSetup): FakeAccount {
  const acct = new FakeAccount(ACCOUNT, { now: NOW }).passwordPolicy({ minimumPasswordLength: 14, passwordReusePrevention: 24 }).root({ mfa: 'hardware' });
  return setup ? configureCloudTrail(acct, setup) : acct;
}

async function audit(acct: FakeAccount, faults: Parameters<typeof startAwsEndpoint>[1] = {}) {
  endpoint = await startAwsEndpoint(acct, { credentialReport: { pollsUntilReady: 0 }, ...faults });
  const out = mkdtempSync(join(tmpdir(), 'ha-ct-'));
  const code = await main(['node', 'hardening-audit', '--endpoint-url', endpoint.url, '--out', out, '--now', NOW, '--fail-on', 'none', '-q']);
  const report = JSON.parse(readFileSync(join(out, `${ACCOUNT}-2026-11-25.json`), 'utf8')) as AuditReport;
  const status = (id: string) => report.checks.find((c) => c.id === id)?.status;
  return { code, report, status, endpoint };
}

describe('CloudTrail checks through the endpoint', () => {
  it('PASS for a logging multi-region trail with validation (the default account)', async () => {
    const { code, status, report, endpoint } = await audit(account());
    expect(status('cloudtrail.multi-region-logging')).toBe('PASS');
    expect(status('cloudtrail.log-file-validation')).toBe('PASS');
    expect(code).toBe(0);
    expect(report.checks.find((c) => c.id === 'cloudtrail.multi-region-logging')!.compliance).toEqual({ 'cis-7.0': ['4.1'], 'cis-3.0': ['3.1'], 'security-hub': ['CloudTrail.1'] });
    expect(['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors', 'LookupEvents'].map((a) => endpoint.count(a))).toEqual([1, 1, 1, 1]);
  });

  it('FAIL: a stopped multi-region trail, a single-region trail, write-only selectors, no validation', async () => {
    const { report, status } = await audit(
      account({
        trails: [
          { name: 'stopped', multiRegion: true, logging: false, logFileValidation: true },
          { name: 'writes', multiRegion: true, logging: true, logFileValidation: true, management: 'WriteOnly', advancedSelectors: true },
          { name: 'local', homeRegion: 'us-east-1', logging: true, logFileValidation: false },
          { name: 'elsewhere', homeRegion: 'eu-west-1', logging: true }, // single-region in another region: not visible
        ],
      }),
    );
    expect(status('cloudtrail.multi-region-logging')).toBe('FAIL');
    const f = report.findings.find((x) => x.checkId === 'cloudtrail.multi-region-logging')!;
    expect(f.message).toBe('stopped is not logging; writes records only write management events: API activity in this account is not fully recorded.');
    expect(f.remediation).toContain('aws cloudtrail start-logging --name arn:aws:cloudtrail:us-east-1:123456789012:trail/stopped --region us-east-1');
    const validation = report.findings.filter((x) => x.checkId === 'cloudtrail.log-file-validation');
    expect(validation.map((x) => x.resourceArn)).toEqual(['arn:aws:cloudtrail:us-east-1:123456789012:trail/local']);
    expect(validation[0]!.remediation).toContain('--enable-log-file-validation');
  });

  it('FAIL without any trail', async () => {
    const { report, status } = await audit(account({ trails: [] }));
    expect(status('cloudtrail.multi-region-logging')).toBe('FAIL');
    expect(report.findings.find((x) => x.checkId === 'cloudtrail.log-file-validation')!.message).toMatch(/^No CloudTrail trail exists/);
  });

  it('NOT_ASSESSED when CloudTrail reads are denied; exit 3; root recent-use still judged from the credential report', async () => {
    const { code, report, status } = await audit(account(), { accessDenied: ['cloudtrail:DescribeTrails', 'cloudtrail:LookupEvents'] });
    expect(code).toBe(3);
    expect(status('cloudtrail.multi-region-logging')).toBe('NOT_ASSESSED');
    expect(status('cloudtrail.log-file-validation')).toBe('NOT_ASSESSED');
    expect(report.gaps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ part: 'cloudTrail', api: 'cloudtrail:DescribeTrails', error: 'AccessDeniedException' }),
        expect.objectContaining({ part: 'rootActivity', api: 'cloudtrail:LookupEvents', error: 'AccessDeniedException' }),
      ]),
    );
    expect(status('iam.root.recent-use')).toBe('PASS');
  });

  it('a trail whose status cannot be read is a gap of the cloudTrail part (never a PASS)', async () => {
    const { status, report } = await audit(account(), { accessDenied: ['cloudtrail:GetTrailStatus'] });
    expect(status('cloudtrail.multi-region-logging')).toBe('NOT_ASSESSED');
    expect(report.gaps.map((g) => `${g.part} ${g.api}`)).toEqual(['cloudTrail cloudtrail:GetTrailStatus']);
  });
});

describe('selectors', () => {
  it('reads basic and advanced selectors', () => {
    expect(managementEventsOf(undefined, undefined).managementEvents).toBe('All');
    expect(managementEventsOf([{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly', ExcludeManagementEventSources: ['kms.amazonaws.com'] }], undefined)).toEqual({
      managementEvents: 'All',
      excluded: ['kms.amazonaws.com'],
    });
    expect(managementEventsOf([{ ReadWriteType: 'All', IncludeManagementEvents: false }], undefined).managementEvents).toBe('None');
    expect(
      managementEventsOf(undefined, [
        { Name: 'data', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] },
        { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] },
      ]).managementEvents,
    ).toBe('ReadOnly');
  });
});

describe('root activity', () => {
  it('pages LookupEvents at 2 requests per second (the endpoint throttles faster callers) and keeps root events only', async () => {
    const events = Array.from({ length: 120 }, (_, i) => ({ time: new Date(Date.parse(NOW) - (i + 1) * 3_600_000).toISOString(), name: i % 2 ? 'ListBuckets' : 'ConsoleLogin' }));
    events.push({ time: '2026-11-24T12:00:00Z', name: 'GetObject', username: 'root', userType: 'IAMUser' } as never);
    const acct = account({ events });
    endpoint = await startAwsEndpoint(acct);
    const client = new CloudTrailClient({ ...endpoint.clientConfig, maxAttempts: 1 });
    const activity = await collectRootActivity(client, new Date(NOW), { maxLookupPages: 3 });
    client.destroy();
    expect(endpoint.count('LookupEvents')).toBe(3);
    expect(endpoint.log.filter((c) => c.error)).toEqual([]); // never throttled
    expect(activity.events).toHaveLength(120); // 121 matched Username=root, one was an IAM user called root
    expect(activity.truncated).toBe(false);
    expect(activity.events[0]).toMatchObject({ eventName: 'ConsoleLogin', eventTime: '2026-11-24T23:00:00.000Z', sourceIpAddress: '198.51.100.7' });
    expect(activity.since).toBe('2026-08-27T00:00:00.000Z');
  });
});
