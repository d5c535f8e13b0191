import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { buildEmailView, emailSubject, renderEmailContent, renderEmailText } from '../../src/deliver/email-body.js';
import { EmailDeliveryError, redactUrl, sendReportEmail, withRetry } from '../../src/deliver/email.js';
import { diffReports } from '../../src/report/diff.js';
import { findTemplatesDir } from '../../src/report/templates-dir.js';
import { freePort } from '../helpers/ses-local.js';
import { finding, report } from '../fixtures/report-runs.js';

const crit1 = finding('iam.root.access-keys', 'root', 'critical');
const crit2 = finding('iam.policy.full-admin', 'role/web', 'critical');
const high = finding('iam.user.console-without-mfa', 'user/bob', 'high');
const med = finding('iam.user.access-key-age', 'user/dave', 'medium');
const yesterday = { generatedAt: '2026-11-24T03:00:00.000Z' };

interface JsonMail {
  subject: string;
  html: string;
  text: string;
  attachments: Array<{ filename: string; content: string; contentType: string; encoding: string }>;
}
const jsonTransport = () => nodemailer.createTransport({ jsonTransport: true });
/** Deterministic text that gzip cannot shrink much (a linear congruential generator over 64 symbols). */
const noise = (n: number) => {
  let x = 12345;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[x >>> 26];
  }
  return out;
};
const parsed = (info: { message: unknown }) => JSON.parse(String(info.message)) as JsonMail;

describe('emailSubject', () => {
  it('counts new critical and high findings, with open and resolved in brackets', () => {
    const previous = report([med, high], yesterday);
    const current = report([crit1, crit2, high, finding('x.y', 'user/z', 'high')], { passing: [med.checkId] });
    expect(emailSubject(current, diffReports(previous, current))).toBe('[hardening-audit] 123456789012 2026-11-25: 2 new critical, 1 new high (4 open, 1 resolved)');
  });
  it('says so when nothing urgent is new, and when the audit is incomplete', () => {
    const current = report([high], { gaps: [{ part: 'credentialReport', api: 'iam:GetCredentialReport', error: 'AccessDenied', message: '' }] });
    expect(emailSubject(current, diffReports(report([high], yesterday), current))).toBe('[hardening-audit] 123456789012 2026-11-25: no new critical or high findings (1 open, audit incomplete)');
  });
  it('first run: counts what is open', () => {
    const current = report([crit1, med]);
    expect(emailSubject(current, diffReports(null, current))).toBe('[hardening-audit] 123456789012 2026-11-25: first run, 1 critical (2 open)');
    expect(emailSubject(report([]), diffReports(null, report([])))).toBe('[hardening-audit] 123456789012 2026-11-25: first run, no critical or high findings (0 open)');
  });
});

