// The organization report renderers: JSON against org-report-schema.json, HTML (escaping, CSP with the style hash, no
// script, no external asset), CSV (long format, formula guard), built through OrgReportBuilder from account reports.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/vocabulary.js';
import { accountEntry, orgExitCode, OrgReportBuilder } from '../../src/org/summary.js';
import type { AuditReport } from '../../src/report/model.js';
import { renderOrgCsv } from '../../src/report/csv/org-csv.js';
import { renderOrgHtml } from '../../src/report/html/org-html.js';
import { renderOrgJson } from '../../src/report/json/org-json.js';
import type { OrgReport } from '../../src/report/org-model.js';
import { orgModel } from '../fixtures/organization.js';

const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../org-report-schema.json'), 'utf8')));
const errorsOf = (v: unknown) => (validate(v) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const HOSTILE = `<img src=x onerror=alert(1)>"'&=cmd|' /C calc'!A0`;

const model = orgModel({
  scps: [{ id: 'p-FullAWSAccess', arn: '', name: 'FullAWSAccess', awsManaged: true, document: { Statement: [] }, targets: [{ targetId: 'r-a1b2', name: 'Root', type: 'ROOT' }] }],
});

function accountReport(id: string, counts: Partial<Record<(typeof SEVERITIES)[number], number>>, notAssessed = 0): AuditReport {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, counts[s] ?? 0])) as AuditReport['summary']['bySeverity'];
  const findings = SEVERITIES.flatMap((s) =>
    Array.from({ length: counts[s] ?? 0 }, (_, i) => ({
      id: `${id}${s}${i}`.padEnd(16, '0').slice(0, 16),
      checkId: `test.${s}`,
      title: `A ${s} check`,
      severity: s,
      status: 'FAIL' as const,
      resourceArn: `arn:aws:iam::${id}:role/r${i}`,
      message: 'm',
      evidence: {},
      remediation: 'r',
      compliance: {},
    })),
  );
  return {
    summary: { bySeverity, failed: findings.length, notAssessed, suppressed: 0, checks: { total: 5, passed: 0, failed: 0, notAssessed } },
    checks: SEVERITIES.map((s) => ({ id: `test.${s}`, title: `A ${s} check`, severity: s, compliance: {}, status: counts[s] ? 'FAIL' : notAssessed ? 'NOT_ASSESSED' : 'PASS', evaluated: 1, failed: counts[s] ?? 0 })),
    findings,
    gaps: notAssessed ? [{ part: 'credentialReport', api: 'iam:GetCredentialReport', error: 'AccessDenied', message: '' }] : [],
  } as unknown as AuditReport;
}

function build(): OrgReport {
  const b = new OrgReportBuilder(model, { assumeRole: 'HardeningAudit', accountsInOrganization: 5, productionOus: ['Prod*'] }, [{ id: '555555555555', name: 'gone', status: 'SUSPENDED' }]);
  const add = (id: string, name: string, counts: Parameters<typeof accountReport>[1], na = 0) => {
    const r = accountReport(id, counts, na);
    b.addAudited(accountEntry(r, { id, name, ouPath: `Root/${name}` }, na ? 3 : counts.critical || counts.high ? 1 : 0, ['json', 'html', 'csv'].map((x) => `${id}-2026-11-25.${x}`), ['FullAWSAccess']), r);
  };
  add('111111111111', 'mgmt', {});
  add('222222222222', HOSTILE, { high: 2, low: 5 });
  add('333333333333', 'prod', { critical: 1 });
  add('444444444444', 'half', { high: 2 }, 3);
  b.addFailed({ id: '666666666666', name: 'legacy', ouPath: 'Root', reason: `sts:AssumeRole failed: AccessDenied: ${HOSTILE}`, error: 'AccessDenied' });
  return b.build('2026-11-25T00:00:00.000Z', []);
}

describe('organization report', () => {
  it('orders accounts failed first, then worst first; totals and by-check add up; exit 3', () => {
    const r = build();
    expect(r.accounts.map((a) => a.id)).toEqual(['666666666666', '333333333333', '222222222222', '444444444444', '111111111111']);
    expect(r.summary.bySeverity).toEqual({ critical: 1, high: 4, medium: 0, low: 5, info: 0 });
    expect(r.summary.accounts).toEqual({ selected: 6, audited: 4, failed: 1, skipped: 1, incomplete: 1, clean: 1 });
    expect(r.byCheck.map((c) => [c.checkId, c.findings, c.accounts, c.notAssessedAccounts])).toEqual([
      ['test.critical', 1, 1, 1],
      ['test.high', 4, 2, 0],
      ['test.medium', 0, 0, 1],
      ['test.low', 5, 1, 1],
      ['test.info', 0, 0, 1],
    ]);
    expect(orgExitCode(r, 'high')).toBe(3);
  });

  it('JSON validates against org-report-schema.json; a broken one does not', () => {
    const r = JSON.parse(renderOrgJson(build()));
    expect(errorsOf(r)).toEqual([]);
    r.accounts[0].bySeverity = r.accounts[1].bySeverity; // a FAILED account cannot have counts
    r.summary.bySeverity.critical = -1;
    expect(errorsOf(r).length).toBeGreaterThanOrEqual(2);
  });

  it('HTML: escaped, no script, only its own style (hash in the CSP), links to the account reports', () => {
    const html = renderOrgHtml(build());
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).not.toMatch(/<script/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
    expect(csp).toContain("script-src 'none'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(csp).toContain("default-src 'none'");
    expect(html).toContain('href="333333333333-2026-11-25.html"');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html.indexOf('Accounts that could not be audited')).toBeLessThan(html.indexOf('Accounts, worst first'));
  });

  it('CSV: one row per account and severity, failed and skipped accounts with their reason, formulas defused', () => {
    const csv = renderOrgCsv(build(), { bom: false });
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('accountId,accountName,ouPath,status,severity,findings,notAssessed,exitCode,reason');
    expect(lines).toHaveLength(1 + 1 + 4 * SEVERITIES.length + 1);
    expect(lines[1]).toMatch(/^666666666666,legacy,Root,FAILED,,,,,"sts:AssumeRole failed: AccessDenied: <img/);
    expect(lines).toContain('333333333333,prod,Root/prod,AUDITED,critical,1,0,1,');
    expect(lines.at(-1)).toBe('555555555555,gone,,SKIPPED,,,,,"account is SUSPENDED, not ACTIVE"');
    expect(renderOrgCsv(build()).startsWith('\uFEFF')).toBe(true);
    // A name that starts like a formula is prefixed with an apostrophe.
    const r = build();
    r.accounts[1]!.name = '=HYPERLINK("x")';
    expect(renderOrgCsv(r)).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
