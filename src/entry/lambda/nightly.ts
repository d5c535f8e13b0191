// The nightly run of one account, on the one pipeline (src/pipeline/run.ts):
//
//   1. suppressions from the report bucket (src/entry/lambda/suppressions.ts); a bad one fails fast
//   2. the pipeline: live source (the function's role, read-only clients), the S3 archive as history (previous
//      report for the diff, summaries for the trend) and as the store:
//      <prefix>/<account>/<yyyy-mm-dd>/report.{json,html,csv} + summary.json; the same day overwrites (idempotent)
//   3. email, only after S3 was written; retried with backoff; a failure is logged and fails the invocation (thrown
//      after S3 was written, so the report is never lost). If S3 itself fails, the mail still goes out with the
//      reports attached and a warning, and then the invocation fails.
//
// Logs are one JSON object per line (CloudWatch Logs Insights can filter on them); no secret is ever logged.
import type { Severity } from '../../vocabulary.js';
import type { ReportEmailResult } from '../../deliver/email.js';
import type { ReportLink } from '../../deliver/email-body.js';
import { createS3Client, ReportArchive, s3ConsoleUrl, s3Uri, type ArchiveLocation } from '../../pipeline/report-store-s3.js';
import { mailAccountRun, type MailSettings } from '../../pipeline/notify.js';
import { S3ReportStore } from '../../pipeline/report-store.js';
import { runAccountAudit } from '../../pipeline/run.js';
import { liveAccount } from '../../pipeline/sources.js';
import { suppressionWarnings } from '../../settings/suppressions.js';
import { lambdaAuditSettings, type LambdaConfig } from './config.js';
import { credentialReportDeadlineMs, type HandlerDeps, type LambdaContextLike } from './runtime.js';
import { loadLambdaSuppressions } from './suppressions.js';

/** Whose account to audit: the caller's own. (Org mode audits member accounts in src/entry/lambda/org-worker.ts.) */
export type AuditTarget = { kind: 'caller' };

export interface AccountRunResult {
  accountId: string;
  date: string;
  archive: ArchiveLocation | null;
  previousDate: string | null;
  open: Record<Severity, number>;
  new: Record<Severity, number>;
  resolved: number;
  incomplete: boolean;
  failOn: Severity | 'none';
  /** The CLI's exit code for this report (0 clean, 1 findings at or above failOn, 3 incomplete); informational. */
  exitCode: 0 | 1 | 3;
  email: (Pick<ReportEmailResult, 'messageId' | 'attempts' | 'attached' | 'omitted' | 'subject'> & { sent: true }) | { sent: false; reason: string };
}

