// The nightly handler end to end: the real SDK clients against the local AWS endpoint (IAM, STS, and S3 objects
// stored in the endpoint) and a real local SES v2 server (aws-ses-v2-local, child process); the mail is read back
// from the SES server's store.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isReadOnlyCommand } from '../../../src/aws/read-only-guard.js';
import { emailSubject } from '../../../src/deliver/email-body.js';
import { createHandler, NightlyRunError, type Logger } from '../../../src/entry/lambda.js';
import { LambdaConfigError } from '../../../src/entry/lambda/config.js';
import { diffReports } from '../../../src/report/diff.js';
import type { AuditReport } from '../../../src/report/model.js';
import { FakeAccount, startAwsEndpoint, type AwsEndpoint } from '../../aws-endpoint/index.js';
import { freePort, startSesLocal, type SesLocal, type StoredEmail } from '../../helpers/ses-local.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../../fixtures/fake-credentials.js';

const ACCOUNT = '123456789012';
const BUCKET = 'audit-reports';
const PREFIX = 'nightly';
const GOD_MODE = { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] };
const EC2_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

/** The account as it was on 2026-11-24: alice has no MFA, bob's key is old. */
function dayOne(): FakeAccount {
  return new FakeAccount(ACCOUNT, { now: '2026-11-24T00:00:00Z', created: '2020-01-01T00:00:00Z' })
    .passwordPolicy({ minimumPasswordLength: 14, passwordReusePrevention: 24, requireSymbols: true, requireNumbers: true })
    .root({ mfa: 'hardware', passwordLastUsed: '2026-01-01T00:00:00Z' })
    .user('alice', { created: '2025-01-01T00:00:00Z', console: true, mfa: false, passwordLastUsed: '2026-11-20T00:00:00Z' })
    .user('bob', { created: '2024-01-01T00:00:00Z', keys: [{ created: '2025-01-01T00:00:00Z', lastUsed: '2026-11-23T00:00:00Z' }] })
    .role('web', { trust: EC2_TRUST, lastUsed: '2026-11-23T00:00:00Z' });
}

/** 2026-11-25: alice enabled MFA (resolved); a policy granting *:* appeared and the root user got an access key (new). */
function dayTwo(): FakeAccount {
  return dayOne()
    .setNow('2026-11-25T00:00:00Z')
    .user('alice', { created: '2025-01-01T00:00:00Z', console: true, mfa: 'virtual', passwordLastUsed: '2026-11-24T00:00:00Z' })
    .managedPolicy('god-mode', GOD_MODE)
    .role('web', { trust: EC2_TRUST, lastUsed: '2026-11-24T00:00:00Z', attached: ['god-mode'] })
    .root({ mfa: 'hardware', passwordLastUsed: '2026-01-01T00:00:00Z', keys: [{ created: '2026-11-24T12:00:00Z', lastUsed: '2026-11-24T13:00:00Z' }] });
}

let ep: AwsEndpoint;
let ses: SesLocal;
let logs: Array<{ level: string; message: string; fields?: Record<string, unknown> }>;
const log: Logger = (level, message, fields) => logs.push({ level, message, fields });

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    HARDENING_AUDIT_REPORT_BUCKET: BUCKET,
    HARDENING_AUDIT_REPORT_PREFIX: PREFIX,
    HARDENING_AUDIT_EMAIL_TO: 'secops@example.com, cloud-team@example.com',
    HARDENING_AUDIT_EMAIL_FROM: 'hardening-audit <audit@example.com>',
    HARDENING_AUDIT_ENDPOINT_URL: ep.url,
    HARDENING_AUDIT_SES_ENDPOINT_URL: ses.url,
    HARDENING_AUDIT_REGION: 'us-east-1',
    HARDENING_AUDIT_EMAIL_BACKOFF_MS: '5',
    HARDENING_AUDIT_MAX_ATTEMPTS: '2',
    ...overrides,
  };
}

const handlerAt = (iso: string, overrides: Record<string, string> = {}) =>
  createHandler({ env: env(overrides), now: () => new Date(iso), log, sleep: async () => {} });

const key = (date: string, file: string) => `${PREFIX}/${ACCOUNT}/${date}/${file}`;
const archived = (date: string) => JSON.parse(ep.s3.getText(BUCKET, key(date, 'report.json')) ?? 'null') as AuditReport;
const attachment = (mail: StoredEmail, suffix: string) => mail.attachments.find((a) => a.filename.endsWith(suffix));

