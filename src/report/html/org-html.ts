// The organization report as HTML: one self-contained file, with the same conventions and safety rules as the account
// report (src/report/html/html.ts, whose machinery this reuses: its CSP builder, colours and templates folder):
// - report-templates/org-report.hbs and report-templates/org/*.hbs, default {{ }} escaping only;
// - the view model is prepared here as plain strings and numbers, templates do not compute;
// - the look is the account report's: <style> holds the shared partials/styles.hbs followed by org/org-styles.hbs,
//   allowed by its sha256 hash in the Content-Security-Policy; there is no script at all (script-src 'none');
// - links point at the per-account HTML reports next to this file (relative hrefs, no network).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { SEVERITIES, type Severity } from '../../vocabulary.js';
import { contentSecurityPolicy, SEVERITY_COLOR } from './html.js';
import type { OrgAccountEntry, OrgReport } from '../org-model.js';
import { findTemplatesDir } from '../templates-dir.js';

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function dateText(iso: string): { iso: string; text: string } {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return { iso, text: iso };
  const d = new Date(ms).toISOString();
  return { iso, text: `${d.slice(0, 10)} ${d.slice(11, 19)} UTC` };
}

export interface OrgHtmlView {
  csp: string;
  tool: { name: string; version: string };
  organization: OrgReport['organization'];
  generatedAt: { iso: string; text: string };
  verdict: { text: string; tone: string };
  accountTiles: Array<{ label: string; count: number; tone: string }>;
  severityTiles: Array<{ severity: Severity; label: string; count: number }>;
  notAssessed: number;
  suppressed: number;
  chart: { width: number; height: number; label: string; axisX: number; bars: Array<{ label: string; count: number; color: string; y: number; textY: number; width: number; countX: number }> };
  failedAccounts: Array<{ id: string; name: string; ouPath: string; reason: string }>;
  hasFailedAccounts: boolean;
  accounts: Array<{
    id: string;
    name: string;
    ouPath: string;
    counts: Array<{ severity: Severity; count: number; zero: boolean }>;
    notAssessed: number;
    statusText: string;
    statusClass: string;
    scps: string;
    htmlReport: string | null;
    jsonReport: string | null;
  }>;
  hasAccounts: boolean;
  severityHeaders: Array<{ severity: Severity; label: string }>;
  checks: Array<{
    checkId: string;
    title: string;
    severity: Severity;
    severityLabel: string;
    findings: number;
    accounts: number;
    notAssessedAccounts: number;
    notApplicableAccounts: number;
  }>;
  hasChecks: boolean;
  skipped: OrgReport['skippedAccounts'];
  hasSkipped: boolean;
  scps: Array<{ id: string; name: string; managed: string; targets: string }>;
  hasScps: boolean;
  scpsUnknown: boolean;
  gaps: OrgReport['gaps'];
  hasGaps: boolean;
  scope: { assumeRole: string; accountsInOrganization: number; included: string | null; excluded: string | null; productionOus: string };
}

const CHART = { labelWidth: 64, barMax: 220, countWidth: 48, row: 26, bar: 16 };

function accountStatus(a: OrgAccountEntry): { text: string; cls: string } {
  if (a.status === 'FAILED') return { text: 'Failed', cls: 'fail' };
  if (a.exitCode === 3) return { text: 'Incomplete', cls: 'na' };
  if ((a.failed ?? 0) > 0) return { text: plural(a.failed ?? 0, 'finding'), cls: 'fail' };
  return { text: 'Clean', cls: 'pass' };
}

