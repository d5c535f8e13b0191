// Mailing a report: the summary body (email-body.ts), the full HTML and CSV reports attached, sent through Amazon SES
// v2 (nodemailer's SES transport with @aws-sdk/client-sesv2) or any SMTP server (smtpUrl). Failed sends are retried
// with backoff. Used by the Lambda handler and, later, by the CLI (--email-to / --email-from / --smtp-url):
//
//   await sendReportEmail({ report, to: ['sec@example.com'], from: 'audit@example.com', previous, smtpUrl });
//
// The SES client here is a delivery client (it sends), separate from the read-only audit clients in src/aws/.
import { SendEmailCommand, SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { gzipSync } from 'node:zlib';
import nodemailer, { type Transporter } from 'nodemailer';
import { diffReports, type DiffableReport, type ReportDiff } from '../report/diff.js';
import type { HtmlOptions } from '../report/html/html.js';
import type { AuditReport, RunSummary } from '../report/model.js';
import { runSummary } from '../report/trend.js';
import { ACCOUNT_RENDERERS } from '../pipeline/renderers.js';
import { testRetryDelayMs } from '../aws/test-retry-delay.js';
import { renderEmailContent, type ReportLink } from './email-body.js';

export interface SesOptions {
  region?: string;
  /** AWS profile for the SES client (the CLI's --profile). */
  profile?: string;
  /** Endpoint override for SES (a local SES server in tests). */
  endpointUrl?: string;
  credentials?: SESv2ClientConfig['credentials'];
}

export interface MailTransportOptions {
  /** smtp:// or smtps:// URL (user:password@host:port); when set, SMTP is used instead of SES. */
  smtpUrl?: string;
  ses?: SesOptions;
  /** A ready transport (tests, custom setups); wins over smtpUrl and ses. */
  transport?: Transporter;
}

export function createMailTransport(options: MailTransportOptions = {}): { transport: Transporter; kind: 'custom' | 'smtp' | 'ses'; close: () => void } {
  if (options.transport) return { transport: options.transport, kind: 'custom', close: () => {} };
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return { transport, kind: 'smtp', close: () => transport.close() };
  }
  const ses = options.ses ?? {};
  const sesClient = new SESv2Client({
    region: ses.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(ses.endpointUrl ? { endpoint: ses.endpointUrl } : {}),
    ...(ses.profile ? { profile: ses.profile } : {}),
    ...(ses.credentials ? { credentials: ses.credentials } : {}),
    // One attempt per send: sendWithRetry owns the retries (and their backoff and logging).
    maxAttempts: 1,
  });
  const transport = nodemailer.createTransport({ SES: { sesClient, SendEmailCommand } });
  return {
    transport,
    kind: 'ses',
    close: () => {
      transport.close();
      sesClient.destroy();
    },
  };
}

/** Redacts the password of an SMTP URL, for logs and error messages. */
export function redactUrl(text: string): string {
  return text.replace(/(smtps?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}

export interface RetryOptions {
  /** Attempts in all (default 3). */
  attempts?: number;
  /** Delay before the second attempt; doubles after each failure (default 2000 ms). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told about every failed attempt. */
  onFailure?: (info: { attempt: number; attempts: number; error: Error; retryInMs: number | null }) => void;
}

export class EmailDeliveryError extends Error {
  override name = 'EmailDeliveryError';
  constructor(
    message: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, testRetryDelayMs() ?? ms));

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<{ value: T; attempts: number }> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const sleep = options.sleep ?? defaultSleep;
  let delay = options.backoffMs ?? 2000;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(attempt), attempts: attempt };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      const last = attempt >= attempts;
      options.onFailure?.({ attempt, attempts, error, retryInMs: last ? null : delay });
      if (last) throw new EmailDeliveryError(`sending the report email failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${redactUrl(`${error.name}: ${error.message}`)}`, attempt, { cause: e });
      await sleep(delay);
      delay *= 2;
    }
  }
}

/**
 * Attachments above this total are left out (the mail links to the archive). SES v2 takes messages up to 40 MB, but
 * the receiving side is the limit: Gmail and Exchange Online accept about 25 MB, and base64 makes attachments a third
 * larger in the message, so 15 MiB of reports is about 21 MB on the wire.
 */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;

export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType: string;
}

/**
 * Fits the attachments in `limit` bytes, largest first: one that does not fit is sent gzip-compressed instead
 * (`<name>.gz`: CSV and HTML reports shrink about tenfold, and every mail client can save a .gz) when that fits, and
 * left out otherwise. The mail body names both kinds.
 */
