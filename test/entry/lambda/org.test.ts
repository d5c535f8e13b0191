// Lambda org mode end to end, with the event shapes Lambda delivers: the scheduler (EventBridge scheduled event)
// reads the organization and queues one SQS message per account in the local endpoint's SQS; the test takes the
// queued messages and invokes the worker with SQS events built from them; the last worker (or the deadline sweep)
// aggregates. Real SDK clients throughout (Organizations, STS AssumeRole, IAM, CloudTrail, S3, SQS) against the local
// AWS endpoint, and the mail read back from a real local SES v2 server.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEVERITIES } from '../../../src/vocabulary.js';
import { createSqsClient, sendMessageBatches } from '../../../src/org/queue.js';
import { LambdaConfigError } from '../../../src/entry/lambda/config.js';
import { createOrgAggregatorHandler } from '../../../src/entry/lambda/org-aggregator.js';
import { createOrgSchedulerHandler } from '../../../src/entry/lambda/org-scheduler.js';
import { createOrgWorkerHandler } from '../../../src/entry/lambda/org-worker.js';
import type { Logger } from '../../../src/entry/lambda/runtime.js';
import type { AuditReport } from '../../../src/report/model.js';
import type { OrgReport } from '../../../src/report/org-model.js';
import { FakeSqs, startAwsEndpoint, type AwsEndpoint, type SqsMessage } from '../../aws-endpoint/index.js';
import { DEV, LEGACY, MGMT, ORG_ID, organization, PROD, ROLE } from '../../fixtures/organization.js';
import { freePort, startSesLocal, type SesLocal } from '../../helpers/ses-local.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../../fixtures/fake-credentials.js';

const BUCKET = 'org-audit-reports';
const PREFIX = 'audits';
const QUEUE = 'hardening-audit-org';
const DATE = '2026-11-25';
const RUN_TIME = `${DATE}T03:00:00Z`;
const MEMBERS = [MGMT, LEGACY, DEV, PROD]; // tree order: the root's accounts first

const scheduledEvent = (id = 'c8b4e3d2-5f7a-4e1b-9a6c-0d2f3e4a5b6c', time = RUN_TIME) => ({
  version: '0',
  id,
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: MGMT,
  time,
  region: 'us-east-1',
  resources: [`arn:aws:events:us-east-1:${MGMT}:rule/hardening-audit-prod-OrgSchedulerEventsRuleSchedule1`],
  detail: {},
});

let ses: SesLocal;
let ep: AwsEndpoint;
let sqs: FakeSqs;
let logs: Array<{ level: string; message: string; fields?: Record<string, unknown> }>;
const log: Logger = (level, message, fields) => logs.push({ level, message, fields });

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    HARDENING_AUDIT_REPORT_BUCKET: BUCKET,
    HARDENING_AUDIT_REPORT_PREFIX: PREFIX,
    HARDENING_AUDIT_EMAIL_TO: 'secops@example.com',
    HARDENING_AUDIT_EMAIL_FROM: 'hardening-audit <audit@example.com>',
    HARDENING_AUDIT_ENDPOINT_URL: ep.url,
    HARDENING_AUDIT_SES_ENDPOINT_URL: ses.url,
    HARDENING_AUDIT_REGION: 'us-east-1',
    HARDENING_AUDIT_MAX_ATTEMPTS: '2',
    HARDENING_AUDIT_EMAIL_BACKOFF_MS: '5',
    HARDENING_AUDIT_ORG_ASSUME_ROLE: ROLE,
    HARDENING_AUDIT_ORG_QUEUE_URL: sqs.queueUrl(ep.url, QUEUE),
    ...overrides,
  };
}

const at = (iso: string) => ({ env: env(), now: () => new Date(iso), log, sleep: async () => {} });
const scheduler = (iso = '2026-11-25T03:00:02Z', overrides: Record<string, string> = {}) => createOrgSchedulerHandler({ ...at(iso), env: env(overrides) });
const worker = (iso = '2026-11-25T03:01:00Z') => createOrgWorkerHandler(at(iso));
const sweep = (iso: string) => createOrgAggregatorHandler(at(iso));

