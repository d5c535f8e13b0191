// The endpoint's account-level reads on the wire, through the real SDK v3 clients: IAM query/XML pagination of
// ListServerCertificates, the REST-JSON Account and Access Analyzer services (errors by x-amzn-ErrorType, 429
// throttling the SDK retries, writes refused and recorded), and requests signed for each region.
import { AccessAnalyzerClient, CreateAnalyzerCommand, ListAnalyzersCommand, ListFindingsV2Command } from '@aws-sdk/client-accessanalyzer';
import { AccountClient, GetAlternateContactCommand, ListRegionsCommand, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { IAMClient, ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { configureAccountReads, FakeAccount, startAwsEndpoint, type AwsEndpoint } from './index.js';
import { fastRetry } from '../helpers/endpoint.js';

const ACCOUNT = '123456789012';
let ep: AwsEndpoint | undefined;
afterEach(async () => {
  await ep?.close();
  ep = undefined;
});

async function serve(acct = new FakeAccount(ACCOUNT, { now: '2026-11-25T00:00:00Z' })) {
  ep = await startAwsEndpoint(acct, { maxPageSize: 2 });
  return ep;
}

describe('IAM ListServerCertificates', () => {
  it('pages with Marker/IsTruncated and serves Expiration and UploadDate', async () => {
    const e = await serve(configureAccountReads(new FakeAccount(ACCOUNT), { serverCertificates: ['a', 'b', 'c'].map((name) => ({ name, expiration: '2027-01-01T00:00:00Z' })) }));
    const iam = new IAMClient({ ...e.clientConfig, maxAttempts: 1 });
    const first = await iam.send(new ListServerCertificatesCommand({}));
    expect(first.IsTruncated).toBe(true);
    expect(first.ServerCertificateMetadataList!.map((c) => c.ServerCertificateName)).toEqual(['a', 'b']);
    expect(first.ServerCertificateMetadataList![0]!.Expiration).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(first.ServerCertificateMetadataList![0]!.ServerCertificateId).toMatch(/^ASCA[A-Z2-7]{17}$/);
    const second = await iam.send(new ListServerCertificatesCommand({ Marker: first.Marker }));
    expect([second.IsTruncated, second.ServerCertificateMetadataList!.map((c) => c.ServerCertificateName)]).toEqual([false, ['c']]);
    iam.destroy();
  });
});

describe('AWS Account Management (REST-JSON)', () => {
  it('answers GetAlternateContact and ListRegions, and ResourceNotFoundException for no contact', async () => {
    const e = await serve(configureAccountReads(new FakeAccount(ACCOUNT), { securityContact: null, regions: ['us-east-1', 'eu-west-1', { name: 'me-south-1', status: 'DISABLED' }] }));
    const account = new AccountClient({ ...e.clientConfig, maxAttempts: 1 });
    const err = await account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' })).catch((x: Error) => x);
    expect(err).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    const enabled = await account.send(new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] }));
    expect(enabled.Regions!.map((r) => r.RegionName)).toEqual(['eu-west-1', 'us-east-1']);
    const all = await account.send(new ListRegionsCommand({ MaxResults: 2 }));
    expect([all.Regions!.length, typeof all.NextToken]).toEqual([2, 'string']);
    account.destroy();
  });

  it('refuses a write (403, recorded) and throttles with 429 TooManyRequestsException, which the SDK retries', async () => {
    const e = await serve();
    const account = new AccountClient({ ...e.clientConfig, retryStrategy: fastRetry(3) });
    const write = await account.send(new PutAlternateContactCommand({ AlternateContactType: 'SECURITY', EmailAddress: 'x@example.com', Name: 'x', PhoneNumber: '1', Title: 't' })).catch((x: Error) => x);
    expect(write).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect(e.refused.map((r) => r.action)).toEqual(['POST /putAlternateContact']);
    e.setFaults({ throttleFirst: { 'account:GetAlternateContact': 2 } });
    const contact = await account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
    expect(contact.AlternateContact!.EmailAddress).toBe('security@example.com');
    expect(e.log.filter((r) => r.action === 'GetAlternateContact').map((r) => [r.status, r.error])).toEqual([[429, 'TooManyRequestsException'], [429, 'TooManyRequestsException'], [200, undefined]]);
    account.destroy();
  });
});

describe('IAM Access Analyzer (REST-JSON, per region)', () => {
  it('lists the analyzers of the region the request is signed for, with ISO timestamps and tags', async () => {
    const e = await serve(configureAccountReads(new FakeAccount(ACCOUNT, { now: '2026-11-25T00:00:00Z' }), {
      analyzers: [
        { name: 'a', region: 'eu-west-1', tags: { team: 'sec' }, findings: [{ resource: 'arn:aws:s3:::b', resourceType: 'AWS::S3::Bucket' }, { resource: 'arn:aws:s3:::c', resourceType: 'AWS::S3::Bucket', status: 'ARCHIVED' }] },
        { name: 'b', region: 'us-east-1' },
      ],
    }));
    const eu = new AccessAnalyzerClient({ ...e.clientConfig, region: 'eu-west-1', maxAttempts: 1 });
    const { analyzers } = await eu.send(new ListAnalyzersCommand({}));
    expect(analyzers!.map((a) => [a.arn, a.type, a.status, a.tags])).toEqual([[`arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/a`, 'ACCOUNT', 'ACTIVE', { team: 'sec' }]]);
    expect(analyzers![0]!.createdAt).toBeInstanceOf(Date);
    const active = await eu.send(new ListFindingsV2Command({ analyzerArn: analyzers![0]!.arn, filter: { status: { eq: ['ACTIVE'] } } }));
    expect(active.findings!.map((f) => [f.resource, f.status, f.findingType])).toEqual([['arn:aws:s3:::b', 'ACTIVE', 'ExternalAccess']]);
    const elsewhere = await eu.send(new ListFindingsV2Command({ analyzerArn: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/b` })).catch((x: Error) => x);
    expect(elsewhere).toMatchObject({ name: 'ResourceNotFoundException' });
    const create = await eu.send(new CreateAnalyzerCommand({ analyzerName: 'x', type: 'ACCOUNT' })).catch((x: Error) => x);
    expect(create).toMatchObject({ name: 'AccessDeniedException' });
    e.setFaults({ accessDenied: ['access-analyzer:ListAnalyzers'] });
    expect(await eu.send(new ListAnalyzersCommand({})).catch((x: Error) => x)).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    eu.destroy();
  });
});