export function fitAttachments(candidates: readonly MailAttachment[], limit: number): { attachments: MailAttachment[]; omitted: string[] } {
  const size = (a: MailAttachment) => Buffer.byteLength(a.content);
  const omitted: string[] = [];
  const replaced = new Map<string, MailAttachment>();
  let total = candidates.reduce((n, a) => n + size(a), 0);
  for (const a of [...candidates].sort((x, y) => size(y) - size(x))) {
    if (total <= limit) break;
    total -= size(a);
    const gz = gzipSync(a.content);
    if (total + gz.length <= limit) {
      replaced.set(a.filename, { filename: `${a.filename}.gz`, content: gz, contentType: 'application/gzip' });
      total += gz.length;
    } else {
      omitted.push(a.filename);
    }
  }
  return {
    attachments: candidates.filter((a) => !omitted.includes(a.filename)).map((a) => replaced.get(a.filename) ?? a),
    omitted,
  };
}

export interface ReportEmailOptions extends MailTransportOptions, RetryOptions {
  report: AuditReport;
  to: string[];
  from: string;
  /** The previous report of the account, for the diff (null/undefined: no comparison, a first run). */
  previous?: DiffableReport | null;
  /** A diff already computed (wins over `previous`). */
  diff?: ReportDiff;
  /** Archived run summaries, oldest first; the current run is added if missing. */
  history?: readonly RunSummary[];
  /** The rendered reports to attach; each one not given is rendered from `report` (with these HTML options). */
  rendered?: { html?: string; csv?: string };
  html?: HtmlOptions;
  links?: readonly ReportLink[];
  notices?: readonly string[];
  /** Attachments above this total size are left out (largest first) and the body says so. */
  maxAttachmentBytes?: number;
  /** Attachment file name stem; default hardening-audit-<account>-<yyyy-mm-dd>. */
  fileStem?: string;
}

export interface ReportEmailResult {
  messageId: string;
  subject: string;
  attempts: number;
  attached: string[];
  omitted: string[];
  transport: 'custom' | 'smtp' | 'ses';
}

export async function sendReportEmail(options: ReportEmailOptions): Promise<ReportEmailResult> {
  const { report } = options;
  if (options.to.length === 0) throw new Error('sendReportEmail: no recipient (to)');
  const diff = options.diff ?? diffReports(options.previous ?? null, report);
  const rendered = {
    html: options.rendered?.html ?? ACCOUNT_RENDERERS.html.render(report, { htmlFindingsPerCheck: options.html?.maxFindingsPerCheck }),
    csv: options.rendered?.csv ?? ACCOUNT_RENDERERS.csv.render(report, {}),
  };
  const stem = options.fileStem ?? `hardening-audit-${report.account.id}-${report.generatedAt.slice(0, 10)}`;

  const { attachments, omitted } = reportAttachments(stem, rendered, options.maxAttachmentBytes);

  const current = runSummary(report);
  const history = [...(options.history ?? []).filter((h) => h.date !== current.date), current];
  const content = renderEmailContent({
    report,
    diff,
    history,
    links: options.links,
    notices: options.notices,
    attached: attachments.map((a) => a.filename),
    omitted,
  });

  const sent = await sendMailWithRetry(options, {
    from: options.from,
    to: options.to,
    subject: content.subject,
    html: content.html,
    text: content.text,
    attachments,
    headers: { 'X-Hardening-Audit-Account': report.account.id },
  });
  return { ...sent, subject: content.subject, attached: attachments.map((a) => a.filename), omitted };
}

/** The HTML and CSV reports as `<stem>.html` / `<stem>.csv` attachments, fitted in the size limit. */
export function reportAttachments(
  stem: string,
  rendered: { html: string; csv: string },
  maxAttachmentBytes = DEFAULT_MAX_ATTACHMENT_BYTES,
): { attachments: MailAttachment[]; omitted: string[] } {
  return fitAttachments(
    [
      { filename: `${stem}.html`, content: rendered.html, contentType: 'text/html; charset=utf-8' },
      { filename: `${stem}.csv`, content: rendered.csv, contentType: 'text/csv; charset=utf-8' },
    ],
    maxAttachmentBytes,
  );
}

/** Sends one message over the transport the options choose (SES, SMTP or a given one), retried with backoff. */
export async function sendMailWithRetry(
  options: MailTransportOptions & RetryOptions,
  message: Parameters<Transporter['sendMail']>[0],
): Promise<{ messageId: string; attempts: number; transport: ReportEmailResult['transport'] }> {
  const { transport, kind, close } = createMailTransport(options);
  try {
    const { value, attempts } = await withRetry(() => transport.sendMail(message), options);
    return { messageId: String(value.messageId ?? ''), attempts, transport: kind };
  } finally {
    close();
  }
}