const runKey = (file: string) => `${PREFIX}/org/${ORG_ID}/${DATE}/${file}`;
const json = <T>(key: string): T => JSON.parse(ep.s3.getText(BUCKET, key) ?? 'null') as T;
const accountReport = (id: string) => json<AuditReport>(`${PREFIX}/${id}/${DATE}/report.json`);
const accountOf = (m: SqsMessage) => (JSON.parse(m.body) as { accountId: string }).accountId;
const deliver = (messages: SqsMessage[]) => worker()(sqs.lambdaEvent(QUEUE, messages));

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_ACCESS_KEY_ID);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_SECRET_ACCESS_KEY);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  ses = await startSesLocal();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await ses?.close();
});
beforeEach(async () => {
  logs = [];
  const fx = organization();
  sqs = new FakeSqs().createQueue(QUEUE, MGMT);
  ep = await startAwsEndpoint(fx.mgmt, { extensions: [fx.org.extension(), sqs.extension()] });
  ep.s3.createBucket(BUCKET);
  await ses.clear();
});
afterEach(async () => {
  // Nothing but the calls the handlers are meant to make reached the endpoint.
  expect(ep.refused).toEqual([]);
  expect(ep.log.filter((r) => r.service === 's3' && !['GetObject', 'PutObject', 'ListObjectsV2'].includes(r.action))).toEqual([]);
  await ep.close();
});

/** The scheduler's messages, by account id. */
async function schedule(): Promise<Map<string, SqsMessage>> {
  const result = await scheduler()(scheduledEvent(), {});
  expect(result).toMatchObject({ status: 'queued', orgId: ORG_ID, date: DATE, queued: 4, skipped: 0 });
  const messages = sqs.take(QUEUE);
  return new Map(messages.map((m) => [accountOf(m), m]));
}

