// The nightly Lambda: audit the account, archive the reports in S3, compare with the previous run, mail the result.
//
//   1. settings from HARDENING_AUDIT_* environment variables (src/lambda/config.ts), validated: a bad one fails fast
//   2. the audit: the same pipeline as the CLI (src/run-audit.ts), read-only clients with the read-only guard
//   3. the archive: the previous run's report.json (the latest date before today) and up to TREND_RUNS summaries
//   4. diff (src/report/diff.ts) and trend (src/report/trend.ts)
//   5. S3: <prefix>/<account>/<yyyy-mm-dd>/report.{json,html,csv} + summary.json; the same day overwrites (idempotent)
//   6. email, only after S3 was written; retried with backoff; a failure is logged and fails the invocation (thrown
//      after S3 was written, so the report is never lost). If S3 itself fails, the mail still goes out with the
//      reports attached and a warning, and then the invocation fails.
//
// Logs are one JSON object per line (CloudWatch Logs Insights can filter on them); no secret is ever logged.
//
// Suppressions: <prefix>/suppressions.yaml in the report bucket, or HARDENING_AUDIT_SUPPRESSIONS_KEY (src/lambda/suppressions.ts).
//
// Org mode is three more handlers exported from this bundle (src/lambda/org-scheduler.ts, org-worker.ts,
// org-aggregator.ts): a scheduler queues one SQS message per member account, a worker audits one account per
// message, and the last worker (or the deadline sweep) builds and mails the organization report.
import './batch-jit.js'; // first: V8 tier-up thresholds for a batch run, before any audit code runs
import { exitCodeFor } from './audit.js';
import { sendReportEmail, type ReportEmailResult } from './deliver/email.js';
import type { ReportLink } from './deliver/email-body.js';
import { createS3Client, ReportArchive, s3ConsoleUrl, s3Uri, type ArchiveLocation } from './deliver/s3.js';
import { loadLambdaConfig, type LambdaConfig } from './lambda/config.js';
import { createOrgAggregatorHandler } from './lambda/org-aggregator.js';
import { createOrgSchedulerHandler } from './lambda/org-scheduler.js';
import { createOrgWorkerHandler } from './lambda/org-worker.js';
import { credentialReportDeadlineMs, jsonLogger, type HandlerDeps, type LambdaContextLike } from './lambda/runtime.js';
import { diffReports, diffSection, parseDiffableReport, type DiffableReport } from './report/diff.js';
import { runSummary, trendSeries, type RunSummary } from './report/trend.js';
import { renderReports, runLiveAudit } from './run-audit.js';
import { suppressionWarnings } from './suppressions.js';
import { loadLambdaSuppressions } from './lambda/suppressions.js';
import type { Severity } from './checks/types.js';

export { jsonLogger, type HandlerDeps, type LambdaContextLike, type Logger, type LogLevel } from './lambda/runtime.js';

