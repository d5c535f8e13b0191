// One account audited through the four entry points — the CLI, the nightly Lambda handler (reports in the local S3),
// the org CLI and the org worker on a one-account organization — gives the same verdicts: finding ids, severities,
// messages and evidence, and the same JSON report apart from delivery metadata (who called, the trend of the
// archive). Real SDK clients against the local AWS endpoint throughout.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/entry/cli/main.js';
import { createHandler } from '../../src/entry/lambda.js';
import { createOrgSchedulerHandler } from '../../src/entry/lambda/org-scheduler.js';
import { createOrgWorkerHandler } from '../../src/entry/lambda/org-worker.js';
import type { AuditReport } from '../../src/report/model.js';
import { FakeAccount, FakeOrganization, FakeSqs, startAwsEndpoint, type AwsEndpoint } from '../aws-endpoint/index.js';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';

const ACCOUNT = '111111111111';
const DATADOG = '464622532012';
const UNKNOWN = '999988887777';
const ROLE = 'HardeningAudit';
const NOW = '2026-11-25T03:00:00.000Z';
const DATE = NOW.slice(0, 10);
const BUCKET = 'audit-reports';
const QUEUE = 'hardening-audit-org';

const trust = (principal: string, condition?: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
});

function account(): FakeAccount {
  return new FakeAccount(ACCOUNT, { now: NOW, created: '2022-01-01T00:00:00Z' })
    .passwordPolicy({ minimumPasswordLength: 8 })
    .root({ mfa: 'virtual', passwordLastUsed: 'no_information' })
    .role(ROLE, { trust: trust(`arn:aws:iam::${ACCOUNT}:root`), attached: ['SecurityAudit'], lastUsed: '2026-11-24T00:00:00Z' })
    .role('vendor-monitoring', { trust: trust(`arn:aws:iam::${DATADOG}:root`, { StringEquals: { 'sts:ExternalId': 'dd-ext' } }), lastUsed: '2026-11-20T00:00:00Z' })
    .role('stranger', { trust: trust(`arn:aws:iam::${UNKNOWN}:root`), lastUsed: '2026-11-20T00:00:00Z' })
    .role('coding-agent', { trust: trust(`arn:aws:iam::${ACCOUNT}:root`), tags: { Purpose: 'ai-agent' }, attached: ['AdministratorAccess'], lastUsed: '2026-11-24T00:00:00Z' })
    .user('alice', { console: true, mfa: false, passwordLastUsed: '2026-11-20T00:00:00Z' })
    .user('ci', { keys: [{ created: '2025-01-01T00:00:00Z', lastUsed: '2026-11-23T00:00:00Z' }], inline: { name: 'deploy', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] } } });
}

let ep: AwsEndpoint | undefined;
let sqs: FakeSqs;
const reports: Record<'cli' | 'nightly' | 'orgCli' | 'orgWorker', AuditReport> = {} as never;
const io = useFakeAwsEnvironment();

const lambdaEnv = (prefix: string, org: boolean): Record<string, string> => ({
  HARDENING_AUDIT_REPORT_BUCKET: BUCKET,
  HARDENING_AUDIT_REPORT_PREFIX: prefix,
  HARDENING_AUDIT_ENDPOINT_URL: (ep as AwsEndpoint).url,
  HARDENING_AUDIT_REGION: 'us-east-1',
  HARDENING_AUDIT_MAX_ATTEMPTS: '2',
  ...(org ? { HARDENING_AUDIT_ORG_ASSUME_ROLE: ROLE, HARDENING_AUDIT_ORG_QUEUE_URL: sqs.queueUrl((ep as AwsEndpoint).url, QUEUE) } : {}),
});
const deps = (env: Record<string, string>) => ({ env, now: () => new Date(NOW), log: () => {}, sleep: async () => {} });
const archived = (prefix: string) => JSON.parse((ep as AwsEndpoint).s3.getText(BUCKET, `${prefix}/${ACCOUNT}/${DATE}/report.json`) ?? 'null') as AuditReport;

/** A fresh endpoint per entry point (the same account): CloudTrail's LookupEvents rate limit is per endpoint. */
async function endpoint(): Promise<void> {
  await ep?.close();
  const mgmt = account();
  const org = new FakeOrganization(mgmt, { id: 'o-equivalent1', auditRole: ROLE, credentialReport: { pollsUntilReady: 0 } });
  sqs = new FakeSqs().createQueue(QUEUE, ACCOUNT);
  ep = await startAwsEndpoint(mgmt, { extensions: [org.extension(), sqs.extension()], credentialReport: { initial: 'complete' } });
  ep.s3.createBucket(BUCKET);
}

