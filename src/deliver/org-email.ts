// Mailing the organization report (Lambda org mode): the compact org body (org-email-body.ts) with the org HTML and
// CSV reports attached, through the same transports and retries as the account mail (email.ts).
import type { OrgReport } from '../report/org-model.js';
import type { ReportLink } from './email-body.js';
import { reportAttachments, sendMailWithRetry, type MailTransportOptions, type ReportEmailResult, type RetryOptions } from './email.js';
import { buildOrgEmailView, renderOrgEmailHtml, renderOrgEmailText, type AccountChange } from './org-email-body.js';

export interface OrgEmailOptions extends MailTransportOptions, RetryOptions {
  report: OrgReport;
  changes: ReadonlyMap<string, AccountChange>;
  rendered: { html: string; csv: string };
  to: string[];
  from: string;
  links?: readonly ReportLink[];
  notices?: readonly string[];
  maxAttachmentBytes?: number;
}

export async function sendOrgEmail(options: OrgEmailOptions): Promise<ReportEmailResult> {
  if (options.to.length === 0) throw new Error('sendOrgEmail: no recipient (to)');
  const stem = `hardening-audit-${options.report.organization.id}-${options.report.generatedAt.slice(0, 10)}`;
  const { attachments, omitted } = reportAttachments(stem, options.rendered, options.maxAttachmentBytes);
  const view = buildOrgEmailView({
    report: options.report,
    changes: options.changes,
    links: options.links,
    notices: options.notices,
    attached: attachments.map((a) => a.filename),
    omitted,
  });
  const sent = await sendMailWithRetry(options, {
    from: options.from,
    to: options.to,
    subject: view.subject,
    html: renderOrgEmailHtml(view),
    text: renderOrgEmailText(view),
    attachments,
    headers: { 'X-Hardening-Audit-Organization': options.report.organization.id },
  });
  return { ...sent, subject: view.subject, attached: attachments.map((a) => a.filename), omitted };
}