/** Whose account to audit: the caller's own. (Org mode audits member accounts in src/lambda/org-worker.ts.) */
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

  // Leave time to archive and mail: the credential report wait never runs into the Lambda timeout.
  const deadlineMs = credentialReportDeadlineMs(config.credentialReportTimeoutSeconds, context);

  const s3 = createS3Client({
    region: config.aws.region,
    endpointUrl: config.aws.endpointUrl,
    forcePathStyle: config.aws.forcePathStyle,
    maxAttempts: config.aws.maxAttempts,
  });
  const archive = new ReportArchive(s3, config.bucket, config.prefix);
  const notices: string[] = [];
  try {
    // Suppressions first: a bad or missing (explicitly configured) file fails the run before any audit call.
    const suppressions = await loadLambdaSuppressions(archive, config.suppressions);
    if (suppressions) log('info', 'suppressions loaded', { source: suppressions.source, entries: suppressions.entries.length });

    const started = Date.now();
    const { report } = await runLiveAudit({
      aws: { region: config.aws.region, endpointUrl: config.aws.endpointUrl, maxAttempts: config.aws.maxAttempts },
      collect: {
        iamConcurrency: config.iamConcurrency,
        credentialReport: { deadlineMs },
        progress: (m) => log('info', m),
      },
      audit: { thresholds: config.thresholds, now: deps.now().toISOString(), excludeChecks: config.excludeChecks, ...(suppressions ? { suppressions } : {}) },
    });
    const accountId = report.account.id;
    const date = report.generatedAt.slice(0, 10);
    log('info', 'audit finished', { accountId, date, ms: Date.now() - started, bySeverity: report.summary.bySeverity, gaps: report.gaps.length });
    for (const warning of suppressionWarnings(report.suppressions)) log('warn', warning, { accountId });

    const summary = runSummary(report);

    // The archive's history: the previous report for the diff, summaries for the trend. Failing to read it does not
    // stop the run (the reports still get archived and mailed), but the mail says so.
    let previous: { date: string; report: DiffableReport } | null = null;
    let history: RunSummary[] = [];
    try {
      const dates = await archive.listRunDates(accountId);
      const found = await archive.previousReport(accountId, date, dates);
      if (found) {
        try {
          previous = { date: found.date, report: parseDiffableReport(found.report) };
        } catch (e) {
          notices.push(`The previous report (${found.date}) could not be read: ${(e as Error).message}. Nothing is compared.`);
          log('warn', 'previous report unreadable', { accountId, previousDate: found.date, error: (e as Error).message });
        }
      }
      history = await archive.summariesBefore(accountId, date, config.trendRuns - 1, dates);
    } catch (e) {
      const err = e as Error;
      notices.push(`The report archive could not be read (${err.name}: ${err.message}), so this run is not compared with the previous one.`);
      log('warn', 'archive history unreadable', { accountId, bucket: config.bucket, error: `${err.name}: ${err.message}` });
    }

    const diff = diffReports(previous?.report ?? null, report);
    // The archived reports show what the mail shows: the diff (when there is a previous run) and the trend.
    if (previous) report.diff = diffSection(diff);
    report.trend = trendSeries([...history, summary], config.trendRuns);

    // Render everything before writing or sending anything.
    const rendered = renderReports(report, { maxFindingsPerCheck: config.htmlFindingsPerCheck });
    const baseResult: AccountRunResult = {
      accountId,
      date,
      archive: null,
      previousDate: previous?.date ?? null,
      open: diff.counts.open,
      new: diff.counts.new,
      resolved: diff.resolved.length,
      incomplete: summary.incomplete,
      failOn: config.failOn,
      exitCode: exitCodeFor(report, config.failOn),
      email: { sent: false, reason: 'not attempted' },
    };

    // 1. S3, before any mail.
    let archiveError: Error | undefined;
    try {
      baseResult.archive = await archive.putRun(accountId, date, {
        json: rendered.json,
        html: rendered.html,
        csv: rendered.csv,
        summary: `${JSON.stringify(summary, null, 2)}\n`,
      });
      log('info', 'reports archived', { accountId, bucket: config.bucket, keys: baseResult.archive.keys });
    } catch (e) {
      archiveError = e as Error;
      log('error', 'archiving the reports failed', { accountId, bucket: config.bucket, error: archiveError.message });
      notices.push(`The reports could not be written to the archive (${archiveError.message}). They are attached to this email only.`);
    }

    // 2. Email.
    let emailError: Error | undefined;
    const changes = diff.new.length + diff.resolved.length;
    if (config.email.to.length === 0) {
      baseResult.email = { sent: false, reason: 'HARDENING_AUDIT_EMAIL_TO is not set' };
    } else if (config.email.when === 'changes' && changes === 0 && !archiveError && previous) {
      baseResult.email = { sent: false, reason: 'no new or resolved findings (HARDENING_AUDIT_EMAIL_WHEN=changes)' };
      log('info', 'no changes: email skipped', { accountId });
    } else {
      try {
        const sent = await sendReportEmail({
          report,
          diff,
          history: [...history, summary],
          rendered,
          to: config.email.to,
          from: config.email.from as string,
          smtpUrl: config.email.smtpUrl,
          ses: { region: config.email.sesRegion ?? config.aws.region, endpointUrl: config.email.sesEndpointUrl },
          links: baseResult.archive ? reportLinks(baseResult.archive, config.aws.region) : [],
          notices,
          maxAttachmentBytes: config.email.maxAttachmentBytes,
          attempts: config.email.attempts,
          backoffMs: config.email.backoffMs,
          sleep: deps.sleep,
          onFailure: ({ attempt, attempts, error, retryInMs }) =>
            log(retryInMs === null ? 'error' : 'warn', 'sending the report email failed', {
              accountId,
              attempt,
              attempts,
              retryInMs,
              error: `${error.name}: ${error.message}`,
            }),
        });
        baseResult.email = { sent: true, messageId: sent.messageId, attempts: sent.attempts, attached: sent.attached, omitted: sent.omitted, subject: sent.subject };
        log('info', 'report email sent', { accountId, messageId: sent.messageId, attempts: sent.attempts, to: config.email.to.length, omitted: sent.omitted });
      } catch (e) {
        emailError = e as Error;
        baseResult.email = { sent: false, reason: emailError.message };
      }
    }

    log('info', 'run finished', { ...baseResult, archive: baseResult.archive?.keys.json ?? null });
    if (archiveError) {
      throw new NightlyRunError(
        `archiving the reports of ${accountId} failed: ${archiveError.message}${baseResult.email.sent ? ' (the report email was sent with the reports attached)' : ''}`,
        baseResult,
        { cause: archiveError },
      );
    }
    if (emailError) {
      const where = baseResult.archive ? s3Uri(baseResult.archive.bucket, baseResult.archive.keys.json) : '';
      throw new NightlyRunError(`reports archived at ${where}, but the email was not sent: ${emailError.message}`, baseResult, { cause: emailError });
    }
    return baseResult;
  } finally {
    s3.destroy();
  }
}

function reportLinks(location: ArchiveLocation, region?: string): ReportLink[] {
  const link = (label: string, key: string): ReportLink => ({ label, href: s3ConsoleUrl(location.bucket, key, region), detail: s3Uri(location.bucket, key) });
  return [link('HTML report', location.keys.html), link('CSV', location.keys.csv), link('JSON', location.keys.json)];
}

export interface NightlyResult {
  accounts: AccountRunResult[];
}

export function createHandler(deps: HandlerDeps = {}) {
  return async function handler(_event?: unknown, context: LambdaContextLike = {}): Promise<NightlyResult> {
    const log = deps.log ?? jsonLogger;
    const now = deps.now ?? (() => new Date());
    const config = loadLambdaConfig(deps.env ?? process.env);
    // The account the function runs in; member accounts are the org functions' (see the header comment).
    const targets: AuditTarget[] = [{ kind: 'caller' }];
    const accounts: AccountRunResult[] = [];
    for (const target of targets) accounts.push(await auditAccount(target, config, { now, log, sleep: deps.sleep }, context));
    return { accounts };
  };
}

export const handler = createHandler();

// Org mode (serverless.yml: orgScheduler, orgWorker, orgAggregator; README "Org mode"): one bundle, four handlers.
export const orgScheduler = createOrgSchedulerHandler();
export const orgWorker = createOrgWorkerHandler();
export const orgAggregator = createOrgAggregatorHandler();
