// The mail step of a run (CLI --email-to, the nightly Lambda): the summary with what is new first, the HTML and CSV
// reports attached, links to where they were stored. Sent only after the stores were written (or failed).
import { sendReportEmail, type ReportEmailResult, type RetryOptions, type SesOptions } from '../deliver/email.js';
import type { ReportLink } from '../deliver/email-body.js';
import type { AccountRun } from './run.js';

export interface MailSettings {
  to: string[];
  from: string;
  /** smtp[s]:// URL; otherwise SES. */
  smtpUrl?: string;
  ses?: SesOptions;
  /** 'changes': mail only when findings are new or resolved (or the run could not be compared or stored). */
  when?: 'always' | 'changes';
  maxAttachmentBytes?: number;
  attempts?: number;
  backoffMs?: number;
  sleep?: RetryOptions['sleep'];
  onFailure?: RetryOptions['onFailure'];
}

export type MailOutcome = (Pick<ReportEmailResult, 'messageId' | 'attempts' | 'attached' | 'omitted' | 'subject' | 'transport'> & { sent: true }) | { sent: false; reason: string };

/** Mails the run, or says why not. A failed send throws (EmailDeliveryError), after the retries. */
export async function mailAccountRun(run: AccountRun, mail: MailSettings, extra: { links?: readonly ReportLink[]; notices?: readonly string[] } = {}): Promise<MailOutcome> {
  if (mail.to.length === 0) return { sent: false, reason: 'no recipients' };
  const changes = run.diff.new.length + run.diff.resolved.length;
  if (mail.when === 'changes' && changes === 0 && run.storeErrors.length === 0 && run.previous) {
    return { sent: false, reason: 'no new or resolved findings (only changes are mailed)' };
  }
  const sent = await sendReportEmail({
    report: run.report,
    diff: run.diff,
    history: run.trend,
    rendered: { html: run.rendered.html?.text(), csv: run.rendered.csv?.text() },
    to: mail.to,
    from: mail.from,
    ...(mail.smtpUrl ? { smtpUrl: mail.smtpUrl } : { ses: mail.ses ?? {} }),
    links: extra.links ?? [],
    notices: [...run.notices, ...(extra.notices ?? [])],
    ...(mail.maxAttachmentBytes !== undefined ? { maxAttachmentBytes: mail.maxAttachmentBytes } : {}),
    ...(mail.attempts !== undefined ? { attempts: mail.attempts } : {}),
    ...(mail.backoffMs !== undefined ? { backoffMs: mail.backoffMs } : {}),
    ...(mail.sleep ? { sleep: mail.sleep } : {}),
    ...(mail.onFailure ? { onFailure: mail.onFailure } : {}),
  });
  return { sent: true, messageId: sent.messageId, attempts: sent.attempts, attached: sent.attached, omitted: sent.omitted, subject: sent.subject, transport: sent.transport };
}
