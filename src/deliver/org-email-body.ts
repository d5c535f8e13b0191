// The organization mail of the Lambda fan-out: one compact message per run — what is new across the accounts, which
// accounts could not be audited and why, the open totals — with the organization report attached. Same rules as the
// account mail (email-body.ts): table layout and inline styles only, every number also in text, {{ }} escaping only,
// this module prepares every string (report-templates/email/org-email.hbs does not compute).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { SEVERITIES, type Severity } from '../vocabulary.js';
import { SEVERITY_COLOR } from '../report/html/html.js';
import type { OrgReport, SeverityCounts } from '../report/org-model.js';
import { findTemplatesDir } from '../report/templates-dir.js';
import { deliveryView, type ReportLink } from './email-body.js';

const LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const zero = (): SeverityCounts => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;

/** Per account: what changed since its previous archived run (from the account records). */
export interface AccountChange {
  previousDate: string | null;
  new: SeverityCounts;
  resolved: SeverityCounts;
}

export interface OrgEmailInput {
  report: OrgReport;
  changes: ReadonlyMap<string, AccountChange>;
  links?: readonly ReportLink[];
  notices?: readonly string[];
  attached?: readonly string[];
  omitted?: readonly string[];
  /** Account rows before "and N more" (default 25). */
  maxRows?: number;
}

export interface OrgEmailView {
  subject: string;
  preheader: string;
  orgId: string;
  date: string;
  headline: { text: string; color: string; background: string; border: string };
  accountsText: string;
  notices: string[];
  failed: Array<{ id: string; name: string; reason: string }>;
  rows: Array<{ id: string; name: string; ouPath: string; newCritical: number; newHigh: number; newOther: number; resolved: number; open: number; note: string }>;
  moreRows: string | null;
  totals: Array<{ label: string; color: string; open: number; new: number }>;
  links: Array<Omit<ReportLink, 'href'> & { href: string | null }>;
  attachmentsText: string | null;
  omittedText: string | null;
  footer: string;
}

export function newAcrossAccounts(changes: ReadonlyMap<string, AccountChange>): SeverityCounts {
  const total = zero();
  for (const c of changes.values()) for (const s of SEVERITIES) total[s] += c.new[s];
  return total;
}

/** "[hardening-audit] org o-a1b2c3d4e5 2026-11-25: 2 new critical, 1 new high (3 of 4 accounts audited, 1 failed)". */
export function orgEmailSubject(report: OrgReport, changes: ReadonlyMap<string, AccountChange>): string {
  const news = newAcrossAccounts(changes);
  const urgent = (['critical', 'high'] as const).filter((s) => news[s] > 0).map((s) => `${news[s]} new ${s}`);
  const a = report.summary.accounts;
  const extra = [`${a.audited} of ${a.selected} accounts audited`];
  if (a.failed) extra.push(`${a.failed} failed`);
  return `[hardening-audit] org ${report.organization.id} ${report.generatedAt.slice(0, 10)}: ${urgent.length ? urgent.join(', ') : 'no new critical or high findings'} (${extra.join(', ')})`;
}

const TONE = {
  critical: { color: '#7f1d1d', background: '#fef2f2', border: '#fecaca' },
  high: { color: '#7c2d12', background: '#fff7ed', border: '#fed7aa' },
  calm: { color: '#14532d', background: '#f0fdf4', border: '#bbf7d0' },
};