describe('org mode: scheduler → SQS → workers → one aggregation', () => {
  it('audits every account, records the refused one as FAILED, aggregates exactly once and mails the org report', async () => {
    // A suppression in the bucket applies to the workers' audits too.
    ep.s3.put(BUCKET, `${PREFIX}/suppressions.yaml`, `- checkId: '*'\n  resource: arn:aws:iam::${DEV}:role/stranger\n  reason: known partner account\n`);
    const byAccount = await schedule();

    // The manifest: the run, the selection, the organization model the workers use.
    const manifest = json<{ runId: string; selected: string[]; startedAt: string; organization: { id: string; ous: unknown[] } }>(runKey('manifest.json'));
    expect(manifest).toMatchObject({ runId: scheduledEvent().id, selected: MEMBERS, startedAt: '2026-11-25T03:00:00.000Z', organization: { id: ORG_ID } });
    expect(manifest.organization.ous).toHaveLength(3);
    // One SendMessageBatch (4 entries ≤ 10); the bodies name the run and the account.
    expect(ep.log.filter((r) => r.service === 'sqs').map((r) => r.action)).toEqual(['SendMessageBatch']);
    expect(JSON.parse(byAccount.get(DEV)!.body)).toEqual({ kind: 'hardening-audit.org-account', runId: scheduledEvent().id, orgId: ORG_ID, date: DATE, accountId: DEV });

    // Two accounts one after the other: not complete yet, nothing aggregated.
    for (const id of [MGMT, LEGACY]) expect(await deliver([byAccount.get(id)!])).toEqual({ batchItemFailures: [] });
    expect(ep.s3.get(BUCKET, runKey('aggregated.lock'))).toBeUndefined();
    expect(await ses.emails()).toEqual([]);

    // The last two finish at the same time.
    const [a, b] = await Promise.all([deliver([byAccount.get(DEV)!]), deliver([byAccount.get(PROD)!])]);
    expect([a, b]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    // SQS delivers a message twice now and then: the duplicate skips the audit and loses the lock race (412).
    expect(await deliver([byAccount.get(MGMT)!])).toEqual({ batchItemFailures: [] });
    expect(logs.filter((l) => l.message === 'account already recorded for this run: audit skipped')).toHaveLength(1);
    const lockWrites = ep.log.filter((r) => r.service === 's3' && r.action === 'PutObject' && r.params.Key === runKey('aggregated.lock'));
    expect(lockWrites.filter((r) => r.status === 200)).toHaveLength(1);
    expect(lockWrites.filter((r) => r.status === 412).every((r) => r.error === 'PreconditionFailed')).toBe(true);
    expect(lockWrites.filter((r) => r.status === 412).length).toBeGreaterThanOrEqual(1);
    expect(logs.filter((l) => l.message === 'org report archived')).toHaveLength(1);

    // The per-account archive, as the nightly function writes it; nothing for the refused account.
    for (const id of [MGMT, DEV, PROD]) {
      expect(ep.s3.keys(BUCKET, `${PREFIX}/${id}/`)).toEqual(['report.csv', 'report.html', 'report.json', 'summary.json'].map((f) => `${PREFIX}/${id}/${DATE}/${f}`));
      expect(accountReport(id).generatedAt).toBe('2026-11-25T03:00:00.000Z');
    }
    expect(ep.s3.keys(BUCKET, `${PREFIX}/${LEGACY}/`)).toEqual([]);
    expect(ep.s3.keys(BUCKET, runKey('accounts/'))).toEqual([...MEMBERS].sort().map((id) => runKey(`accounts/${id}.json`)));
    const stranger = accountReport(DEV).findings.filter((f) => f.resourceArn === `arn:aws:iam::${DEV}:role/stranger` && f.status === 'FAIL');
    expect(stranger.length).toBeGreaterThan(0);
    expect(stranger.every((f) => f.suppressed?.reason === 'known partner account')).toBe(true);

    // The organization report: built from the records, equal to the sums of the account reports.
    const org = json<OrgReport>(runKey('org-report.json'));
    expect(org.summary.accounts).toMatchObject({ selected: 4, audited: 3, failed: 1, skipped: 0 });
    const legacy = org.accounts.find((x) => x.id === LEGACY)!;
    expect(legacy).toMatchObject({ status: 'FAILED', name: 'legacy', error: 'AccessDenied' });
    expect(legacy.reason).toContain(`sts:AssumeRole arn:aws:iam::${LEGACY}:role/${ROLE} failed: AccessDenied`);
    for (const s of SEVERITIES) expect(org.summary.bySeverity[s], s).toBe([MGMT, DEV, PROD].reduce((n, id) => n + accountReport(id).summary.bySeverity[s], 0));
    expect(org.summary.suppressed).toBe(accountReport(DEV).summary.suppressed);
    const devEntry = org.accounts.find((x) => x.id === DEV)!;
    expect(devEntry.reports).toEqual([`../../../${DEV}/${DATE}/report.json`, `../../../${DEV}/${DATE}/report.html`, `../../../${DEV}/${DATE}/report.csv`]);
    expect(org.byCheck.find((c) => c.checkId === 'org.scp.deny-leave-organization')).toBeDefined();
    expect(ep.s3.getText(BUCKET, runKey('org-report.html'))).toContain('<!DOCTYPE html>');
    expect(json<{ by: string; email: { sent: boolean } }>(runKey('aggregated.json'))).toMatchObject({ by: expect.stringMatching(/^worker:/), email: { sent: true } });

    // Exactly one mail: a first run, so every open finding is new.
    const mails = await ses.emails();
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    const open = (s: 'critical' | 'high') => [MGMT, DEV, PROD].reduce((n, id) => n + accountReport(id).findings.filter((f) => f.status === 'FAIL' && !f.suppressed && f.severity === s).length, 0);
    const urgent = [open('critical') ? `${open('critical')} new critical` : '', open('high') ? `${open('high')} new high` : ''].filter(Boolean).join(', ');
    expect(urgent).not.toBe('');
    expect(mail.subject).toBe(`[hardening-audit] org ${ORG_ID} ${DATE}: ${urgent} (3 of 4 accounts audited, 1 failed)`);
    expect(mail.destination.to).toEqual(['secops@example.com']);
    const html = mail.body.html ?? '';
    expect(html).toContain('Accounts not audited (1)');
    expect(html).toContain(`sts:AssumeRole arn:aws:iam::${LEGACY}:role/${ROLE} failed: AccessDenied`);
    for (const id of [MGMT, DEV, PROD]) expect(html).toContain(id);
    expect(html).toContain(`s3://${BUCKET}/${runKey('org-report.html')}`);
    expect(html).not.toMatch(/<style|<script|<link/i);
    expect(mail.body.text).toContain(`- ${LEGACY} (legacy): sts:AssumeRole`);
    expect(mail.attachments.map((x) => x.filename).sort()).toEqual([`hardening-audit-${ORG_ID}-${DATE}.csv`, `hardening-audit-${ORG_ID}-${DATE}.html`]);
    const attached = (suffix: string) => Buffer.from(mail.attachments.find((x) => x.filename.endsWith(suffix))!.content, 'base64');
    expect(attached('.html').toString('utf8')).toBe(ep.s3.getText(BUCKET, runKey('org-report.html')));
    expect(attached('.csv').equals(ep.s3.get(BUCKET, runKey('org-report.csv'))!.body)).toBe(true);

    // S3 before the mail.
    const order = logs.map((l) => l.message);
    expect(order.indexOf('org report archived')).toBeLessThan(order.indexOf('org email sent'));
  });

  it('the deadline sweep reports an account whose message never arrived as FAILED, once', async () => {
    const byAccount = await schedule();
    for (const id of [MGMT, PROD, LEGACY]) await deliver([byAccount.get(id)!]); // DEV's message is lost
    expect(ep.s3.get(BUCKET, runKey('aggregated.lock'))).toBeUndefined();

    // Before the deadline (300 minutes after the manifest) the sweep waits.
    expect(await sweep('2026-11-25T06:00:00Z')(scheduledEvent('sweep-1', '2026-11-25T06:00:00Z'))).toEqual({ runs: [{ orgId: ORG_ID, date: DATE, action: 'waiting' }] });
    expect(await ses.emails()).toEqual([]);

    const late = await sweep('2026-11-25T09:00:00Z')(scheduledEvent('sweep-2', '2026-11-25T09:00:00Z'));
    expect(late).toEqual({ runs: [{ orgId: ORG_ID, date: DATE, action: 'aggregated', missing: [DEV] }] });
    const org = json<OrgReport>(runKey('org-report.json'));
    expect(org.summary.accounts).toMatchObject({ selected: 4, audited: 2, failed: 2 });
    expect(org.accounts.find((x) => x.id === DEV)).toMatchObject({ status: 'FAILED', reason: 'no result by the deadline', ouPath: 'Root/Workloads/Dev', name: 'dev' });
    const [mail, ...more] = await ses.emails();
    expect(more).toEqual([]);
    expect(mail.subject).toMatch(/\(2 of 4 accounts audited, 2 failed\)$/);
    expect(mail.body.text).toContain(`1 account(s) sent no result by the deadline: ${DEV}.`);
    expect(mail.body.text).toContain(`- ${DEV} (dev): no result by the deadline`);

    // Later sweeps and the late message change nothing: no second mail.
    expect(await sweep('2026-11-25T10:00:00Z')(scheduledEvent('sweep-3', '2026-11-25T10:00:00Z'))).toEqual({ runs: [{ orgId: ORG_ID, date: DATE, action: 'done-already' }] });
    expect(await deliver([byAccount.get(DEV)!])).toEqual({ batchItemFailures: [] });
    expect(logs.some((l) => l.message === 'org run complete; another worker aggregates')).toBe(true);
    expect(await ses.emails()).toHaveLength(1);
  });

  it('a failed org mail does not fail the message; the sweep finds the unfinished aggregation and mails', async () => {
    const byAccount = await schedule();
    const closed = `http://127.0.0.1:${await freePort()}`; // nothing listens there: the mail cannot be sent
    const mailDown = createOrgWorkerHandler({ ...at('2026-11-25T03:01:00Z'), env: env({ HARDENING_AUDIT_SES_ENDPOINT_URL: closed, HARDENING_AUDIT_EMAIL_ATTEMPTS: '2' }) });
    for (const id of MEMBERS) expect(await mailDown(sqs.lambdaEvent(QUEUE, [byAccount.get(id)!]))).toEqual({ batchItemFailures: [] });
    expect(ep.s3.get(BUCKET, runKey('org-report.json'))).toBeDefined(); // S3 before the mail
    expect(ep.s3.get(BUCKET, runKey('aggregated.json'))).toBeUndefined();
    expect(logs.find((l) => l.message === 'org aggregation failed: the deadline sweep will retry it')?.fields?.error).toMatch(
      /^OrgAggregationError: org report archived at s3:\/\/org-audit-reports\/audits\/org\/o-a1b2c3d4e5\/2026-11-25\/org-report\.json, but the email was not sent: sending the report email failed after 2 attempts/,
    );

    // Within the lock's lifetime the sweep leaves it alone; after it, the sweep aggregates again and mails.
    expect((await sweep('2026-11-25T03:10:00Z')(scheduledEvent('s1', '2026-11-25T03:10:00Z'))).runs[0].action).toBe('in-progress');
    expect((await sweep('2026-11-25T09:00:00Z')(scheduledEvent('s2', '2026-11-25T09:00:00Z'))).runs).toEqual([{ orgId: ORG_ID, date: DATE, action: 'aggregated', missing: [] }]);
    expect(await ses.emails()).toHaveLength(1);
    expect(json<{ by: string }>(runKey('aggregated.json')).by).toBe('sweep');
  });

  it('a worker that cannot write S3 reports its message in batchItemFailures; the redelivery succeeds', async () => {
    const byAccount = await schedule();
    const message = byAccount.get(PROD)!;
    ep.setFaults({ accessDenied: ['s3:PutObject'] });
    const failed = await deliver([message]);
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: message.messageId }] });
    expect(ep.s3.get(BUCKET, runKey(`accounts/${PROD}.json`))).toBeUndefined();
    expect(logs.find((l) => l.message === 'message failed: left for SQS to retry')?.fields?.error).toMatch(/^ArchiveWriteError: s3:PutObject s3:\/\/org-audit-reports\/audits\/333333333333\/2026-11-25\/report\.\w+ failed: AccessDenied/);

    ep.clearFaults();
    const event = sqs.lambdaEvent(QUEUE, [message]);
    expect(event.Records[0].attributes.ApproximateReceiveCount).toBe('2');
    expect(await worker()(event)).toEqual({ batchItemFailures: [] });
    expect(json<{ entry: { status: string } }>(runKey(`accounts/${PROD}.json`)).entry.status).toBe('AUDITED');
  });

  it('a second schedule the same day queues nothing; an empty event (manual invoke) uses the clock', async () => {
    await schedule();
    const again = await scheduler('2026-11-25T05:00:00Z')(scheduledEvent('another-event', '2026-11-25T05:00:00Z'));
    expect(again).toMatchObject({ status: 'already-exists', queued: 0 });
    expect(sqs.peek(QUEUE)).toEqual([]);
    const manual = await scheduler('2026-11-26T08:00:00Z')({});
    expect(manual).toMatchObject({ status: 'queued', date: '2026-11-26', runId: 'manual-2026-11-26T08:00:00.000Z', queued: 4 });
  });

  it('fails fast on bad org settings, naming the variable, before any AWS call', async () => {
    const noRole = createOrgSchedulerHandler({ ...at(RUN_TIME), env: env({ HARDENING_AUDIT_ORG_ASSUME_ROLE: '' }) });
    await expect(noRole(scheduledEvent())).rejects.toThrow(new LambdaConfigError('HARDENING_AUDIT_ORG_ASSUME_ROLE is not set: org mode needs the name of the read-only audit role in the member accounts'));
    const noQueue = createOrgSchedulerHandler({ ...at(RUN_TIME), env: env({ HARDENING_AUDIT_ORG_QUEUE_URL: '' }) });
    await expect(noQueue(scheduledEvent())).rejects.toThrow('HARDENING_AUDIT_ORG_QUEUE_URL is not set: the org scheduler needs the URL of the SQS queue of the workers');
    const badIds = createOrgWorkerHandler({ ...at(RUN_TIME), env: env({ HARDENING_AUDIT_ORG_ACCOUNTS: `${DEV},22222222222x` }) });
    await expect(badIds({ Records: [] })).rejects.toThrow('HARDENING_AUDIT_ORG_ACCOUNTS (item 2): expected a 12-digit account id');
    const secret = 'ext id with spaces!';
    const badExternalId = createOrgAggregatorHandler({ ...at(RUN_TIME), env: env({ HARDENING_AUDIT_ORG_EXTERNAL_ID: secret }) });
    const error = await badExternalId(scheduledEvent()).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(LambdaConfigError);
    expect((error as Error).message).toBe('HARDENING_AUDIT_ORG_EXTERNAL_ID: expected 2-1224 characters of letters, digits and +=,.@:/-');
    expect(ep.log).toEqual([]);
    // An account id the organization does not have is an error of the scheduler, before anything is queued.
    await expect(scheduler(undefined, { HARDENING_AUDIT_ORG_ACCOUNTS: '123412341234' })(scheduledEvent())).rejects.toThrow(`not accounts of organization ${ORG_ID}: 123412341234`);
    expect(sqs.peek(QUEUE)).toEqual([]);
  });
});