beforeAll(async () => {
  process.env.AWS_REGION = 'us-east-1';
  await endpoint();
  const cliOut = mkdtempSync(join(tmpdir(), 'ha-eq-cli-'));
  expect(await main(['node', 'hardening-audit', '--endpoint-url', (ep as AwsEndpoint).url, '--out', cliOut, '--now', NOW, '--format', 'json', '--fail-on', 'none', '-q'])).toBe(0);
  reports.cli = JSON.parse(readFileSync(join(cliOut, `${ACCOUNT}-${DATE}.json`), 'utf8')) as AuditReport;

  await endpoint();
  await createHandler(deps(lambdaEnv('nightly', false)))({}, {});
  reports.nightly = archived('nightly');

  await endpoint();
  const orgOut = mkdtempSync(join(tmpdir(), 'ha-eq-org-'));
  await main(['node', 'hardening-audit', '--org', '--assume-role', ROLE, '--endpoint-url', (ep as AwsEndpoint).url, '--out', orgOut, '--now', NOW, '--format', 'json', '--fail-on', 'none', '-q']);
  reports.orgCli = JSON.parse(readFileSync(join(orgOut, `${ACCOUNT}-${DATE}.json`), 'utf8')) as AuditReport;

  await endpoint();
  const env = lambdaEnv('org', true);
  await createOrgSchedulerHandler(deps(env))({ id: 'eq-run', time: NOW, source: 'aws.events', 'detail-type': 'Scheduled Event' }, {});
  const result = await createOrgWorkerHandler(deps(env))(sqs.lambdaEvent(QUEUE, sqs.take(QUEUE)), {});
  expect(result.batchItemFailures).toEqual([]);
  reports.orgWorker = archived('org');
});
afterAll(async () => {
  await ep?.close();
  void io;
});

/** What a verdict is: everything of a finding. */
const verdicts = (r: AuditReport, keep: (checkId: string) => boolean = () => true) =>
  r.findings.filter((f) => keep(f.checkId)).map((f) => ({ id: f.id, checkId: f.checkId, severity: f.severity, status: f.status, resourceArn: f.resourceArn, message: f.message, evidence: f.evidence }));
const outcomes = (r: AuditReport, keep: (checkId: string) => boolean = () => true) => r.checks.filter((c) => keep(c.id));
/** The report without delivery metadata: the caller, the archive's trend. */
const comparable = (r: AuditReport) => {
  const { trend: _trend, account, ...rest } = r;
  return { ...rest, account: { id: account.id, partition: account.partition } };
};
const accountCheck = (id: string) => !id.startsWith('org.');

describe('the four entry points audit alike', () => {
  it('every entry point names the Datadog account and judges the unknown one, with the same severities', () => {
    for (const [entry, r] of Object.entries(reports)) {
      const vendor = r.findings.find((f) => f.resourceArn.endsWith(':role/vendor-monitoring') && f.checkId === 'iam.role.external-trust');
      expect(vendor?.message, entry).toContain(`Datadog (${DATADOG})`);
      const stranger = r.findings.find((f) => f.resourceArn.endsWith(':role/stranger') && f.checkId === 'iam.role.external-trust');
      expect(stranger?.severity, entry).toBe('high');
      expect(vendor?.severity, entry).not.toBe('high');
      // The agent selector reaches every entry point: the tagged role is judged by the agent checks.
      expect(r.agents?.map((a) => a.arn), entry).toEqual([`arn:aws:iam::${ACCOUNT}:role/coding-agent`]);
    }
  });

  it('the CLI and the nightly Lambda give the same JSON report', () => {
    expect(reports.cli.findings.length).toBeGreaterThan(5);
    expect(comparable(reports.nightly)).toEqual(comparable(reports.cli));
  });

  it('the org CLI and the org worker give the same JSON report', () => {
    expect(reports.orgCli.checks.some((c) => c.id.startsWith('org.'))).toBe(true);
    expect(comparable(reports.orgWorker)).toEqual(comparable(reports.orgCli));
  });

  it('org mode judges the account checks exactly as the single-account run', () => {
    expect(verdicts(reports.orgCli, accountCheck)).toEqual(verdicts(reports.cli));
    expect(outcomes(reports.orgCli, accountCheck)).toEqual(outcomes(reports.cli));
  });
});
