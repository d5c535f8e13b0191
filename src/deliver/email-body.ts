// The report email's content: subject, HTML body (report-templates/email/), plain-text alternative.
//
// Mail clients are not browsers: many drop <style> and <head>, none run scripts, Gmail and Outlook drop inline SVG.
// So the body is table layout with inline style attributes only, every number also stated in text, and the trend
// chart (inline SVG) is an extra. Account data (ARNs, names in messages) is escaped by Handlebars' default {{ }}
// escaping; the templates never use {{{ }}}, and this module prepares every string, so templates do not compute.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { SEVERITIES, type Finding, type Severity } from '../vocabulary.js';
import type { ReportDiff } from '../report/diff.js';
import { SEVERITY_COLOR } from '../report/colors.js';
import type { AuditReport, RunSummary } from '../report/model.js';
import { findTemplatesDir } from '../report/templates-dir.js';
import { fixFirst } from '../report/fix-first.js';
import { trendChart, trendSeries, trendText, type TrendChart } from '../report/trend.js';

const LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

/** A link to where the full reports are (S3 console), shown under the summary. */
export interface ReportLink {
  label: string;
  href: string;
  /** Shown next to the link, e.g. the s3:// URI. */
  detail?: string;
}

export interface EmailContentInput {
  report: AuditReport;
  diff: ReportDiff;
  /** Archived runs (oldest first), including the current one; empty: no trend chart. */
  history?: readonly RunSummary[];
  links?: readonly ReportLink[];
  /** Attachment file names, and those left out (too large), for the body to mention. */
  attached?: readonly string[];
  omitted?: readonly string[];
  /** Extra warnings to show at the top (e.g. the archive could not be written). */
  notices?: readonly string[];
  /** Rows per finding list before "and N more". */
  maxRows?: number;
}

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The delivery part of a mail view (account and org mail alike): the links (https only: anything else is shown as
 * text, never as a link) and what was attached or left out.
 */
