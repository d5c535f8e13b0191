// Run a live audit from options: build the read-only clients, collect a snapshot, audit it, render the reports.
// The one pipeline, shared by the Lambda handler (src/lambda.ts) and available to the CLI (src/cli-run.ts runs the
// same steps inline today and can switch to these functions).
import { auditSnapshot, type AuditOptions } from './audit.js';
import { createClients, destroyClients, type AwsOptions } from './aws/clients.js';
import { collectSnapshot, type CollectOptions } from './collect/index.js';
import { renderCsv } from './report/csv.js';
import { renderHtml, type HtmlOptions } from './report/html.js';
import { renderJson } from './report/json.js';
import type { AuditReport } from './report/model.js';
import type { AccountSnapshot } from './snapshot.js';

export interface LiveAuditOptions {
  aws: AwsOptions;
  collect?: CollectOptions;
  audit: AuditOptions;
}

export async function runLiveAudit(options: LiveAuditOptions): Promise<{ snapshot: AccountSnapshot; report: AuditReport }> {
  const clients = createClients(options.aws);
  let snapshot: AccountSnapshot;
  try {
    snapshot = await collectSnapshot(clients, options.collect);
  } finally {
    destroyClients(clients);
  }
  const report = await auditSnapshot(snapshot, options.audit);
  return { snapshot, report };
}

export const REPORT_FORMATS = ['json', 'html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** Renders every format before anything is written or sent, so a rendering failure leaves nothing half-delivered. */
export function renderReports(report: AuditReport, html: HtmlOptions = {}): Record<ReportFormat, string> {
  return { json: renderJson(report), html: renderHtml(report, html), csv: renderCsv(report) };
}