export function buildOrgEmailView(input: OrgEmailInput): OrgEmailView {
  const { report, changes } = input;
  const maxRows = input.maxRows ?? 25;
  const news = newAcrossAccounts(changes);
  const newTotal = SEVERITIES.reduce((n, s) => n + news[s], 0);
  const a = report.summary.accounts;
  const withNew = [...changes.values()].filter((c) => SEVERITIES.some((s) => c.new[s] > 0)).length;
  const headlineText = newTotal
    ? `${plural(newTotal, 'new finding')} in ${plural(withNew, 'account')} (${SEVERITIES.filter((s) => news[s]).map((s) => `${news[s]} ${s}`).join(', ')}).`
    : 'No new findings in any account.';
  const tone = news.critical ? TONE.critical : news.high || a.failed ? TONE.high : TONE.calm;

  const audited = report.accounts.filter((x) => x.status === 'AUDITED');
  const open = (id: string) => SEVERITIES.reduce((n, s) => n + (audited.find((x) => x.id === id)?.bySeverity?.[s] ?? 0), 0);
  const rows = audited
    .map((x) => {
      const c = changes.get(x.id);
      const n = c?.new ?? zero();
      return {
        id: x.id,
        name: x.name,
        ouPath: x.ouPath,
        newCritical: n.critical,
        newHigh: n.high,
        newOther: n.medium + n.low + n.info,
        resolved: c ? SEVERITIES.reduce((k, s) => k + c.resolved[s], 0) : 0,
        open: open(x.id),
        note: !c || c.previousDate === null ? 'first run' : x.exitCode === 3 ? 'incomplete' : '',
      };
    })
    .sort((p, q) => q.newCritical - p.newCritical || q.newHigh - p.newHigh || q.newOther - p.newOther || q.open - p.open || (p.id < q.id ? -1 : 1));

  const accountsText = [
    `${a.audited} of ${a.selected} accounts audited`,
    a.failed ? `${a.failed} failed` : '',
    a.skipped ? `${a.skipped} skipped (not ACTIVE)` : '',
    a.incomplete ? `${a.incomplete} incomplete` : '',
  ]
    .filter(Boolean)
    .join(', ');

  return {
    subject: orgEmailSubject(report, changes),
    preheader: headlineText,
    orgId: report.organization.id,
    date: report.generatedAt.slice(0, 10),
    headline: { text: headlineText, ...tone },
    accountsText: `${accountsText}.`,
    notices: [...(input.notices ?? [])],
    failed: report.accounts.filter((x) => x.status === 'FAILED').map((x) => ({ id: x.id, name: x.name, reason: x.reason ?? 'unknown' })),
    rows: rows.slice(0, maxRows),
    moreRows: rows.length > maxRows ? `… and ${plural(rows.length - maxRows, 'more account')} in the attached report.` : null,
    totals: SEVERITIES.map((s) => ({ label: LABEL[s], color: SEVERITY_COLOR[s], open: report.summary.bySeverity[s], new: news[s] })),
    ...deliveryView(input),
    footer: `${report.tool.name} ${report.tool.version} · read-only audit of organization ${report.organization.id} · generated ${report.generatedAt}`,
  };
}

const compiled = new Map<string, Handlebars.TemplateDelegate<OrgEmailView>>();

export function renderOrgEmailHtml(view: OrgEmailView, templatesDir = findTemplatesDir()): string {
  let template = compiled.get(templatesDir);
  if (!template) {
    template = Handlebars.create().compile<OrgEmailView>(readFileSync(join(templatesDir, 'email', 'org-email.hbs'), 'utf8'), { strict: true, preventIndent: true });
    compiled.set(templatesDir, template);
  }
  return template(view);
}

export function renderOrgEmailText(view: OrgEmailView): string {
  const lines = [`hardening-audit: organization ${view.orgId}, ${view.date}`, '', view.headline.text, view.accountsText];
  for (const n of view.notices) lines.push('', `! ${n}`);
  if (view.failed.length) {
    lines.push('', `ACCOUNTS NOT AUDITED (${view.failed.length})`);
    for (const f of view.failed) lines.push(`- ${f.id} (${f.name}): ${f.reason}`);
  }
  lines.push('', 'ACCOUNTS (new critical / new high / new other / resolved / open)');
  for (const r of view.rows) lines.push(`- ${r.id} (${r.name}, ${r.ouPath}): ${r.newCritical} / ${r.newHigh} / ${r.newOther} / ${r.resolved} / ${r.open}${r.note ? ` [${r.note}]` : ''}`);
  if (view.moreRows) lines.push(view.moreRows);
  lines.push('', 'FINDINGS BY SEVERITY (open, of which new)');
  for (const t of view.totals) lines.push(`  ${t.label.padEnd(9)} ${String(t.open).padStart(6)}  ${String(t.new).padStart(5)} new`);
  if (view.links.length) {
    lines.push('', 'REPORTS');
    for (const l of view.links) lines.push(`- ${l.label}: ${l.detail ?? l.href ?? ''}`);
  }
  if (view.attachmentsText) lines.push('', view.attachmentsText);
  if (view.omittedText) lines.push(view.omittedText);
  lines.push('', '-- ', view.footer);
  return `${lines.join('\n')}\n`;
}
