import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prettyJson, renderHtml } from '../../../src/report/html/html.js';
import { findTemplatesDir } from '../../../src/report/templates-dir.js';
import { hostileReport, XSS } from '../../fixtures/hostile-report.js';
import { C, sampleReport, suppressedReport } from '../../fixtures/report.js';
import { ACCOUNT, assemble, fail } from '../../fixtures/report-builders.js';

const escaped = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/`/g, '&#x60;').replace(/=/g, '&#x3D;');

const templatesDir = findTemplatesDir();
const templateFiles = [join(templatesDir, 'report.hbs'), ...readdirSync(join(templatesDir, 'partials')).map((f) => join(templatesDir, 'partials', f))];

describe('renderHtml', () => {
  const report = sampleReport();
  const html = renderHtml(report);

  it('renders a complete document with the account, every finding and no template leftovers', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain(ACCOUNT);
    for (const f of report.findings) {
      expect(html).toContain(escaped(f.resourceArn));
      expect(html).toContain(`id="finding-${f.id}"`);
    }
    expect(html).not.toContain('{{');
    expect(html).not.toContain('}}');
  });

  it('shows header facts, summary, checks and gaps', () => {
    expect(html).toContain('2025-11-24 09:14:41 UTC'); // collected
    expect(html).toContain('2025-11-24 08:02:17 UTC'); // credential report
    expect(html).toContain('hardening-audit 0.1.0');
    expect(html).toContain('id="gaps"');
    expect(html).toContain('iam:GenerateCredentialReport');
    expect(html).toContain('AccessDenied');
    // every check has exactly one link target: its first findings row, the gaps list or the other checks' table
    for (const c of report.checks) expect(html.split(`id="check-${c.id}"`), c.id).toHaveLength(2);
    expect(html).toContain('Not assessed');
    // the severity counts are shown once (tiles), not again as a bar chart
    expect(html).not.toContain('<rect');
    expect(html.match(/<li class="tile sev-/g)).toHaveLength(5);
  });

  it('omits the gaps section when the audit is complete', () => {
    const r = sampleReport();
    r.gaps = [];
    r.checks = r.checks.filter((c) => c.status !== 'NOT_ASSESSED');
    r.findings = r.findings.filter((f) => f.status !== 'NOT_ASSESSED');
    const out = renderHtml(r);
    expect(out).not.toContain('id="gaps"');
    expect(out).not.toContain('data-severity="not-assessed"');
    expect(out).not.toContain('id="incomplete-notice"');
    expect(out).toContain('audit complete');
  });

  it('renders an empty report', () => {
    const r = sampleReport();
    r.findings = [];
    r.checks = [];
    r.gaps = [];
    delete r.credentialReportGeneratedAt;
    delete r.account.callerArn;
    const out = renderHtml(r);
    expect(out).toContain('No findings');
    expect(out).not.toContain('id="filters"');
    expect(out).toContain('not available');
  });

  it('is deterministic', () => {
    expect(renderHtml(sampleReport())).toBe(html);
  });

  it('is self-contained: no external URLs, stylesheets, fonts, images or scripts', () => {
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/\b(src|href)="(?!#)/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
  });
});

describe('renderHtml escaping and CSP', () => {
  const report = hostileReport();
  const html = renderHtml(report);

  it('escapes account data: markup, quotes and ampersands', () => {
    expect(html).toContain(escaped(XSS.alert));
    expect(escaped(XSS.alert)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain(XSS.script);
    expect(html).not.toContain(XSS.img);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain(escaped(XSS.quotes));
    // data is not re-evaluated as a template
    expect(html).toContain(escaped(XSS.mustache));
  });

  it('has exactly one script element, ours, allowed by its hash', () => {
    expect(html.match(/<script/gi)).toHaveLength(1);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1].replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).not.toContain('unsafe');
    // the CSP meta comes before any other content
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<title>'));
    // the script never evaluates data or writes HTML
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|setTimeout\(\s*['"]/);
  });

  it('puts no inline event handlers or style attributes in the markup (the CSP would block them)', () => {
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
  });
});

describe('report templates', () => {
  it('use default {{ }} escaping only: no triple-stash or {{& }}', () => {
    for (const file of templateFiles) {
      const text = readFileSync(file, 'utf8').replace(/\{\{!--[\s\S]*?--\}\}/g, '');
      expect(text, file).not.toMatch(/\{\{\{|\{\{~?\s*&/);
    }
  });

  it('the inline script and styles contain no template expressions (their CSP hashes are computed from the files)', () => {
    for (const name of ['script.hbs', 'styles.hbs']) {
      expect(readFileSync(join(templatesDir, 'partials', name), 'utf8')).not.toContain('{{');
    }
  });

  it('a template edit that breaks the script hash is caught at render time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-templates-'));
    cpSync(templatesDir, dir, { recursive: true });
    const main = join(dir, 'report.hbs');
    writeFileSync(main, readFileSync(main, 'utf8').replace('\n<script>{{> script}}</script>', '\n<script>\n{{> script}}</script>'));
    expect(() => renderHtml(sampleReport(), { templatesDir: dir })).toThrow(/CSP hash/);
  });

  it('a typo in a template is an error, not an empty field (strict mode)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-templates-'));
    cpSync(templatesDir, dir, { recursive: true });
    mkdirSync(join(dir, 'partials'), { recursive: true });
    const header = join(dir, 'partials', 'header.hbs');
    writeFileSync(header, readFileSync(header, 'utf8').replace('{{account.id}}', '{{account.idd}}'));
    expect(() => renderHtml(sampleReport(), { templatesDir: dir })).toThrow(/idd/);
  });
});

describe('prettyJson (evidence)', () => {
  it('is valid JSON equal to the evidence', () => {
    for (const f of [...sampleReport().findings, ...hostileReport().findings]) {
      expect(JSON.parse(prettyJson(f.evidence))).toEqual(f.evidence);
    }
    expect(prettyJson({})).toBe('{}');
    expect(JSON.parse(prettyJson({ a: undefined, b: [undefined], c: new Date(0) }))).toEqual({ b: [null], c: '1970-01-01T00:00:00.000Z' });
  });

  it('keeps short arrays and objects on one line and indents the rest', () => {
    const statement = { Sid: 'AllowAll', Effect: 'Allow', Action: ['*'], Resource: ['*'], Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } } };
    const text = prettyJson({ attachmentCount: 3, statement });
    expect(text).toBe(
      [
        '{',
        '  "attachmentCount": 3,',
        '  "statement": {',
        '    "Sid": "AllowAll",',
        '    "Effect": "Allow",',
        '    "Action": ["*"],',
        '    "Resource": ["*"],',
        '    "Condition": { "Bool": { "aws:MultiFactorAuthPresent": ["true"] } }',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(prettyJson({ a: 1 })).toBe('{ "a": 1 }');
  });
});

describe('renderHtml compliance view', () => {
  const report = sampleReport();
  const html = renderHtml(report);
  const row = (framework: string, id: string) => {
    const m = new RegExp(`<tr id="control-${framework}-${id.replace(/\./g, '\\.')}"[\\s\\S]*?</tr>`).exec(html);
    if (!m) throw new Error(`no row for ${framework} ${id}`);
    return m[0];
  };

  it('has a table per framework with every control of the catalogue', () => {
    expect(html).toContain('id="compliance"');
    for (const id of ['cis-7.0', 'cis-3.0', 'security-hub']) expect(html).toContain(`id="framework-${id}"`);
    for (let i = 1; i <= 22; i++) expect(html).toContain(`id="control-cis-3.0-1.${i}"`);
    for (let i = 2; i <= 21; i++) expect(html).toContain(`id="control-cis-7.0-2.${i}"`);
    for (let i = 1; i <= 28; i++) if (i !== 20) expect(html).toContain(`id="control-security-hub-IAM.${i}"`);
    expect(html.match(/<table class="data compliance">/g)).toHaveLength(3);
  });

  it('shows each control status as a badge, with the checks and findings behind it', () => {
    expect(row('cis-3.0', '1.16')).toContain('<span class="badge cstatus-fail">Fail</span>');
    expect(row('cis-3.0', '1.5')).toContain('<span class="badge cstatus-pass">Pass</span>');
    expect(row('cis-3.0', '1.10')).toContain('<span class="badge cstatus-na">Not assessed</span>');
    expect(row('cis-3.0', '1.1')).toContain('<span class="badge cstatus-ni">Manual</span>');
    expect(row('cis-7.0', '2.1.1')).toContain('<span class="badge cstatus-ni">Manual</span>');
    expect(row('security-hub', 'CloudTrail.3')).toContain('<span class="badge cstatus-ni">Not implemented</span>');
    expect(row('security-hub', 'CloudTrail.2')).toContain('Not implemented');
    // the checks link to the checks table, the findings to the findings
    expect(row('cis-3.0', '1.16')).toContain('href="#check-iam.policy.full-admin"');
    for (const f of report.findings.filter((x) => x.checkId === 'iam.policy.full-admin')) {
      expect(row('cis-3.0', '1.16')).toContain(`href="#finding-${f.id}"`);
      expect(row('security-hub', 'IAM.1')).toContain(`href="#finding-${f.id}"`);
    }
    expect(row('cis-3.0', '1.16')).toContain('policy/LegacyAdmins (AllowAll)');
    // not-assessed: the reason and the not-assessed finding
    const na = report.findings.find((f) => f.checkId === 'iam.user.console-without-mfa')!;
    expect(row('cis-3.0', '1.10')).toContain(`href="#finding-${na.id}"`);
    expect(row('cis-3.0', '1.10')).toContain('iam:GenerateCredentialReport');
    expect(row('cis-3.0', '1.1')).toContain('Manual: On the account page of the console');
    expect(row('cis-3.0', '1.1')).toContain('<span class="muted">none</span>');
  });

  it('every in-page link has its target (compliance chips, checks, findings)', () => {
    for (const r of [html, renderHtml(suppressedReport())]) {
      const targets = [...r.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
      expect(targets.length).toBeGreaterThan(50);
      for (const t of new Set(targets)) expect(r, t).toContain(`id="${t}"`);
    }
    // the compliance chips of checks and findings link to the control rows
    expect(html).toContain('<a class="chip chip-cis" href="#control-cis-3.0-1.16">CIS 3.0 1.16</a>');
    expect(html).toContain('<a class="chip chip-cis" href="#control-cis-7.0-2.14">CIS 7.0 2.14</a>');
    expect(html).toContain('<a class="chip chip-sh" href="#control-security-hub-IAM.1">Security Hub IAM.1</a>');
  });

  it('caps the finding links per control and says how many more', () => {
    const r = sampleReport();
    const many = Array.from({ length: 30 }, (_, i) =>
      fail(C.adminPolicy, { resourceArn: `arn:aws:iam::${ACCOUNT}:policy/p${i}`, message: `p${i} allows *:*`, evidence: {} }),
    );
    const big = assemble(r.checks, [...r.findings, ...many], r.gaps);
    const out = renderHtml(big);
    const m = /<tr id="control-cis-3\.0-1\.16"[\s\S]*?<\/tr>/.exec(out)![0];
    expect(m.match(/class="finding-ref mono"/g)).toHaveLength(12);
    expect(m).toContain('and 20 more');
    expect(big.compliance['cis-3.0']!.controls.find((c) => c.id === '1.16')!.findings).toHaveLength(32);
  });

  it('lists at most maxFindingsPerCheck findings per check, says how many more, and links only what it lists', () => {
    const r = sampleReport();
    const many = Array.from({ length: 30 }, (_, i) =>
      fail(C.adminPolicy, { resourceArn: `arn:aws:iam::${ACCOUNT}:policy/p${String(i).padStart(2, '0')}`, message: `p${i} allows *:*`, evidence: {} }),
    );
    const big = assemble(r.checks, [...r.findings, ...many], r.gaps);
    const adminIds = big.findings.filter((f) => f.checkId === C.adminPolicy.id).map((f) => f.id);
    expect(adminIds).toHaveLength(32);

    const out = renderHtml(big, { maxFindingsPerCheck: 5 });
    const listed = adminIds.filter((id) => out.includes(`id="finding-${id}"`));
    expect(listed).toEqual(adminIds.slice(0, 5)); // report order: the most severe first
    expect(out).toContain(`27 more of ${C.adminPolicy.id} (this report lists at most 5 findings per check; the JSON and CSV reports have every one)`);
    // every other check is under the cap and fully listed
    for (const f of big.findings.filter((x) => x.checkId !== C.adminPolicy.id && !x.suppressed)) expect(out).toContain(`id="finding-${f.id}"`);
    // the compliance view still names the unlisted findings, without a link to nowhere
    const row = /<tr id="control-cis-3\.0-1\.16"[\s\S]*?<\/tr>/.exec(out)![0];
    expect(row.match(/<a class="finding-ref mono"/g)).toHaveLength(5);
    expect(row.match(/<span class="finding-ref mono is-unlisted"/g)).toHaveLength(7);
    for (const t of new Set([...out.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]))) expect(out, t).toContain(`id="${t}"`);
    // counts are of every finding
    expect(out).toMatch(/\d+ findings[^<]*; \d+ listed, at most 5 per check/);

    // 0: no cap; the default lists all 32 (under 200)
    for (const all of [renderHtml(big, { maxFindingsPerCheck: 0 }), renderHtml(big)]) {
      expect(adminIds.every((id) => all.includes(`id="finding-${id}"`))).toBe(true);
      expect(all).not.toContain('more of ');
    }
  });

  it('escapes account data in finding labels and titles', () => {
    const out = renderHtml(hostileReport());
    expect(out).not.toContain(XSS.script);
    expect(out).not.toContain(XSS.img);
    expect(out).toMatch(/<a class="finding-ref mono" href="#finding-[0-9a-f]{16}" title="[^"<>]*&lt;script&gt;/);
  });
});

describe('renderHtml suppressed findings', () => {
  const report = suppressedReport();
  const html = renderHtml(report);
  const suppressed = report.findings.filter((f) => f.suppressed);
  const section = /<section id="suppressed"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

  it('lists suppressed findings in a collapsed section, apart from the filtered groups', () => {
    expect(suppressed).toHaveLength(3);
    expect(html).toContain('<details class="card fold" id="suppressed-fold">');
    for (const f of suppressed) {
      const article = new RegExp(`<article [^>]*id="finding-${f.id}"[^>]*>`).exec(html)![0];
      expect(article).toContain(`data-suppressed="${f.id}"`);
      expect(article).not.toContain('data-finding=');
      expect(section).toContain(`id="finding-${f.id}"`);
      expect(section).toContain(escaped(f.suppressed!.reason));
    }
    // the groups and the filters count open findings only
    const open = report.findings.filter((f) => !f.suppressed);
    expect(html.match(/data-finding="/g)).toHaveLength(open.length);
    expect(html).toContain(`${open.length} findings (3 suppressed, listed apart)`);
    expect(html).toContain('<option value="iam.user.direct-policies">iam.user.direct-policies (1)</option>');
    expect(html).toContain('<option value="critical">Critical (2)</option>');
    expect(html).not.toContain('<option value="iam.root.access-keys">');
    expect(html).toContain('3 suppressed findings are not counted here.');
    // the summary tiles follow report.summary, which leaves them out
    expect(report.summary.bySeverity.critical).toBe(2);
    expect(report.summary.suppressed).toBe(3);
    expect(html).toMatch(/<li class="tile sev-critical"><span class="tile-count">2<\/span>/);
  });

  it('names expired entries and entries that matched nothing', () => {
    expect(section).toContain('id="suppressions-expired"');
    expect(section).toContain('iam.user.direct-policies');
    expect(section).toContain('expired 2025-01-31');
    expect(section).toContain('1 finding it covered counts again');
    expect(section).toContain('id="suppressions-unmatched"');
    expect(section).toContain('iam.user.console-without-mfa');
    expect(section).toContain('matched no finding');
    expect(section).toContain('suppressions.yaml');
  });

  it('links suppressed findings from the compliance view, marked as such', () => {
    const rootKey = suppressed.find((f) => f.checkId === 'iam.root.access-keys')!;
    const alice = suppressed.find((f) => f.checkId === 'iam.user.direct-policies')!;
    const row = (id: string) => new RegExp(`<tr id="control-cis-3\\.0-${id.replace('.', '\\.')}"[\\s\\S]*?</tr>`).exec(html)![0];
    // 1.4: its only failure is suppressed, so it passes, and says which finding was suppressed
    expect(row('1.4')).toContain('<span class="badge cstatus-pass">Pass</span>');
    expect(row('1.4')).toContain(`<a class="finding-ref mono is-suppressed" href="#finding-${rootKey.id}"`);
    // 1.15: alice is suppressed, build-bot (its entry expired) still fails
    expect(row('1.15')).toContain('<span class="badge cstatus-fail">Fail</span>');
    expect(row('1.15')).toContain(`<a class="finding-ref mono is-suppressed" href="#finding-${alice.id}"`);
    expect(row('1.15')).toContain('user/build-bot (AmazonS3FullAccess)');
  });

  it('has no suppressed section without suppressions', () => {
    expect(renderHtml(sampleReport())).not.toContain('id="suppressed"');
  });

  it('keeps the markup CSP-clean', () => {
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html.match(/<script/gi)).toHaveLength(1);
  });
});
