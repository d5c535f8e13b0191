// Aggregation of one org fan-out run: the per-account records → the organization report (JSON, HTML, CSV in the run
// folder) → the organization mail → the done marker (aggregated.json). Run by the worker that completes the run, or
// by the deadline sweep (org-aggregator.ts); the caller has claimed aggregated.lock first.
//
// Records are folded into OrgReportBuilder one by one; full account reports are never loaded. An account of the
// manifest without a record is reported FAILED with `missingReason`. S3 comes before the mail; a failed mail fails
// the aggregation (after the reports are in S3) and leaves no done marker, so the sweep tries again.
import { SEVERITIES } from '../vocabulary.js';
import { s3ConsoleUrl, s3Uri } from '../pipeline/report-store-s3.js';
import type { ReportLink } from '../deliver/email-body.js';
import { sendOrgEmail } from '../deliver/org-email.js';
import type { AccountChange } from '../deliver/org-email-body.js';
import type { OrgRunManifest } from './manifest.js';
import { organizationModel } from './manifest.js';
import { memberWhere } from './audit-member.js';
import { OrgReportBuilder } from './summary.js';
import { ORG_RENDERERS } from '../pipeline/renderers.js';
import type { OrgReport } from '../report/org-model.js';
import { organizationGaps } from './model.js';
import type { OrgRuntime } from '../entry/lambda/org-runtime.js';

export class OrgAggregationError extends Error {
  override name = 'OrgAggregationError';
}

export interface OrgAggregateResult {
  orgId: string;
  date: string;
  by: string;
  reportKeys: { json: string; html: string; csv: string };
  accounts: OrgReport['summary']['accounts'];
  /** Accounts of the manifest without a record (reported FAILED). */
  missing: string[];
  email: { sent: true; messageId: string; subject: string; attempts: number } | { sent: false; reason: string };
}

export async function aggregateOrgRun(rt: OrgRuntime, manifest: OrgRunManifest, by: string, missingReason: string): Promise<OrgAggregateResult> {
  const { store, config, log } = rt;
  const { orgId, date } = manifest;
  const model = organizationModel(manifest);
  const byId = new Map(model.accounts.map((a) => [a.id, a]));
  const builder = new OrgReportBuilder(model, manifest.scope, manifest.skipped);
  const changes = new Map<string, AccountChange>();
  const missing: string[] = [];

  await store.forEachRecord(orgId, date, manifest.selected, (id, record) => {
    const account = byId.get(id);
    const where = account ? memberWhere(model, account) : { id, name: id, ouPath: '' };
    if (!record || record.runId !== manifest.runId) {
      missing.push(id);
      builder.addFailed({ ...where, reason: missingReason });
    } else if (record.entry.status === 'AUDITED') {
      builder.addAudited(record.entry, { checks: record.checks ?? [] });
      if (record.diff) changes.set(id, record.diff);
    } else {
      builder.addFailed({ ...where, reason: record.entry.reason ?? 'unknown', ...(record.entry.error ? { error: record.entry.error } : {}) });
    }
  });
  missing.sort();
  const report = builder.build(manifest.startedAt, organizationGaps(model));
  const render = (f: keyof typeof ORG_RENDERERS) => ORG_RENDERERS[f].render(report, {});
  const rendered = { json: render('json'), html: render('html'), csv: render('csv') };
  const reportKeys = await store.putOrgReports(orgId, date, rendered);
  log('info', 'org report archived', { orgId, date, by, keys: reportKeys, accounts: report.summary.accounts, missing });

  let email: OrgAggregateResult['email'];
  const changed = [...changes.values()].some((c) => SEVERITIES.some((s) => c.new[s] > 0 || c.resolved[s] > 0));
  if (config.email.to.length === 0) {
    email = { sent: false, reason: 'HARDENING_AUDIT_EMAIL_TO is not set' };
  } else if (config.email.when === 'changes' && !changed && report.summary.accounts.failed === 0) {
    email = { sent: false, reason: 'no new or resolved findings in any account (HARDENING_AUDIT_EMAIL_WHEN=changes)' };
  } else {
    const link = (label: string, key: string): ReportLink => ({ label, href: s3ConsoleUrl(store.bucket, key, config.aws.region), detail: s3Uri(store.bucket, key) });
    const notices = missing.length ? [`${missing.length} account(s) sent no result by the deadline: ${missing.join(', ')}. They are reported as failed.`] : [];
    try {
      const sent = await sendOrgEmail({
        report,
        changes,
        rendered,
        to: config.email.to,
        from: config.email.from as string,
        smtpUrl: config.email.smtpUrl,
        ses: { region: config.email.sesRegion ?? config.aws.region, endpointUrl: config.email.sesEndpointUrl },
        links: [link('Organization report (HTML)', reportKeys.html), link('CSV', reportKeys.csv), link('JSON', reportKeys.json)],
        notices,
        maxAttachmentBytes: config.email.maxAttachmentBytes,
        attempts: config.email.attempts,
        backoffMs: config.email.backoffMs,
        sleep: rt.sleep,
        onFailure: ({ attempt, attempts, error, retryInMs }) =>
          log(retryInMs === null ? 'error' : 'warn', 'sending the org email failed', { orgId, date, attempt, attempts, retryInMs, error: `${error.name}: ${error.message}` }),
      });
      email = { sent: true, messageId: sent.messageId, subject: sent.subject, attempts: sent.attempts };
      log('info', 'org email sent', { orgId, date, messageId: sent.messageId, attempts: sent.attempts, to: config.email.to.length });
    } catch (e) {
      throw new OrgAggregationError(`org report archived at ${s3Uri(store.bucket, reportKeys.json)}, but the email was not sent: ${(e as Error).message}`, { cause: e });
    }
  }

  const a = report.summary.accounts;
  await store.putDone(orgId, date, {
    runId: manifest.runId,
    by,
    at: rt.now().toISOString(),
    reportKeys,
    accounts: { selected: a.selected, audited: a.audited, failed: a.failed, missing: missing.length },
    email: email.sent ? { sent: true, messageId: email.messageId } : { sent: false, reason: email.reason },
  });
  return { orgId, date, by, reportKeys, accounts: a, missing, email };
}