describe('sendMessageBatches against the local SQS', () => {
  it('sends 10 entries a request and retries the entries SQS failed', async () => {
    const client = createSqsClient({ endpointUrl: ep.url, region: 'us-east-1', maxAttempts: 1 });
    try {
      sqs.failNextEntries(QUEUE, 3);
      const messages = Array.from({ length: 23 }, (_, i) => ({ id: `m${i}`, body: JSON.stringify({ n: i }) }));
      const retries: number[] = [];
      const sent = await sendMessageBatches(client, sqs.queueUrl(ep.url, QUEUE), messages, { sleep: async () => {}, onRetry: (r) => retries.push(r.entries) });
      expect(sent.size).toBe(23);
      expect(retries).toEqual([3]);
      expect(sqs.batchCalls.get(QUEUE)).toBe(4); // 10 + 10 + 3, and one retry of the 3 failed entries
      expect(sqs.peek(QUEUE).map((m) => JSON.parse(m.body).n).sort((x: number, y: number) => x - y)).toEqual(messages.map((_, i) => i));
    } finally {
      client.destroy();
    }
  });

  it('gives up after the attempts, naming the entries', async () => {
    const client = createSqsClient({ endpointUrl: ep.url, region: 'us-east-1', maxAttempts: 1 });
    try {
      sqs.failNextEntries(QUEUE, 100);
      await expect(sendMessageBatches(client, sqs.queueUrl(ep.url, QUEUE), [{ id: DEV, body: '{}' }], { attempts: 2, sleep: async () => {} })).rejects.toThrow(
        `1 of 1 message(s) could not be queued: ${DEV} (InternalError)`,
      );
    } finally {
      client.destroy();
    }
  });
});
