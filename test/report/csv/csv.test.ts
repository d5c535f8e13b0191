import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, CSV_MAX_CELL, guardFormula, renderCsv } from '../../../src/report/csv/csv.js';
import type { AuditReport } from '../../../src/report/model.js';
import { hostileReport } from '../../fixtures/hostile-report.js';
import { sampleReport, suppressedReport } from '../../fixtures/report.js';

function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: false, record_delimiter: '\r\n' }) as string[][];
}

/** What a cell should read back as: the value, with an apostrophe in front of formula-like text. */
function expectedRow(f: AuditReport['findings'][number]): string[] {
  const values: Record<string, string> = {
    id: f.id,
    checkId: f.checkId,
    title: f.title,
    severity: f.severity,
    status: f.status,
    suppressed: f.suppressed ? `entry ${f.suppressed.entry}${f.suppressed.expires ? `, until ${f.suppressed.expires}` : ''}: ${f.suppressed.reason}` : '',
    resourceArn: f.resourceArn,
    detail: f.detail ?? '',
    message: f.message,
    remediation: f.remediation,
    'cis-7.0': (f.compliance['cis-7.0'] ?? []).map((c) => `CIS 7.0 ${c}`).join('; '),
    'cis-3.0': (f.compliance['cis-3.0'] ?? []).map((c) => `CIS 3.0 ${c}`).join('; '),
    'security-hub': (f.compliance['security-hub'] ?? []).map((c) => `Security Hub ${c}`).join('; '),
    evidence: JSON.stringify(f.evidence),
  };
  return CSV_COLUMNS.map((c) => guardFormula(values[c]!));
}

describe('renderCsv', () => {
  it('writes a header and one row per finding that parse back to the same values', () => {
    for (const report of [sampleReport(), hostileReport(), suppressedReport()]) {
      const text = renderCsv(report);
      const rows = parseCsv(text);
      expect(rows[0]).toEqual([...CSV_COLUMNS]);
      expect(rows.length - 1).toBe(report.findings.length);
      report.findings.forEach((f, i) => {
        expect(rows[i + 1]).toEqual(expectedRow(f));
      });
      // evidence is compact JSON that parses back
      report.findings.forEach((f, i) => {
        expect(JSON.parse(rows[i + 1][CSV_COLUMNS.indexOf('evidence')])).toEqual(f.evidence);
      });
    }
  });

  it('uses CRLF record separators, a trailing CRLF and a UTF-8 BOM (optional)', () => {
    const report = sampleReport();
    const text = renderCsv(report);
    expect(text.startsWith('\uFEFFid,checkId,title,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const noBom = renderCsv(report, { bom: false });
    expect(noBom.startsWith('id,checkId,')).toBe(true);
    expect(noBom).toBe(text.slice(1));
    // outside quoted fields every line break is CRLF: strip quoted fields, then look for bare LF / CR
    const unquoted = noBom.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted).not.toMatch(/[^\r]\n|\r[^\n]/);
    expect(unquoted.split('\r\n').length - 1).toBe(report.findings.length + 1);
  });

  it('keeps the whole multi-line remediation draft in one quoted cell', () => {
    const report = sampleReport();
    const f = report.findings.find((x) => x.remediation.includes('\n'))!;
    const rows = parseCsv(renderCsv(report));
    const row = rows.find((r) => r[0] === f.id)!;
    expect(row[CSV_COLUMNS.indexOf('remediation')]).toBe(f.remediation);
  });

  it('quotes per RFC 4180 only when needed and doubles embedded quotes', () => {
    const text = renderCsv(hostileReport(), { bom: false });
    expect(text).toContain('"A message, with a comma and a ""quote""\r\nand a CRLF line break"');
    expect(text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(text).toMatch(/\r\n[0-9a-f]{16},iam\.root\.access-keys,/);
  });

  it('guards against formula injection', () => {
    const rows = parseCsv(renderCsv(hostileReport()));
    const cells = rows.slice(1).flat();
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells).toContain(`'-2+3 is the user name`);
    expect(cells).toContain(`'+cmd|" /C calc"!A0`);
    expect(cells).toContain(`'\tleading tab`);
    expect(cells).toContain(`'\rleading CR`);
    // mid-text formulas are harmless and left alone
    expect(cells).toContain('arn:aws:iam::123456789012:user/=HYPERLINK("http://evil.example","x")');
    expect(guardFormula('=1+1')).toBe(`'=1+1`);
    expect(guardFormula('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(guardFormula('plain')).toBe('plain');
    expect(guardFormula('')).toBe('');
  });

  it('writes one column per framework, ids as text ("CIS 3.0 1.10"), so spreadsheets do not turn them into numbers', () => {
    const rows = parseCsv(renderCsv(sampleReport()));
    expect(rows[0]).toEqual(expect.arrayContaining(['cis-7.0', 'cis-3.0', 'security-hub']));
    const column = (name: string) => rows.slice(1).map((r) => r[CSV_COLUMNS.indexOf(name)]);
    expect(column('security-hub')).toContain('Security Hub IAM.5; Security Hub IAM.19');
    expect(column('cis-3.0')).toContain('CIS 3.0 1.16');
    expect(column('cis-7.0')).toContain('CIS 7.0 2.14');
    expect(column('security-hub')).toContain('Security Hub IAM.1; Security Hub KMS.1; Security Hub KMS.2');
    expect(column('cis-3.0')).toContain('');
  });

  it('cuts cells longer than a spreadsheet cell can hold', () => {
    const report = sampleReport();
    report.findings[0].evidence = { blob: 'x'.repeat(40_000) };
    const rows = parseCsv(renderCsv(report));
    const cell = rows[1][CSV_COLUMNS.indexOf('evidence')];
    expect(cell.length).toBe(CSV_MAX_CELL);
    expect(cell.endsWith('[truncated: see the JSON report]')).toBe(true);
  });

  it('writes only the header for a report without findings', () => {
    const report = sampleReport();
    report.findings = [];
    expect(renderCsv(report, { bom: false })).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('renderCsv suppressed column', () => {
  it('is empty for open findings and names the entry, expiry and reason for suppressed ones', () => {
    const report = suppressedReport();
    const rows = parseCsv(renderCsv(report));
    const col = CSV_COLUMNS.indexOf('suppressed');
    expect(rows[0][col]).toBe('suppressed');
    expect(CSV_COLUMNS.indexOf('suppressed')).toBe(CSV_COLUMNS.indexOf('status') + 1);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r[col]]));
    const suppressed = report.findings.filter((f) => f.suppressed);
    expect(suppressed.map((f) => f.resourceArn).sort()).toEqual([
      'arn:aws:iam::123456789012:role/test-sandbox',
      'arn:aws:iam::123456789012:root',
      'arn:aws:iam::123456789012:user/alice',
    ]);
    expect(byId.get(suppressed.find((f) => f.resourceArn.endsWith('role/test-sandbox'))!.id)).toBe(
      'entry 0, until 2026-03-31: Sandbox roles are removed by the quarterly cleanup',
    );
    expect(byId.get(suppressed.find((f) => f.resourceArn.endsWith('user/alice'))!.id)).toBe('entry 1: Break-glass admin, reviewed monthly');
    // every finding keeps its row; open ones have an empty cell
    expect(rows.length - 1).toBe(report.findings.length);
    expect(report.findings.filter((f) => !f.suppressed).every((f) => byId.get(f.id) === '')).toBe(true);
  });
});