describe('email body', () => {
  it('puts new findings first, then resolved, then totals by severity, then the trend', () => {
    const previous = report([med], yesterday);
    const current = report([crit1, high], { passing: [med.checkId] });
    const { html, text } = renderEmailContent({
      report: current,
      diff: diffReports(previous, current),
      history: [{ accountId: '123456789012', date: '2026-11-24', generatedAt: yesterday.generatedAt, open: { critical: 0, high: 0, medium: 1, low: 0, info: 0 }, incomplete: false }],
    });
    const at = (s: string) => html.indexOf(s);
    expect(at('New findings (2)')).toBeGreaterThan(0);
    expect(at('New findings (2)')).toBeLessThan(at('Resolved (1)'));
    expect(at('Resolved (1)')).toBeLessThan(at('Open findings by severity (2)'));
    expect(at('Open findings by severity (2)')).toBeLessThan(at('<svg'));
    expect(html).toContain('2 new findings (1 critical, 1 high). 1 resolved, 2 open.');
    expect(text).toMatch(/NEW FINDINGS \(2\)\n- \[CRITICAL\] Title of iam\.root\.access-keys\n/);
  });

  it('escapes account data everywhere (names, messages, ARNs are attacker-influenced)', () => {
    const hostile = finding('iam.user.console-without-mfa', 'user/"><img src=x onerror=alert(1)>', 'high', {
      title: 'Title <b>bold</b>',
      message: 'User <script>alert(1)</script> & "friends" {{constructor}}',
    });
    const current = report([hostile]);
    const { html } = renderEmailContent({ report: current, diff: diffReports(null, current), links: [{ label: 'x', href: 'javascript:alert(1)" onclick="x', detail: '<i>' }] });
    expect(html).not.toMatch(/<script|<img|<b>|<i>|onclick="x|href="javascript/);
    expect(html).toContain('User &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot; {{constructor}}');
    expect(html).toContain('user/&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('uses inline styles only: no <style>, no <script>, no external resources, no triple-stash in the templates', () => {
    const dir = join(findTemplatesDir(), 'email');
    const files = [join(dir, 'report-email.hbs'), ...readdirSync(join(dir, 'partials')).map((f) => join(dir, 'partials', f))];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/\{\{\{|\{\{&|<style|<script|<link|<img|url\(|@import/i);
    }
    const current = report([crit1]);
    const { html } = renderEmailContent({ report: current, diff: diffReports(null, current) });
    expect(html).not.toMatch(/<style|<script|src=/i);
  });

  it('caps long lists and says how many more are in the attachment', () => {
    const many = Array.from({ length: 30 }, (_, i) => finding('iam.user.access-key-age', `user/u${String(i).padStart(2, '0')}`, 'medium'));
    const current = report(many);
    const view = buildEmailView({ report: current, diff: diffReports(null, current), maxRows: 10 });
    const open = view.sections.find((s) => s.heading.startsWith('Open findings'))!;
    expect(open.rows).toHaveLength(10);
    expect(open.more).toBe('… and 20 more findings in the attached report.');
  });

  it('leads with Fix first: one row per check, most severe first, with why it is exposed and the count of its findings', () => {
    const many = Array.from({ length: 3 }, (_, i) => finding('iam.user.access-key-age', `user/u${i}`, 'medium'));
    const current = report([...many, high, crit1]);
    const view = buildEmailView({ report: current, diff: diffReports(null, current) });
    const [fix] = view.sections;
    expect(fix!.heading).toBe('Fix first (3)');
    expect(fix!.rows.map((r) => [r.severityLabel, r.note])).toEqual([
      ['CRITICAL', 'root credentials'],
      ['HIGH', null],
      ['MEDIUM', '3 findings of this check'],
    ]);
    expect(renderEmailText(view)).toMatch(/^FIX FIRST \(3\)$/m);
  });
});

describe('sendReportEmail', () => {
  it('renders and attaches the reports itself (the CLI path): HTML and CSV, subject, from, to', async () => {
    const current = report([crit1, high]);
    const result = await sendReportEmail({ report: current, previous: report([high], yesterday), to: ['a@example.com'], from: 'audit@example.com', transport: jsonTransport() });
    expect(result).toMatchObject({ attempts: 1, transport: 'custom', omitted: [], subject: '[hardening-audit] 123456789012 2026-11-25: 1 new critical (2 open)' });
    expect(result.attached).toEqual(['hardening-audit-123456789012-2026-11-25.html', 'hardening-audit-123456789012-2026-11-25.csv']);
  });

  it('leaves out attachments above the size limit, largest first, and says so', async () => {
    const current = report([crit1]);
    const transport = jsonTransport();
    let mail: JsonMail | undefined;
    const capture = { sendMail: async (m: object) => ((mail = parsed(await transport.sendMail(m))), { messageId: '<m@x>' }) } as unknown as ReturnType<typeof jsonTransport>;
    const result = await sendReportEmail({
      report: current,
      to: ['a@example.com'],
      from: 'audit@example.com',
      transport: capture,
      // incompressible: too large even gzipped
      rendered: { html: noise(5000), csv: 'c'.repeat(1000) },
      maxAttachmentBytes: 4000,
    });
    expect(result.omitted).toEqual(['hardening-audit-123456789012-2026-11-25.html']);
    expect(mail?.attachments.map((a) => a.filename)).toEqual(['hardening-audit-123456789012-2026-11-25.csv']);
    expect(mail?.html).toContain('Too large to attach (see the archive): hardening-audit-123456789012-2026-11-25.html.');
  });

  it('attaches a report gzip-compressed when only that fits', async () => {
    const transport = jsonTransport();
    let mail: JsonMail | undefined;
    const capture = { sendMail: async (m: object) => ((mail = parsed(await transport.sendMail(m))), { messageId: '<m@x>' }) } as unknown as ReturnType<typeof jsonTransport>;
    const csv = 'checkId,resourceArn,severity\n' + Array.from({ length: 2000 }, (_, i) => `iam.role.unused,arn:aws:iam::123456789012:role/r${i},low`).join('\n');
    const html = '<html>' + noise(1500) + '</html>';
    const result = await sendReportEmail({ report: report([crit1]), to: ['a@example.com'], from: 'audit@example.com', transport: capture, rendered: { html, csv }, maxAttachmentBytes: 20_000 });
    expect(csv.length).toBeGreaterThan(20_000);
    expect(result).toMatchObject({ omitted: [], attached: ['hardening-audit-123456789012-2026-11-25.html', 'hardening-audit-123456789012-2026-11-25.csv.gz'] });
    const gz = mail!.attachments.find((a) => a.filename.endsWith('.csv.gz'))!;
    expect(gz.contentType).toBe('application/gzip');
    expect(gunzipSync(Buffer.from(gz.content, 'base64')).toString('utf8')).toBe(csv);
    expect(mail!.attachments.find((a) => a.filename.endsWith('.html'))!.content).toBe(html); // fits as it is: not compressed
    expect(mail?.html).toContain('Attached: hardening-audit-123456789012-2026-11-25.html, hardening-audit-123456789012-2026-11-25.csv.gz.');
  });

  it('retries with doubling backoff, then gives up with one clear error', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const flaky = { sendMail: async () => (++calls < 3 ? Promise.reject(new Error('Throttling: Maximum sending rate exceeded')) : { messageId: '<ok@x>' }) } as unknown as ReturnType<typeof jsonTransport>;
    const ok = await sendReportEmail({ report: report([]), to: ['a@example.com'], from: 'b@example.com', transport: flaky, backoffMs: 100, sleep: async (ms) => void sleeps.push(ms) });
    expect(ok.attempts).toBe(3);
    expect(sleeps).toEqual([100, 200]);
    await expect(withRetry(async () => Promise.reject(new Error('nope')), { attempts: 2, sleep: async () => {} })).rejects.toThrow(new EmailDeliveryError('sending the report email failed after 2 attempts: Error: nope', 2));
  });

  it('sends through SMTP with smtpUrl, and never shows the password in errors', async () => {
    const port = await freePort(); // nothing listens: connection refused
    const error = await sendReportEmail({ report: report([]), to: ['a@example.com'], from: 'b@example.com', smtpUrl: `smtp://user:hunter2@127.0.0.1:${port}`, attempts: 1 }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(EmailDeliveryError);
    expect((error as Error).message).toMatch(/ECONNREFUSED|connect/);
    expect((error as Error).message).not.toContain('hunter2');
    expect(redactUrl('failed smtps://me:p%40ss@mail.example.com:465 now')).toBe('failed smtps://me:***@mail.example.com:465 now');
  });
});

describe('incomplete notice', () => {
  it('counts NOT_ASSESSED findings as findings and their distinct checks as checks (suppressed ones left out)', () => {
    const na = (checkId: string, resource: string, extra: Parameters<typeof finding>[3] = {}) => finding(checkId, resource, 'high', { status: 'NOT_ASSESSED', ...extra });
    const current = report([
      high,
      na('iam.user.access-key-age', 'user/a'),
      na('iam.user.access-key-age', 'user/b'),
      na('iam.user.access-key-age', 'user/c'),
      na('iam.root.recent-use', 'root'),
      na('iam.user.password-unused', 'user/d', { suppressed: { reason: 'known', entry: 0 } }),
    ]);
    const view = buildEmailView({ report: current, diff: diffReports(null, current) });
    expect(current.summary.notAssessed).toBe(4);
    expect(view.incomplete).toBe('The audit is incomplete: 4 findings of 2 checks could not be assessed (see the report). Counts may be low, and nothing is called resolved unless it was checked again.');
  });
});