export function buildOrgHtmlView(report: OrgReport, csp = ''): OrgHtmlView {
  const s = report.summary;
  const max = Math.max(0, ...SEVERITIES.map((x) => s.bySeverity[x]));
  const bars = SEVERITIES.map((x, i) => {
    const count = s.bySeverity[x];
    const width = max === 0 ? 0 : Math.max(count > 0 ? 2 : 0, Math.round((count / max) * CHART.barMax));
    const y = i * CHART.row + (CHART.row - CHART.bar) / 2;
    return { label: SEVERITY_LABEL[x], count, color: SEVERITY_COLOR[x], y, textY: y + CHART.bar / 2 + 4, width, countX: CHART.labelWidth + width + 6 };
  });
  const worst = SEVERITIES.find((x) => s.bySeverity[x] > 0);
  const incomplete = s.accounts.failed > 0 || s.accounts.incomplete > 0 || report.gaps.length > 0;
  const verdict = worst
    ? { text: `${plural(s.failed, 'failed finding')} across ${plural(s.accounts.audited, 'account')}; the most severe is ${SEVERITY_LABEL[worst].toLowerCase()}.`, tone: worst }
    : { text: `No failed findings in ${plural(s.accounts.audited, 'account')}.`, tone: incomplete ? 'incomplete' : 'clean' };
  if (s.accounts.failed > 0) verdict.text += ` ${plural(s.accounts.failed, 'account')} could not be audited.`;
  else if (incomplete) verdict.text += ' The audit is incomplete.';
  const audited = report.accounts.filter((a) => a.status === 'AUDITED');
  return {
    csp,
    tool: report.tool,
    organization: report.organization,
    generatedAt: dateText(report.generatedAt),
    verdict,
    accountTiles: [
      { label: 'Audited', count: s.accounts.audited, tone: 'sev-info' },
      { label: 'Failed', count: s.accounts.failed, tone: s.accounts.failed ? 'sev-critical' : 'sev-info' },
      { label: 'Incomplete', count: s.accounts.incomplete, tone: 'tile-na' },
      { label: 'Clean', count: s.accounts.clean, tone: 'sev-low' },
      { label: 'Skipped', count: s.accounts.skipped, tone: 'sev-info' },
    ],
    severityTiles: SEVERITIES.map((x) => ({ severity: x, label: SEVERITY_LABEL[x], count: s.bySeverity[x] })),
    notAssessed: s.notAssessed,
    suppressed: s.suppressed,
    chart: {
      width: CHART.labelWidth + CHART.barMax + CHART.countWidth,
      height: SEVERITIES.length * CHART.row,
      label: `Failed findings by severity, all accounts: ${SEVERITIES.map((x) => `${SEVERITY_LABEL[x]} ${s.bySeverity[x]}`).join(', ')}`,
      axisX: CHART.labelWidth - 0.5,
      bars,
    },
    failedAccounts: report.accounts
      .filter((a) => a.status === 'FAILED')
      .map((a) => ({ id: a.id, name: a.name, ouPath: a.ouPath, reason: a.reason ?? 'no reason recorded' })),
    hasFailedAccounts: s.accounts.failed > 0,
    accounts: audited.map((a) => {
      const st = accountStatus(a);
      const html = a.reports?.find((r) => r.endsWith('.html')) ?? null;
      const json = a.reports?.find((r) => r.endsWith('.json')) ?? null;
      return {
        id: a.id,
        name: a.name,
        ouPath: a.ouPath,
        counts: SEVERITIES.map((x) => ({ severity: x, count: a.bySeverity?.[x] ?? 0, zero: (a.bySeverity?.[x] ?? 0) === 0 })),
        notAssessed: a.notAssessed ?? 0,
        statusText: st.text,
        statusClass: st.cls,
        scps: a.scps?.length ? a.scps.join(', ') : 'none',
        htmlReport: html,
        jsonReport: json,
      };
    }),
    hasAccounts: audited.length > 0,
    severityHeaders: SEVERITIES.map((x) => ({ severity: x, label: SEVERITY_LABEL[x] })),
    checks: report.byCheck.map((c) => ({ ...c, severityLabel: SEVERITY_LABEL[c.severity] })),
    hasChecks: report.byCheck.length > 0,
    skipped: report.skippedAccounts,
    hasSkipped: report.skippedAccounts.length > 0,
    scps: (report.serviceControlPolicies ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      managed: p.awsManaged ? 'AWS managed' : 'customer',
      targets: p.targets.map((t) => `${t.name} (${t.type === 'ORGANIZATIONAL_UNIT' ? 'OU' : t.type.toLowerCase()} ${t.targetId})`).join(', ') || 'not attached',
    })),
    hasScps: (report.serviceControlPolicies ?? []).length > 0,
    scpsUnknown: report.serviceControlPolicies === undefined,
    gaps: report.gaps,
    hasGaps: report.gaps.length > 0,
    scope: {
      assumeRole: report.scope.assumeRole,
      accountsInOrganization: report.scope.accountsInOrganization,
      included: report.scope.includedAccounts?.join(', ') ?? null,
      excluded: report.scope.excludedAccounts?.join(', ') ?? null,
      productionOus: report.scope.productionOus.join(', '),
    },
  };
}

interface Compiled {
  render: (view: OrgHtmlView) => string;
  styleHash: string;
}
const cache = new Map<string, Compiled>();

function compile(dir: string): Compiled {
  const hbs = Handlebars.create();
  const options: CompileOptions = { strict: true, preventIndent: true };
  const sources = new Map<string, string>();
  // The account report's partials (for the shared styles), then the org report's own (org/org-*.hbs).
  for (const sub of ['partials', 'org']) {
    for (const file of readdirSync(join(dir, sub)).filter((f) => f.endsWith('.hbs')).sort()) {
      const source = readFileSync(join(dir, sub, file), 'utf8');
      const name = basename(file, '.hbs');
      if (sources.has(name)) throw new Error(`report template partial ${name}.hbs exists in both partials/ and org/`);
      sources.set(name, source);
      hbs.registerPartial(name, hbs.compile(source, options));
    }
  }
  for (const name of ['styles', 'org-styles']) {
    if (!sources.has(name)) throw new Error(`report template partial ${name}.hbs is missing in ${dir}`);
  }
  // org-report.hbs writes <style>{{> styles}}{{> org-styles}}</style>: both static, so render them once for the hash.
  const styleText = hbs.compile('{{> styles}}{{> org-styles}}', options)({});
  const template = hbs.compile(readFileSync(join(dir, 'org-report.hbs'), 'utf8'), options);
  return { render: (view) => template(view), styleHash: sha256(styleText) };
}

export function renderOrgHtml(report: OrgReport, options: { templatesDir?: string } = {}): string {
  const dir = options.templatesDir ?? findTemplatesDir();
  let compiled = cache.get(dir);
  if (!compiled) cache.set(dir, (compiled = compile(dir)));
  const html = compiled.render(buildOrgHtmlView(report, contentSecurityPolicy("'none'", compiled.styleHash)));
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
  if (style === undefined || sha256(style) !== compiled.styleHash) throw new Error('org report template bug: the inline <style> does not match its CSP hash');
  if (/<script/i.test(html)) throw new Error('org report template bug: the organization report has no script');
  return html;
}
