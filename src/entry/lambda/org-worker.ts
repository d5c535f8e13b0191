// Org mode, step 2 (SQS, batch size 1): audit one member account and record the result.
//
//   message {runId, orgId, date, accountId} → the run manifest (the organization model: no Organizations call here)
//   → the one audit pipeline (src/pipeline/run.ts) with the orgMember source (sts:AssumeRole into the account) and
//     the per-account archive (<prefix>/<account>/<date>/, like the nightly function) as history and store: the
//     archived reports carry the diff against the previous run and the trend, as the nightly ones do
//   → the account record (<prefix>/org/<org>/<date>/accounts/<account>.json)
//   → if every account of the manifest has a record: claim aggregated.lock (S3 conditional write) and aggregate.
//
// An account that cannot be audited (AssumeRole denied, the audit throwing, a bad suppressions file) is recorded as
// FAILED with its reason: the run still completes and the mail says why. Only infrastructure failures — S3 reads or
// writes failing, an unreadable message — are returned in batchItemFailures, so SQS delivers the message again
// (and after maxReceiveCount moves it to the dead-letter queue). A redelivered message whose account already has a
// record for this run skips the audit. A failed aggregation is logged and left to the deadline sweep: the account's
// own work is done, so the message is not retried for it.
import { auditSessionName } from '../../aws/assume-role.js';
import { createClients, destroyClients } from '../../aws/clients.js';
import { errorCode } from '../../collect/errors.js';
import { RUN_FILES } from '../../pipeline/report-store-s3.js';
import type { OrgAccountRecord } from '../../org/account-record.js';
import { RECORD_VERSION } from '../../org/account-record.js';
import { MemberAccountError, memberWhere } from '../../org/audit-member.js';
import { organizationModel, type OrgRunManifest } from '../../org/manifest.js';
import { accountEntry } from '../../org/summary.js';
import { S3ReportStore } from '../../pipeline/report-store.js';
import { runAccountAudit, type AccountRun } from '../../pipeline/run.js';
import { orgMember } from '../../pipeline/sources.js';
import { InputError } from '../../errors.js';
import type { Suppressions } from '../../settings/suppressions.js';
import { LambdaConfigError, lambdaAuditSettings } from './config.js';
import { workerMessageSchema, type SqsBatchResponse, type SqsEvent, type SqsRecord, type WorkerMessage } from './events.js';
import { aggregateOrgRun } from '../../org/aggregate.js';
import { orgRuntime, type OrgRuntime } from './org-runtime.js';
import { credentialReportDeadlineMs, type LambdaContextLike, type HandlerDeps } from './runtime.js';
import { loadLambdaSuppressions } from './suppressions.js';
import { firstIssueText } from '../../util/zod-issue.js';

/** Relative to the org report's folder (<prefix>/org/<org>/<date>/): the account's reports in the archive. */
const archivedReports = (accountId: string, date: string) => (['json', 'html', 'csv'] as const).map((f) => `../../../${accountId}/${date}/${RUN_FILES[f]}`);

function parseMessage(record: SqsRecord): WorkerMessage {
  let value: unknown;
  try {
    value = JSON.parse(record.body);
  } catch {
    throw new Error(`message ${record.messageId}: the body is not JSON`);
  }
  const parsed = workerMessageSchema.safeParse(value);
  if (!parsed.success) throw new Error(`message ${record.messageId}: not an org account message: ${firstIssueText(parsed.error)}`);
  return parsed.data;
}