export function deliveryView(input: { links?: readonly ReportLink[]; attached?: readonly string[]; omitted?: readonly string[] }): {
  links: Array<Omit<ReportLink, 'href'> & { href: string | null }>;
  attachmentsText: string | null;
  omittedText: string | null;
} {
  return {
    links: (input.links ?? []).map((l) => ({ ...l, href: /^https:\/\//.test(l.href) ? l.href : null })),
    attachmentsText: input.attached?.length ? `Attached: ${input.attached.join(', ')}.` : null,
    omittedText: input.omitted?.length ? `Too large to attach (see the archive): ${input.omitted.join(', ')}.` : null,
  };
}
const reportDate = (report: AuditReport) => report.generatedAt.slice(0, 10);
const incompleteReport = (r: AuditReport) => r.gaps.length > 0 || r.summary.notAssessed > 0;

/**
 * "[hardening-audit] 123456789012 2026-11-25: 2 new critical, 1 new high (14 open, 3 resolved)".
 * A first run (nothing to compare with) counts open findings instead of new ones.
 */
export function emailSubject(report: AuditReport, diff: ReportDiff): string {
  const open = SEVERITIES.reduce((n, s) => n + diff.counts.open[s], 0);
  const first = diff.previousGeneratedAt === null;
  const counts = first ? diff.counts.open : diff.counts.new;
  const urgent = (['critical', 'high'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${first ? '' : 'new '}${s}`);
  let headline: string;
  if (first) headline = `first run, ${urgent.length ? urgent.join(', ') : 'no critical or high findings'}`;
  else headline = urgent.length ? urgent.join(', ') : 'no new critical or high findings';
  const extra = [`${open} open`];
  if (!first && diff.resolved.length) extra.push(`${diff.resolved.length} resolved`);
  if (incompleteReport(report)) extra.push('audit incomplete');
  return `[hardening-audit] ${report.account.id} ${reportDate(report)}: ${headline} (${extra.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------------------
// View model

interface FindingRow {
  severityLabel: string;
  color: string;
  title: string;
  message: string;
  resourceArn: string;
  note: string | null;
}

interface Section {
  heading: string;
  intro: string | null;
  rows: FindingRow[];
  more: string | null;
}

export interface EmailView {
  subject: string;
  preheader: string;
  accountId: string;
  date: string;
  generatedAt: string;
  headline: { text: string; color: string; background: string; border: string };
  comparedTo: string;
  notices: string[];
  incomplete: string | null;
  /** Checks with nothing to judge in this account (e.g. no AI agents): said apart, never counted as passed. */
  notApplicable: string | null;
  sections: Section[];
  totals: Array<{ label: string; color: string; open: number; previous: string; delta: string; deltaColor: string }>;
  totalsHasPrevious: boolean;
  totalOpen: number;
  trend: TrendChart | null;
  trendText: string | null;
  links: Array<Omit<ReportLink, 'href'> & { href: string | null }>;
  attachmentsText: string | null;
  omittedText: string | null;
  footer: string;
}

function row(f: Finding, note: string | null = null): FindingRow {
  return {
    severityLabel: LABEL[f.severity].toUpperCase(),
    color: SEVERITY_COLOR[f.severity],
    title: f.title,
    message: f.message,
    resourceArn: f.resourceArn,
    note,
  };
}

function section(heading: string, intro: string | null, findings: Finding[], maxRows: number, toRow = (f: Finding) => row(f)): Section | null {
  if (findings.length === 0) return null;
  const shown = findings.slice(0, maxRows);
  const rest = findings.length - shown.length;
  return {
    heading: `${heading} (${findings.length})`,
    intro,
    rows: shown.map(toRow),
    more: rest > 0 ? `… and ${plural(rest, 'more finding')} in the attached report.` : null,
  };
}

const TONE = {
  critical: { color: '#7f1d1d', background: '#fef2f2', border: '#fecaca' },
  high: { color: '#7c2d12', background: '#fff7ed', border: '#fed7aa' },
  calm: { color: '#14532d', background: '#f0fdf4', border: '#bbf7d0' },
  neutral: { color: '#1e293b', background: '#f8fafc', border: '#e2e8f0' },
};

export function buildEmailView(input: EmailContentInput): EmailView {
  const { report, diff } = input;
  const maxRows = input.maxRows ?? 25;
  const first = diff.previousGeneratedAt === null;
  const subject = emailSubject(report, diff);
  const open = SEVERITIES.reduce((n, s) => n + diff.counts.open[s], 0);

  const newCount = diff.new.length;
  const urgentNew = diff.counts.new.critical + diff.counts.new.high;
  let headlineText: string;
  let tone = TONE.neutral;
  if (first) {
    headlineText = `First archived run: ${plural(open, 'open finding')}${open ? ` (${SEVERITIES.filter((s) => diff.counts.open[s]).map((s) => `${diff.counts.open[s]} ${s}`).join(', ')})` : ''}.`;
    tone = diff.counts.open.critical ? TONE.critical : diff.counts.open.high ? TONE.high : open ? TONE.neutral : TONE.calm;
  } else if (newCount === 0) {
    headlineText = `No new findings. ${diff.resolved.length} resolved, ${open} open.`;
    tone = TONE.calm;
  } else {
    const parts = SEVERITIES.filter((s) => diff.counts.new[s]).map((s) => `${diff.counts.new[s]} ${s}`);
    headlineText = `${plural(newCount, 'new finding')} (${parts.join(', ')}). ${diff.resolved.length} resolved, ${open} open.`;
    tone = diff.counts.new.critical ? TONE.critical : urgentNew ? TONE.high : TONE.neutral;
  }

  const previousDate = diff.previousGeneratedAt?.slice(0, 10);
  const top = fixFirst(report.findings);
  const sections = [
    section('Fix first', 'The most severe open failures, one per check, the exposed ones first.', top.map((t) => t.finding), maxRows, (f) => {
      const item = top.find((t) => t.finding === f);
      const notes = [...(item?.exposure ? [item.exposure] : []), ...(item && item.count > 1 ? [`${item.count} findings of this check`] : [])];
      return row(f, notes.length ? notes.join('; ') : null);
    }),
    section(first ? 'Open findings' : 'New findings', first ? 'Nothing to compare with yet: every open finding is listed as new.' : null, diff.new, maxRows),
    section('Resolved', 'Checked again and no longer failing.', diff.resolved, maxRows),
    section('Severity changed', null, diff.severityChanged.map((c) => c.finding), maxRows, (f) => {
      const change = diff.severityChanged.find((c) => c.finding === f);
      return row(f, change ? `was ${change.from}, now ${change.to}` : null);
    }),
    section('Suppressed since the last run', 'Still present, but marked as accepted; no longer counted as open.', diff.suppressed, maxRows),
    section(
      'Not re-checked',
      'Open in the previous run, but their check could not be assessed this time (or had nothing to judge while the resource still exists), so whether they were fixed is unknown.',
      diff.unverified,
      maxRows,
    ),
  ].filter((s): s is Section => s !== null);

  const prev = diff.counts.previousOpen;
  const severityTotals = SEVERITIES.map((s) => {
    const delta = prev ? diff.counts.open[s] - prev[s] : 0;
    return {
      label: LABEL[s],
      color: SEVERITY_COLOR[s],
      open: diff.counts.open[s],
      previous: prev ? String(prev[s]) : '–',
      delta: !prev ? '' : delta > 0 ? `+${delta}` : delta < 0 ? `−${-delta}` : '±0',
      deltaColor: delta > 0 ? '#b91c1c' : delta < 0 ? '#15803d' : '#64748b',
    };
  });

  const runs = trendSeries(input.history ?? []);
  const trend = runs.length ? trendChart(runs) : null;

  // summary.notAssessed counts findings (one check can have many, e.g. one per user without a report row).
  const unassessedChecks = new Set(report.findings.filter((f) => f.status === 'NOT_ASSESSED' && !f.suppressed).map((f) => f.checkId)).size;
  const missing = [
    report.gaps.length ? `${plural(new Set(report.gaps.map((g) => g.part)).size, 'part')} of the account could not be collected` : '',
    report.summary.notAssessed ? `${plural(report.summary.notAssessed, 'finding')} of ${plural(unassessedChecks, 'check')} could not be assessed` : '',
  ].filter(Boolean);
  const incomplete = incompleteReport(report)
    ? `The audit is incomplete: ${missing.join(' and ')} (see the report). Counts may be low, and nothing is called resolved unless it was checked again.`
    : null;

  const notApplicable = report.checks.filter((c) => c.status === 'NOT_APPLICABLE');
  const notApplicableText = notApplicable.length
    ? `Not applicable: ${plural(notApplicable.length, 'check')} had nothing to judge in this account (${notApplicable.map((c) => c.id).join(', ')}); not counted as passed.`
    : null;

  return {
    subject,
    preheader: headlineText,
    accountId: report.account.id,
    date: reportDate(report),
    generatedAt: `${report.generatedAt.slice(0, 10)} ${report.generatedAt.slice(11, 16)} UTC`,
    headline: { text: headlineText, ...tone },
    comparedTo: first ? 'No previous run in the archive.' : `Compared with the run of ${previousDate}.`,
    notices: [...(input.notices ?? [])],
    incomplete,
    notApplicable: notApplicableText,
    sections,
    totals: severityTotals,
    totalsHasPrevious: prev !== null,
    totalOpen: open,
    trend,
    trendText: trendText(runs),
    ...deliveryView(input),
    footer: `${report.tool.name} ${report.tool.version} · read-only audit of account ${report.account.id} (${report.source}) · generated ${report.generatedAt}`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

const compiled = new Map<string, Handlebars.TemplateDelegate<EmailView>>();

function compile(templatesDir: string): Handlebars.TemplateDelegate<EmailView> {
  const hbs = Handlebars.create();
  const options: CompileOptions = { strict: true, preventIndent: true };
  const dir = join(templatesDir, 'email');
  for (const file of readdirSync(join(dir, 'partials')).filter((f) => f.endsWith('.hbs')).sort()) {
    hbs.registerPartial(basename(file, '.hbs'), hbs.compile(readFileSync(join(dir, 'partials', file), 'utf8'), options));
  }
  return hbs.compile<EmailView>(readFileSync(join(dir, 'report-email.hbs'), 'utf8'), options);
}

export function renderEmailHtml(view: EmailView, templatesDir = findTemplatesDir()): string {
  let template = compiled.get(templatesDir);
  if (!template) {
    template = compile(templatesDir);
    compiled.set(templatesDir, template);
  }
  return template(view);
}

/** The plain-text alternative: the same content, for clients (and people) that do not read HTML mail. */
export function renderEmailText(view: EmailView): string {
  const lines = [`hardening-audit: account ${view.accountId}, ${view.date}`, '', view.headline.text, view.comparedTo];
  for (const n of view.notices) lines.push('', `! ${n}`);
  if (view.incomplete) lines.push('', `! ${view.incomplete}`);
  if (view.notApplicable) lines.push('', view.notApplicable);
  for (const s of view.sections) {
    lines.push('', s.heading.toUpperCase());
    if (s.intro) lines.push(s.intro);
    for (const r of s.rows) {
      lines.push(`- [${r.severityLabel}] ${r.title}${r.note ? ` (${r.note})` : ''}`, `  ${r.message}`, `  ${r.resourceArn}`);
    }
    if (s.more) lines.push(s.more);
  }
  lines.push('', `OPEN FINDINGS BY SEVERITY (${view.totalOpen})`);
  for (const t of view.totals) lines.push(`  ${t.label.padEnd(9)} ${String(t.open).padStart(5)}${view.totalsHasPrevious ? `   previous ${t.previous.padStart(5)}   ${t.delta}` : ''}`);
  if (view.trendText) lines.push('', view.trendText);
  if (view.links.length) {
    lines.push('', 'REPORTS');
    for (const l of view.links) lines.push(`- ${l.label}: ${l.detail ?? l.href ?? ''}`);
  }
  if (view.attachmentsText) lines.push('', view.attachmentsText);
  if (view.omittedText) lines.push(view.omittedText);
  lines.push('', '-- ', view.footer);
  return `${lines.join('\n')}\n`;
}

export function renderEmailContent(input: EmailContentInput, templatesDir?: string): EmailContent {
  const view = buildEmailView(input);
  return { subject: view.subject, html: renderEmailHtml(view, templatesDir), text: renderEmailText(view) };
}
