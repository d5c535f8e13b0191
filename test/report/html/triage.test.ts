// The HTML report's triage-first layout: the order of the page, Fix first (the shared ranking), the findings table's
// rows, and the control-status lookup that tolerates statuses added later.
import { describe, expect, it } from 'vitest';
import { fixFirst } from '../../../src/report/fix-first.js';
import { renderHtml } from '../../../src/report/html/html.js';
import { controlStatusView } from '../../../src/report/html/sections/compliance.js';
import { GROUP_FROM } from '../../../src/report/html/sections/findings.js';
import { HTML_FIX_FIRST_MAX, remediationCommand } from '../../../src/report/html/sections/fix-first.js';
import type { ComplianceControlResult } from '../../../src/report/model.js';
import { C, sampleReport } from '../../fixtures/report.js';
import { ACCOUNT, arn, assemble, fail } from '../../fixtures/report-builders.js';

describe('HTML triage layout', () => {
  const report = sampleReport();
  const html = renderHtml(report);

  it('opens on triage: the headline, Fix first, the findings table, then collapsed sections', () => {
    const at = (s: string) => {
      const i = html.indexOf(s);
      expect(i, s).toBeGreaterThan(-1);
      return i;
    };
    expect(at('id="headline"')).toBeLessThan(at('id="incomplete-notice"'));
    expect(at('id="incomplete-notice"')).toBeLessThan(at('id="fix-first"'));
    expect(at('id="fix-first"')).toBeLessThan(at('id="findings-table"'));
    for (const fold of ['checks-fold', 'gaps-fold', 'compliance-fold', 'about-fold']) expect(at('id="findings-table"')).toBeLessThan(at(`id="${fold}"`));
    // every section after the table is a closed <details>; nothing opens by itself
    expect(html.match(/<details class="card fold/g)!.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/<details[^>]*\sopen/);
    // the incomplete-audit notice is one line that links to the gaps
    const notice = /<p class="incomplete-notice"[\s\S]*?<\/p>/.exec(html)![0];
    expect(notice).not.toContain('\n');
    expect(notice).toMatch(/Audit incomplete: 1 part of the account could not be collected, \d checks? not assessed\./);
    expect(notice).toContain('href="#gaps"');
  });

  it('has one findings row per finding, or per check and severity from GROUP_FROM findings on, most severe first', () => {
    const r = sampleReport();
    const many = Array.from({ length: GROUP_FROM }, (_, i) =>
      fail(C.adminPolicy, { resourceArn: `arn:aws:iam::${ACCOUNT}:policy/p${i}`, message: `p${i} allows *:*`, evidence: {} }),
    );
    const big = assemble(r.checks, [...r.findings, ...many], r.gaps);
    const out = renderHtml(big);
    const rows = [...out.matchAll(/<tr class="frow( is-group)?"[^>]*data-severity="([^"]+)"[^>]*data-check="([^"]+)"[^>]*data-count="(\d+)"/g)].map((m) => ({
      grouped: Boolean(m[1]),
      severity: m[2],
      check: m[3],
      count: Number(m[4]),
    }));
    const open = big.findings.filter((f) => !f.suppressed);
    const adminBefore = r.findings.filter((f) => f.checkId === C.adminPolicy.id).length;
    expect(adminBefore).toBeLessThan(GROUP_FROM);
    expect(rows.reduce((n, row) => n + row.count, 0)).toBe(open.length);
    const admin = rows.filter((row) => row.check === C.adminPolicy.id);
    expect(admin).toEqual([{ grouped: true, severity: 'critical', check: C.adminPolicy.id, count: adminBefore + GROUP_FROM }]);
    // the sample alone has no check with that many findings of one severity: one row per finding
    expect(renderHtml(r).match(/<tr class="frow is-group"/g)).toBeNull();
    const order = ['critical', 'high', 'medium', 'low', 'info', 'not-assessed'];
    const ranks = rows.map((row) => order.indexOf(row.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(rows.map((row) => row.severity))).toEqual(new Set(order));
    // every finding's details are in the page, behind its row
    for (const f of open) expect(out).toContain(`id="finding-${f.id}"`);
    expect(out).toContain(`${open.length} findings in ${rows.length} rows`);
  });

});

describe('Fix first in the HTML', () => {
  const fixItems = (out: string) =>
    [...out.matchAll(/<li class="fix sev-([a-z]+)">[\s\S]*?<code class="fix-command" title="([^:"]+):[^"]*">([^<]*)<\/code>/g)].map((m) => ({
      severity: m[1],
      checkId: m[2],
      command: m[3],
    }));

  it('lists the shared ranking (stdout, mail), at most ten checks, each with one command of its remediation', () => {
    const r = sampleReport();
    const extra = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].map((x) => ({
      ...C.unusedRoles,
      id: `iam.synthetic.${x}`,
      remediation: `# why\naws iam delete-role --role-name ${x}`,
    }));
    const big = assemble(r.checks, [...r.findings, ...extra.map((check) => fail(check, { resourceArn: arn(`role/${check.id}`), message: 'unused', evidence: {} }))], r.gaps);
    const items = fixItems(renderHtml(big));
    const ranked = fixFirst(big.findings, HTML_FIX_FIRST_MAX);
    expect(ranked).toHaveLength(HTML_FIX_FIRST_MAX);
    expect(items.map((i) => i.checkId)).toEqual(ranked.map((t) => t.checkId));
    expect(items.map((i) => i.severity)).toEqual(ranked.map((t) => t.severity));
    for (const [i, t] of ranked.entries()) expect(items[i]!.command).toBe(remediationCommand(t.finding.remediation).replace(/"/g, '&quot;'));
    // the sample's fewer checks: every one of them, no info findings
    expect(fixItems(renderHtml(r)).map((i) => i.checkId)).toEqual(fixFirst(r.findings, HTML_FIX_FIRST_MAX).map((t) => t.checkId));
  });

  it('says why an exposed item ranks first (root, public trust, admin reach)', () => {
    const out = renderHtml(sampleReport());
    const exposed = fixFirst(sampleReport().findings, HTML_FIX_FIRST_MAX).filter((t) => t.exposure);
    expect(exposed.length).toBeGreaterThan(0);
    for (const t of exposed) expect(out).toContain(`<span class="badge fix-exposure">${t.exposure}</span>`);
    expect(out.match(/class="badge fix-exposure"/g)).toHaveLength(exposed.length);
  });

  it('links each item to its finding, whose row holds the whole remediation draft', () => {
    const out = renderHtml(sampleReport());
    const links = [...out.matchAll(/<a class="fix-title" href="#(finding-[0-9a-f]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(2);
    for (const id of links) expect(out).toContain(`id="${id}"`);
  });

  it('has no Fix first section when nothing above info failed', () => {
    const r = sampleReport();
    r.findings = r.findings.filter((f) => f.status !== 'FAIL' || f.severity === 'info');
    expect(renderHtml(r)).not.toContain('id="fix-first"');
  });

  it('picks the AWS CLI command, else the sentence, else the console path of a remediation draft', () => {
    expect(remediationCommand('# Give admins a scoped policy first:\naws iam detach-group-policy --group-name admins --policy-arn X')).toBe(
      'aws iam detach-group-policy --group-name admins --policy-arn X',
    );
    expect(remediationCommand("# Draft\ncat > t.json <<'POLICY'\n{}\nPOLICY\naws iam update-assume-role-policy --role-name r")).toBe('aws iam update-assume-role-policy --role-name r');
    expect(remediationCommand('Deny iam:* in the boundary.')).toBe('Deny iam:* in the boundary.');
    expect(remediationCommand('# Root only (console):\n# 1. Sign in as root\n# 2. Account menu > Security credentials > Assign MFA device')).toBe(
      'Account menu > Security credentials > Assign MFA device',
    );
    expect(remediationCommand('# Only a comment')).toBe('Only a comment');
    expect(remediationCommand('')).toBe('');
  });
});

describe('control status lookup', () => {
  const control = (status: string, assessment?: 'Manual' | 'Automated') => ({ status, assessment }) as unknown as ComplianceControlResult;

  it('shows known statuses, a MANUAL status and one it does not know yet, never as a pass', () => {
    expect(controlStatusView(control('PASS'))).toEqual({ label: 'Pass', statusClass: 'pass' });
    expect(controlStatusView(control('NOT_IMPLEMENTED', 'Manual'))).toEqual({ label: 'Manual', statusClass: 'ni' });
    expect(controlStatusView(control('NOT_IMPLEMENTED', 'Automated'))).toEqual({ label: 'Not implemented', statusClass: 'ni' });
    expect(controlStatusView(control('MANUAL'))).toEqual({ label: 'Manual', statusClass: 'ni' });
    expect(controlStatusView(control('NEEDS_REVIEW'))).toEqual({ label: 'Needs review', statusClass: 'na' });
    expect(controlStatusView(control('constructor')).statusClass).toBe('na');
  });

  it('renders a report whose compliance view has a MANUAL control', () => {
    const r = sampleReport();
    expect(r.compliance['cis-3.0']!.controls.find((c) => c.id === '1.1')!.status).toBe('MANUAL');
    const out = renderHtml(r);
    const row = /<tr id="control-cis-3\.0-1\.1"[\s\S]*?<\/tr>/.exec(out)![0];
    expect(row).toContain('<span class="badge cstatus-ni">Manual</span>');
    // and it is listed to be reviewed by hand
    expect(out).toMatch(/<a class="mono" href="#control-cis-3\.0-1\.1">CIS 3\.0 1\.1<\/a>/);
    expect(out).toMatch(/<a class="mono" href="#control-cis-7\.0-2\.1\.1">CIS 7\.0 2\.1\.1<\/a>/);
  });
});