beforeAll(async () => {
  // Credentials for the SDK's default chain (what the Lambda role provides in AWS); all calls go to loopback.
  vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_ACCESS_KEY_ID);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_SECRET_ACCESS_KEY);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  [ep, ses] = await Promise.all([startAwsEndpoint(dayOne(), { credentialReport: { initial: 'complete' } }), startSesLocal()]);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([ep?.close(), ses?.close()]);
});
beforeEach(async () => {
  logs = [];
  ep.s3.deleteBucket(BUCKET).createBucket(BUCKET);
  ep.setAccount(dayOne());
  ep.credentialReport.reset('complete');
  ep.clearFaults();
  ep.resetCalls();
  await ses.clear();
});
afterEach(() => {
  // The audit clients only read: every request other than the archive's S3 calls is a read (the same test the
  // read-only guard applies), and S3 saw nothing but the archive's four operations.
  expect(ep.log.filter((r) => r.service !== 's3' && !isReadOnlyCommand(r.action)).map((r) => `${r.service}:${r.action}`)).toEqual([]);
  expect(ep.log.filter((r) => r.service === 's3' && !['GetObject', 'PutObject', 'ListObjectsV2', 'HeadObject'].includes(r.action))).toEqual([]);
});

describe('nightly handler', () => {
  it('archives JSON/HTML/CSV in S3, diffs with the previous run from S3, and mails the summary with the reports attached', async () => {
    // Older runs' summaries in the archive, for the trend.
    for (const [date, high] of [['2026-11-20', 3], ['2026-11-21', 2], ['2026-11-22', 2]] as const) {
      ep.s3.put(BUCKET, key(date, 'summary.json'), JSON.stringify({ accountId: ACCOUNT, date, generatedAt: `${date}T03:00:00.000Z`, open: { critical: 0, high, medium: 1, low: 0, info: 0 }, incomplete: false }));
    }
    const first = await handlerAt('2026-11-24T03:00:00Z')();
    expect(first.accounts[0]).toMatchObject({ accountId: ACCOUNT, date: '2026-11-24', previousDate: null, email: { sent: true, attempts: 1 } });

    ep.setAccount(dayTwo());
    ep.credentialReport.reset('complete');
    await ses.clear();
    const result = await handlerAt('2026-11-25T03:00:00Z')({}, { getRemainingTimeInMillis: () => 890_000 });
    const run = result.accounts[0];

    // S3: the three reports and the summary, under <prefix>/<account>/<date>/
    expect(ep.s3.keys(BUCKET, `${PREFIX}/${ACCOUNT}/2026-11-25/`)).toEqual(['report.csv', 'report.html', 'report.json', 'summary.json'].map((f) => key('2026-11-25', f)));
    expect(ep.s3.get(BUCKET, key('2026-11-25', 'report.html'))?.contentType).toBe('text/html; charset=utf-8');
    const previous = archived('2026-11-24');
    const current = archived('2026-11-25');
    expect(current.account.id).toBe(ACCOUNT);
    expect(current.generatedAt).toBe('2026-11-25T03:00:00.000Z');
    expect(run.archive?.keys.json).toBe(key('2026-11-25', 'report.json'));

    // The diff against the previous run (read back from S3).
    const diff = diffReports(previous, current);
    const ids = (list: { checkId: string; resourceArn: string }[]) => list.map((f) => `${f.checkId} ${f.resourceArn}`);
    expect(ids(diff.new)).toEqual(
      expect.arrayContaining([`iam.root.access-keys arn:aws:iam::${ACCOUNT}:root`, `iam.policy.full-admin arn:aws:iam::${ACCOUNT}:role/web`]),
    );
    expect(ids(diff.resolved)).toContain(`iam.user.console-without-mfa arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(ids(diff.stillOpen)).toContain(`iam.user.access-key-age arn:aws:iam::${ACCOUNT}:user/bob`);
    expect(run).toMatchObject({ previousDate: '2026-11-24', new: diff.counts.new, open: diff.counts.open, resolved: diff.resolved.length });
    // The archived reports carry the same diff and the trend (archived summaries, then today).
    expect(current.diff?.new.length).toBe(diff.new.length);
    expect(current.diff?.previousGeneratedAt).toBe(previous.generatedAt);
    expect(current.trend?.map((t) => t.date)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-24', '2026-11-25']);
    expect(current.trend?.at(-1)?.open).toEqual(current.summary.bySeverity);
    expect(ep.s3.getText(BUCKET, key('2026-11-25', 'report.html'))).toMatch(/<h2 id="trend-title">Trend<\/h2>[\s\S]*<title>Open findings per run: 2026-11-20 /);

    // The mail, as the SES server received it.
    const [mail, ...others] = await ses.emails();
    expect(others).toEqual([]);
    expect(mail.subject).toBe(emailSubject(current, diff));
    expect(mail.subject).toMatch(new RegExp(`^\\[hardening-audit\\] ${ACCOUNT} 2026-11-25: ${diff.counts.new.critical} new critical`));
    expect(diff.counts.new.critical).toBeGreaterThanOrEqual(2);
    expect(mail.from).toContain('audit@example.com');
    expect(mail.destination.to.join(',')).toContain('secops@example.com');
    expect(mail.destination.to.join(',')).toContain('cloud-team@example.com');

    const html = mail.body.html ?? '';
    const sectionOf = (heading: string) => html.slice(html.indexOf(heading), html.indexOf('</table>', html.indexOf(heading)));
    expect(html.indexOf('New findings (')).toBeGreaterThan(0);
    expect(html.indexOf('New findings (')).toBeLessThan(html.indexOf('Resolved ('));
    expect(html.indexOf('Resolved (')).toBeLessThan(html.indexOf('Open findings by severity'));
    expect(html.indexOf('Open findings by severity')).toBeLessThan(html.indexOf('<svg'));
    expect(sectionOf('New findings (')).toContain(`arn:aws:iam::${ACCOUNT}:role/web`);
    expect(sectionOf('New findings (')).toContain(`arn:aws:iam::${ACCOUNT}:root`);
    expect(sectionOf('Resolved (')).toContain(`arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(html).toContain('Compared with the run of 2026-11-24.');
    // inline CSS only, no scripts; the trend has the archived runs and today
    expect(html).not.toMatch(/<style|<script|<link/i);
    expect(html).toContain('style="');
    expect(html).toMatch(/<title>Open findings per run: 2026-11-20 .*2026-11-21 .*2026-11-22 .*2026-11-24 .*2026-11-25 /);
    expect(html).toContain(`s3://${BUCKET}/${key('2026-11-25', 'report.html')}`);
    expect(mail.body.text).toContain('NEW FINDINGS');

    // Attachments: the full HTML and CSV reports, byte for byte what is in S3.
    expect(mail.attachments.map((a) => a.filename).sort()).toEqual([`hardening-audit-${ACCOUNT}-2026-11-25.csv`, `hardening-audit-${ACCOUNT}-2026-11-25.html`]);
    expect(Buffer.from(attachment(mail, '.html')!.content, 'base64').toString('utf8')).toBe(ep.s3.getText(BUCKET, key('2026-11-25', 'report.html')));
    expect(Buffer.from(attachment(mail, '.csv')!.content, 'base64').equals(ep.s3.get(BUCKET, key('2026-11-25', 'report.csv'))!.body)).toBe(true);
    expect(attachment(mail, '.html')!.contentType).toBe('text/html');

    // S3 was written before the mail was sent.
    const order = logs.map((l) => l.message);
    expect(order.indexOf('reports archived')).toBeLessThan(order.indexOf('report email sent'));
  });

  it('a mail outage still leaves the reports in S3, retries, and fails the invocation visibly', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`; // nothing listens there: connection refused
    const handler = handlerAt('2026-11-25T03:00:00Z', { HARDENING_AUDIT_SES_ENDPOINT_URL: closed, HARDENING_AUDIT_EMAIL_ATTEMPTS: '3' });
    const error = await handler().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NightlyRunError);
    expect((error as Error).message).toMatch(new RegExp(`^reports archived at s3://${BUCKET}/${key('2026-11-25', 'report.json')}, but the email was not sent: sending the report email failed after 3 attempts`));
    expect((error as NightlyRunError).result.archive?.keys.html).toBe(key('2026-11-25', 'report.html'));
    for (const f of ['report.json', 'report.html', 'report.csv', 'summary.json']) expect(ep.s3.get(BUCKET, key('2026-11-25', f))).toBeDefined();
    const failures = logs.filter((l) => l.message === 'sending the report email failed');
    expect(failures.map((l) => [l.level, l.fields?.attempt, l.fields?.retryInMs])).toEqual([
      ['warn', 1, 5],
      ['warn', 2, 10],
      ['error', 3, null],
    ]);
    expect(await ses.emails()).toEqual([]);
  });

  it('a transient SES failure is retried with backoff and the mail goes out', async () => {
    // A loopback proxy in front of the SES server that answers the first request with a 503 ServiceUnavailable.
    let requests = 0;
    const proxy = http.createServer((req, res) => {
      requests++;
      if (requests === 1) {
        res.writeHead(503, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ServiceUnavailable' });
        res.end(JSON.stringify({ message: 'Service Unavailable' }));
        return;
      }
      const upstream = http.request(`${ses.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const result = await handlerAt('2026-11-25T03:00:00Z', { HARDENING_AUDIT_SES_ENDPOINT_URL: `http://127.0.0.1:${port}` })();
      expect(result.accounts[0].email).toMatchObject({ sent: true, attempts: 2 });
      expect(requests).toBe(2);
      expect(await ses.emails()).toHaveLength(1);
      expect(logs.filter((l) => l.message === 'sending the report email failed').map((l) => l.fields?.error)).toEqual([expect.stringMatching(/ServiceUnavailable/)]);
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('re-running the same day overwrites the same keys and compares with the day before, not with itself', async () => {
    // Runs back to back share CloudTrail's per-account LookupEvents rate (2/s, per second): a second apart, as real
    // runs are hours apart; otherwise the 1 ms test retry delay exhausts the retries and agent activity is a gap.
    const nextSecond = () => new Promise((r) => setTimeout(r, 1100));
    await handlerAt('2026-11-24T03:00:00Z')();
    ep.setAccount(dayTwo());
    ep.credentialReport.reset('complete');
    await nextSecond();
    const a = await handlerAt('2026-11-25T03:00:00Z')();
    const firstJson = ep.s3.getText(BUCKET, key('2026-11-25', 'report.json'));
    await nextSecond();
    const b = await handlerAt('2026-11-25T04:30:00Z')();
    expect(ep.s3.keys(BUCKET)).toHaveLength(8); // two dates x four files
    const secondJson = ep.s3.getText(BUCKET, key('2026-11-25', 'report.json'));
    expect(secondJson).not.toBe(firstJson);
    expect(archived('2026-11-25').generatedAt).toBe('2026-11-25T04:30:00.000Z');
    expect(b.accounts[0].previousDate).toBe('2026-11-24');
    expect(b.accounts[0].new).toEqual(a.accounts[0].new);
    const subjects = (await ses.emails()).map((m) => m.subject);
    expect(subjects).toHaveLength(3);
    expect(subjects[2]).toBe(subjects[1]);
  });

  it('when S3 cannot be written, still mails the reports (with a warning) and then fails', async () => {
    ep.setFaults({ accessDenied: ['s3:PutObject'] });
    const error = await handlerAt('2026-11-25T03:00:00Z')().then(
      () => null,
      (e: unknown) => e as NightlyRunError,
    );
    expect(error?.message).toMatch(/^archiving the reports of 123456789012 failed: s3:PutObject s3:\/\/audit-reports\/nightly\/123456789012\/2026-11-25\/report\.\w+ failed: AccessDenied: Access Denied \(the report email was sent with the reports attached\)$/);
    const [mail] = await ses.emails();
    expect(mail.body.html).toContain('could not be written to the archive');
    expect(mail.attachments).toHaveLength(2);
  });

  it('EMAIL_WHEN=changes skips the mail when nothing changed; no EMAIL_TO: archive only', async () => {
    await handlerAt('2026-11-24T03:00:00Z', { HARDENING_AUDIT_EMAIL_TO: '' })();
    expect(await ses.emails()).toEqual([]);
    const quiet = await handlerAt('2026-11-25T03:00:00Z', { HARDENING_AUDIT_EMAIL_WHEN: 'changes' })();
    expect(quiet.accounts[0].email).toEqual({ sent: false, reason: 'no new or resolved findings (HARDENING_AUDIT_EMAIL_WHEN=changes)' });
    expect(await ses.emails()).toEqual([]);
    expect(ep.s3.keys(BUCKET)).toHaveLength(8);
  });

  it('fails fast on bad settings, naming the variable, before any AWS call', async () => {
    await expect(createHandler({ env: {}, log })()).rejects.toThrow(new LambdaConfigError('HARDENING_AUDIT_REPORT_BUCKET is not set: the S3 bucket for the report archive'));
    await expect(handlerAt('2026-11-25T03:00:00Z', { HARDENING_AUDIT_FAIL_ON: 'severe' })()).rejects.toThrow(/^HARDENING_AUDIT_FAIL_ON: expected one of critical, high, medium, low, info, none$/);
    expect(ep.log).toEqual([]);
  });
});

describe('nightly handler: suppressions from the report bucket', () => {
  const rootKeys = `iam.root.access-keys arn:aws:iam::${ACCOUNT}:root`;
  const fullAdmin = `iam.policy.full-admin arn:aws:iam::${ACCOUNT}:role/web`;
  const suppression = `suppressions:\n  - checkId: iam.root.access-keys\n    resource: arn:aws:iam::${ACCOUNT}:root\n    reason: break-glass key, stored in the safe\n`;

  it('applies <prefix>/suppressions.yaml: the finding is marked suppressed in the archive and is not new in the mail', async () => {
    await handlerAt('2026-11-24T03:00:00Z')();
    ep.setAccount(dayTwo());
    ep.credentialReport.reset('complete');
    await ses.clear();
    ep.s3.put(BUCKET, `${PREFIX}/suppressions.yaml`, suppression);
    const result = await handlerAt('2026-11-25T03:00:00Z')();

    const report = archived('2026-11-25');
    const root = report.findings.find((f) => `${f.checkId} ${f.resourceArn}` === rootKeys);
    expect(root?.status).toBe('FAIL');
    expect(root?.suppressed).toEqual({ reason: 'break-glass key, stored in the safe', entry: 0 });
    expect(report.suppressions).toMatchObject({ source: `s3://${BUCKET}/${PREFIX}/suppressions.yaml`, entries: 1, unmatched: [] });

    const diff = diffReports(archived('2026-11-24'), report);
    const ids = diff.new.map((f) => `${f.checkId} ${f.resourceArn}`);
    expect(ids).toContain(fullAdmin);
    expect(ids).not.toContain(rootKeys);
    expect(result.accounts[0].new).toEqual(diff.counts.new);

    const [mail] = await ses.emails();
    expect(mail.subject).toBe(emailSubject(report, diff));
    const html = mail.body.html ?? '';
    const newSection = html.slice(html.indexOf('New findings ('), html.indexOf('</table>', html.indexOf('New findings (')));
    expect(newSection).toContain(`arn:aws:iam::${ACCOUNT}:role/web`);
    expect(newSection).not.toContain('The root user has no active access keys');
    expect(logs.find((l) => l.message === 'suppressions loaded')?.fields).toEqual({ source: `s3://${BUCKET}/${PREFIX}/suppressions.yaml`, entries: 1 });
  });

  it('HARDENING_AUDIT_SUPPRESSIONS_KEY names another key (JSON here); a missing explicit key fails before the audit', async () => {
    ep.setAccount(dayTwo());
    ep.credentialReport.reset('complete');
    ep.s3.put(BUCKET, 'config/accepted.json', JSON.stringify([{ checkId: 'iam.root.access-keys', resource: '*', reason: 'accepted' }]));
    await handlerAt('2026-11-25T03:00:00Z', { HARDENING_AUDIT_SUPPRESSIONS_KEY: 'config/accepted.json' })();
    expect(archived('2026-11-25').findings.find((f) => `${f.checkId} ${f.resourceArn}` === rootKeys)?.suppressed).toMatchObject({ reason: 'accepted' });

    ep.resetCalls();
    await expect(handlerAt('2026-11-26T03:00:00Z', { HARDENING_AUDIT_SUPPRESSIONS_KEY: 'config/missing.yaml' })()).rejects.toThrow(
      new LambdaConfigError(`HARDENING_AUDIT_SUPPRESSIONS_KEY: the suppressions file s3://${BUCKET}/config/missing.yaml does not exist`),
    );
    expect(ep.log.map((r) => `${r.service}:${r.action}`)).toEqual(['s3:GetObject']);
  });

  it('a malformed file fails before the audit, naming s3://bucket/key, the line and the field', async () => {
    ep.s3.put(BUCKET, `${PREFIX}/suppressions.yaml`, `- checkId: iam.root.access-keys\n  resource: arn:aws:iam::${ACCOUNT}:root\n`);
    await expect(handlerAt('2026-11-25T03:00:00Z')()).rejects.toThrow(`s3://${BUCKET}/${PREFIX}/suppressions.yaml:1: suppression entry 0, field reason: required: why the finding is accepted`);
    expect(ep.log.filter((r) => r.service !== 's3')).toEqual([]);
  });
});