async function auditOne(rt: OrgRuntime, manifest: OrgRunManifest, accountId: string, context: LambdaContextLike): Promise<OrgAccountRecord> {
  const { config, org, log } = rt;
  const model = organizationModel(manifest);
  const account = model.accounts.find((a) => a.id === accountId);
  const base = { recordVersion: RECORD_VERSION, runId: manifest.runId, orgId: manifest.orgId, date: manifest.date, accountId } as const;
  const failed = (reason: string, error?: string): OrgAccountRecord => ({
    ...base,
    writtenAt: rt.now().toISOString(),
    entry: { ...(account ? memberWhere(model, account) : { id: accountId, name: accountId, ouPath: '' }), status: 'FAILED', reason, ...(error ? { error } : {}) },
  });
  if (!account || !manifest.selected.includes(accountId)) return failed(`account ${accountId} is not selected in the run manifest`);

  // A bad suppressions file is the same for every account: each records it, so the org mail names it.
  let suppressions: Suppressions | undefined;
  try {
    suppressions = await loadLambdaSuppressions(rt.archive, config.suppressions);
  } catch (e) {
    if (e instanceof LambdaConfigError || e instanceof InputError) return failed(`suppressions: ${(e as Error).message}`, 'InvalidSuppressions');
    throw e;
  }

  const aws = { region: config.aws.region, endpointUrl: config.aws.endpointUrl, maxAttempts: config.aws.maxAttempts };
  const settings = lambdaAuditSettings(config, suppressions, manifest.scope.productionOus);
  const store = new S3ReportStore(rt.archive);
  const caller = createClients(aws);
  let run: AccountRun;
  try {
    run = await runAccountAudit({
      source: orgMember(model, account, {
        aws,
        sts: caller.sts,
        assumeRole: org.assumeRole,
        ...(org.externalId ? { externalId: org.externalId } : {}),
        sessionName: auditSessionName(rt.now()),
        collect: {
          iamConcurrency: config.iamConcurrency,
          agents: settings.agents,
          credentialReport: { deadlineMs: credentialReportDeadlineMs(config.credentialReportTimeoutSeconds, context) },
        },
        now: manifest.startedAt,
      }),
      settings,
      history: store,
      stores: [store],
      progress: (m) => log('info', m),
    });
  } catch (e) {
    const reason = e instanceof MemberAccountError ? e.message : `${errorCode(e)}: ${(e as Error).message}`;
    log('warn', 'account not audited', { accountId, reason });
    return failed(reason, e instanceof MemberAccountError ? e.code : errorCode(e));
  } finally {
    destroyClients(caller);
  }
  // The archive could not be written: an infrastructure failure, so SQS delivers the message again.
  const storeError = run.storeErrors[0];
  if (storeError) throw storeError.error;
  const { report, diff } = run;
  for (const notice of run.notices) log('warn', 'archive history', { accountId, notice });
  log('info', 'account reports archived', { accountId, date: manifest.date, previousDate: run.previous?.date ?? null, new: diff.counts.new });
  return {
    ...base,
    writtenAt: rt.now().toISOString(),
    entry: accountEntry(report, memberWhere(model, account), run.exitCode, archivedReports(accountId, manifest.date), run.loaded.member?.scps ?? []),
    checks: report.checks.map((c) => ({ id: c.id, title: c.title, severity: c.severity, status: c.status })),
    diff: { previousDate: run.previous?.date ?? null, new: diff.counts.new, resolved: diff.counts.resolved },
  };
}

/** After a record: aggregate when every account of the run is in and this caller wins the lock. */
async function completeIfLast(rt: OrgRuntime, manifest: OrgRunManifest, accountId: string): Promise<'aggregated' | 'claimed-elsewhere' | 'waiting' | 'aggregation-failed'> {
  const { store, log } = rt;
  const have = await store.recordIds(manifest.orgId, manifest.date);
  const waiting = manifest.selected.filter((id) => !have.has(id));
  if (waiting.length) {
    log('info', 'org run not complete yet', { orgId: manifest.orgId, date: manifest.date, recorded: manifest.selected.length - waiting.length, of: manifest.selected.length });
    return 'waiting';
  }
  const by = `worker:${accountId}`;
  if (!(await store.claimAggregation(manifest.orgId, manifest.date, { runId: manifest.runId, by, at: rt.now().toISOString() }))) {
    log('info', 'org run complete; another worker aggregates', { orgId: manifest.orgId, date: manifest.date });
    return 'claimed-elsewhere';
  }
  try {
    await aggregateOrgRun(rt, manifest, by, 'no result recorded');
    return 'aggregated';
  } catch (e) {
    log('error', 'org aggregation failed: the deadline sweep will retry it', { orgId: manifest.orgId, date: manifest.date, error: `${(e as Error).name}: ${(e as Error).message}` });
    return 'aggregation-failed';
  }
}

export function createOrgWorkerHandler(deps: HandlerDeps = {}) {
  return async function orgWorker(event: SqsEvent, context: LambdaContextLike = {}): Promise<SqsBatchResponse> {
    const rt = orgRuntime(deps);
    const failures: SqsBatchResponse['batchItemFailures'] = [];
    try {
      for (const message of event.Records ?? []) {
        try {
          const msg = parseMessage(message);
          const manifest = await rt.store.getManifest(msg.orgId, msg.date);
          if (!manifest || manifest.runId !== msg.runId) throw new Error(`no manifest of run ${msg.runId} at ${rt.store.uri(rt.store.key(msg.orgId, msg.date, 'manifest.json'))}`);
          const existing = await rt.store.getRecord(msg.orgId, msg.date, msg.accountId);
          if (existing?.runId === msg.runId) {
            rt.log('info', 'account already recorded for this run: audit skipped', { accountId: msg.accountId, receiveCount: message.attributes?.ApproximateReceiveCount });
          } else {
            const record = await auditOne(rt, manifest, msg.accountId, context);
            await rt.store.putRecord(record);
            rt.log('info', 'account recorded', { accountId: msg.accountId, status: record.entry.status });
          }
          const completion = await completeIfLast(rt, manifest, msg.accountId);
          rt.log('info', 'message done', { messageId: message.messageId, accountId: msg.accountId, completion });
        } catch (e) {
          rt.log('error', 'message failed: left for SQS to retry', { messageId: message.messageId, error: `${(e as Error).name}: ${(e as Error).message}` });
          failures.push({ itemIdentifier: message.messageId });
        }
      }
      return { batchItemFailures: failures };
    } finally {
      rt.destroy();
    }
  };
}