/** The invocation failed after the archive was written (or attempted): carries what was done. */
export class NightlyRunError extends Error {
  override name = 'NightlyRunError';
  constructor(
    message: string,
    readonly result: AccountRunResult,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export async function auditAccount(
  target: AuditTarget,
  config: LambdaConfig,
  deps: Required<Pick<HandlerDeps, 'now' | 'log'>> & Pick<HandlerDeps, 'sleep'>,
  context: LambdaContextLike = {},
): Promise<AccountRunResult> {
  const { log } = deps;
  void target; // single account: the default credential chain (the function's role) is the target

  const s3 = createS3Client({ region: config.aws.region, endpointUrl: config.aws.endpointUrl, forcePathStyle: config.aws.forcePathStyle, maxAttempts: config.aws.maxAttempts });
  const archive = new ReportArchive(s3, config.bucket, config.prefix);
  const store = new S3ReportStore(archive);
  try {
    // Suppressions first: a bad or missing (explicitly configured) file fails the run before any audit call.
    const suppressions = await loadLambdaSuppressions(archive, config.suppressions);
    if (suppressions) log('info', 'suppressions loaded', { source: suppressions.source, entries: suppressions.entries.length });
    const settings = lambdaAuditSettings(config, suppressions);
    const now = deps.now().toISOString();
    const started = Date.now();
    const run = await runAccountAudit({
      source: liveAccount(
        { region: config.aws.region, endpointUrl: config.aws.endpointUrl, maxAttempts: config.aws.maxAttempts },
        // Leave time to archive and mail: the credential report wait never runs into the Lambda timeout.
        { iamConcurrency: config.iamConcurrency, agents: settings.agents, credentialReport: { deadlineMs: credentialReportDeadlineMs(config.credentialReportTimeoutSeconds, context) } },
        now,
      ),
      settings,
      history: store,
      stores: [store],
      progress: (m) => log('info', m),
    });
    const { report, diff } = run;
    const accountId = report.account.id;
    const date = report.generatedAt.slice(0, 10);
    log('info', 'audit finished', { accountId, date, ms: Date.now() - started, bySeverity: report.summary.bySeverity, gaps: report.gaps.length });
    for (const warning of suppressionWarnings(report.suppressions)) log('warn', warning, { accountId });
    for (const notice of run.notices) log('warn', 'archive history', { accountId, bucket: config.bucket, notice });

    const result: AccountRunResult = {
      accountId,
      date,
      archive: run.stored[0]?.archive ?? null,
      previousDate: run.previous?.date ?? null,
      open: diff.counts.open,
      new: diff.counts.new,
      resolved: diff.resolved.length,
      incomplete: run.summary.incomplete,
      failOn: config.failOn,
      exitCode: run.exitCode,
      email: { sent: false, reason: 'not attempted' },
    };
    const archiveError = run.storeErrors[0]?.error;
    const notices: string[] = [];
    if (archiveError) {
      log('error', 'archiving the reports failed', { accountId, bucket: config.bucket, error: archiveError.message });
      notices.push(`The reports could not be written to the archive (${archiveError.message}). They are attached to this email only.`);
    } else if (result.archive) {
      log('info', 'reports archived', { accountId, bucket: config.bucket, keys: result.archive.keys });
    }

    // Email, only after S3 was written (or failed).
    let emailError: Error | undefined;
    if (config.email.to.length === 0) {
      result.email = { sent: false, reason: 'HARDENING_AUDIT_EMAIL_TO is not set' };
    } else {
      try {
        const sent = await mailAccountRun(run, nightlyMail(config, deps, accountId), { links: result.archive ? reportLinks(result.archive, config.aws.region) : [], notices });
        if (sent.sent) {
          result.email = { sent: true, messageId: sent.messageId, attempts: sent.attempts, attached: sent.attached, omitted: sent.omitted, subject: sent.subject };
          log('info', 'report email sent', { accountId, messageId: sent.messageId, attempts: sent.attempts, to: config.email.to.length, omitted: sent.omitted });
        } else {
          result.email = { sent: false, reason: 'no new or resolved findings (HARDENING_AUDIT_EMAIL_WHEN=changes)' };
          log('info', 'no changes: email skipped', { accountId });
        }
      } catch (e) {
        emailError = e as Error;
        result.email = { sent: false, reason: emailError.message };
      }
    }

    log('info', 'run finished', { ...result, archive: result.archive?.keys.json ?? null });
    if (archiveError) {
      throw new NightlyRunError(
        `archiving the reports of ${accountId} failed: ${archiveError.message}${result.email.sent ? ' (the report email was sent with the reports attached)' : ''}`,
        result,
        { cause: archiveError },
      );
    }
    if (emailError) {
      const where = result.archive ? s3Uri(result.archive.bucket, result.archive.keys.json) : '';
      throw new NightlyRunError(`reports archived at ${where}, but the email was not sent: ${emailError.message}`, result, { cause: emailError });
    }
    return result;
  } finally {
    s3.destroy();
  }
}

function nightlyMail(config: LambdaConfig, deps: Pick<HandlerDeps, 'sleep' | 'log'>, accountId: string): MailSettings {
  const log = deps.log ?? (() => {});
  return {
    to: config.email.to,
    from: config.email.from as string,
    when: config.email.when,
    ...(config.email.smtpUrl ? { smtpUrl: config.email.smtpUrl } : {}),
    ses: { region: config.email.sesRegion ?? config.aws.region, endpointUrl: config.email.sesEndpointUrl },
    maxAttachmentBytes: config.email.maxAttachmentBytes,
    attempts: config.email.attempts,
    backoffMs: config.email.backoffMs,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    onFailure: ({ attempt, attempts, error, retryInMs }) =>
      log(retryInMs === null ? 'error' : 'warn', 'sending the report email failed', { accountId, attempt, attempts, retryInMs, error: `${error.name}: ${error.message}` }),
  };
}

function reportLinks(location: ArchiveLocation, region?: string): ReportLink[] {
  const link = (label: string, key: string): ReportLink => ({ label, href: s3ConsoleUrl(location.bucket, key, region), detail: s3Uri(location.bucket, key) });
  return [link('HTML report', location.keys.html), link('CSV', location.keys.csv), link('JSON', location.keys.json)];
}

