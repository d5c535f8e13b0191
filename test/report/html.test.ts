import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prettyJson, renderHtml } from '../../src/report/html.js';
import { findTemplatesDir } from '../../src/report/templates-dir.js';
import { ACCOUNT, hostileReport, sampleReport, XSS } from './fixtures.js';

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

  it('shows header facts, summary, checks table and gaps', () => {
    expect(html).toContain('2025-11-24 09:14:41 UTC'); // collected
    expect(html).toContain('2025-11-24 08:02:17 UTC'); // credential report
    expect(html).toContain('hardening-audit 0.1.0');
    expect(html).toContain('id="gaps"');
    expect(html).toContain('iam:GenerateCredentialReport');
    expect(html).toContain('AccessDenied');
    for (const c of report.checks) expect(html).toContain(`id="check-${c.id}"`);
    expect(html).toContain('Not assessed');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    // one bar per severity
    expect(html.match(/<rect /g)).toHaveLength(5);
    // gaps come before the summary: prominent
    expect(html.indexOf('id="gaps"')).toBeLessThan(html.indexOf('id="summary"'));
  });

  it('groups failed findings by severity, most severe first, then the not-assessed ones', () => {
    const groups = [...html.matchAll(/data-group="([^"]+)"/g)].map((m) => m[1]);
    expect(groups).toEqual(['critical', 'high', 'medium', 'low', 'info', 'not-assessed']);
  });

  it('omits the gaps section when the audit is complete', () => {
    const r = sampleReport();
    r.gaps = [];
    r.checks = r.checks.filter((c) => c.status !== 'NOT_ASSESSED');
    r.findings = r.findings.filter((f) => f.status !== 'NOT_ASSESSED');
    const out = renderHtml(r);
    expect(out).not.toContain('id="gaps"');
    expect(out).not.toContain('data-group="not-assessed"');
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
