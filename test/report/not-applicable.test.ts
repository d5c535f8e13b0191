// NOT_APPLICABLE (the population a check judges is empty in this account) is a status of its own in every output:
// never shown as Pass, never counted as failed or incomplete. Outcomes are built directly (the check runner that emits
// the status is another branch's work).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, summarize } from '../../src/pipeline/audit.js';
import { incompleteLine, summaryText } from '../../src/entry/cli/summary.js';
import { buildEmailView, renderEmailContent } from '../../src/deliver/email-body.js';
import { CSV_COLUMNS, renderCsv } from '../../src/report/csv/csv.js';
import { diffReports } from '../../src/report/diff.js';
import { renderHtml } from '../../src/report/html/html.js';
import { renderJson } from '../../src/report/json/json.js';
import type { AuditReport } from '../../src/report/model.js';
import { runSummary } from '../../src/report/trend.js';
import { C, CREDENTIAL_REPORT_GAP, sampleReport } from '../fixtures/report.js';
import { fail } from '../fixtures/report-builders.js';
import { NO_AGENTS_REASON, notApplicableReport } from '../fixtures/not-applicable.js';

const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(fileURLToPath(new URL('../../report-schema.json', import.meta.url)), 'utf8')));
const errorsOf = (value: unknown) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const AGENT_CHECK = C.agentEscalation.id;

/** The <tr> of one check in the HTML check table. */
function checkRow(html: string, id: string): string {
  const start = html.indexOf(`<tr id="check-${id}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</tr>', start));
}

describe('summary counts', () => {
  it('counts NOT_APPLICABLE checks apart: not passed, not failed, not assessed', () => {
    const r = notApplicableReport();
    expect(summarize(r.checks, r.findings).checks).toEqual({ total: 3, passed: 1, failed: 1, notAssessed: 0, notApplicable: 1 });
  });

  it('a NOT_APPLICABLE check changes neither the exit code nor the trend completeness', () => {
    const r = notApplicableReport();
    r.summary = summarize(r.checks, r.findings);
    expect(exitCodeFor(r, 'none')).toBe(0);
    expect(exitCodeFor(r, 'medium')).toBe(0); // the one finding is low
    expect(exitCodeFor(r, 'low')).toBe(1);
    expect(runSummary(r).incomplete).toBe(false);
  });
});

describe('report-schema.json', () => {
  it('accepts a report with a NOT_APPLICABLE outcome', () => {
    expect(errorsOf(JSON.parse(renderJson(notApplicableReport())))).toEqual([]);
  });

  it('rejects a NOT_APPLICABLE outcome that evaluated something, failed, or gives no reason; and a summary without the count', () => {
    const cases: Array<[string, (r: any) => void, RegExp]> = [
      ['evaluated', (r) => (r.checks[1].evaluated = 2), /checks\/1\/evaluated must be equal to constant/],
      ['failed', (r) => (r.checks[1].failed = 1), /checks\/1\/failed must be equal to constant/],
      ['no reason', (r) => delete r.checks[1].reason, /checks\/1 must have required property 'reason'/],
      ['no count', (r) => delete r.summary.checks.notApplicable, /summary\/checks must have required property 'notApplicable'/],
    ];
    for (const [name, change, expected] of cases) {
      const r = JSON.parse(renderJson(notApplicableReport()));
      expect(r.checks[1].status, name).toBe('NOT_APPLICABLE');
      change(r);
      expect(errorsOf(r).join('\n'), name).toMatch(expected);
    }
  });
});

describe('HTML', () => {
  it('shows the check as "Not applicable" with its reason, never as Pass, and counts it in a tile of its own', () => {
    const html = renderHtml(notApplicableReport());
    const row = checkRow(html, AGENT_CHECK);
    expect(row).toContain('class="row-notapp"');
    expect(row).toContain('<span class="status status-notapp">Not applicable</span>');
    expect(row).toContain(NO_AGENTS_REASON);
    expect(row).not.toMatch(/Pass|status-pass|status-na"/);
    expect(html).toMatch(/<li class="tile tile-notapp"><span class="tile-count">1<\/span><span class="tile-label">Not applicable<\/span><\/li>/);
    expect(html).toContain('3 checks: <strong>1</strong> passed, <strong>1</strong> failed, <strong>0</strong> not assessed, <strong>1</strong> not applicable.');
    // a complete audit stays complete
    expect(html).not.toContain('Audit incomplete');
    expect(html).not.toContain('The audit is incomplete');
  });

  it('renders PARTIAL and NOT_APPLICABLE controls with labels of their own and counts them in the framework line', () => {
    const r = notApplicableReport();
    const fw = r.compliance['security-hub'] as any;
    fw.controls = [
      { id: 'IAM.7', title: 'Password policies have strong configurations', status: 'PARTIAL', reason: 'symbols and expiry are not checked', checks: [], findings: [], suppressedFindings: [] },
      { id: 'IAM.9', title: 'MFA for the root user', status: 'NOT_APPLICABLE', reason: 'nothing to judge', checks: [AGENT_CHECK], findings: [], suppressedFindings: [] },
    ];
    fw.summary = { passed: 0, failed: 0, partial: 1, notAssessed: 0, notApplicable: 1, manual: 0, notImplemented: 0 };
    const html = renderHtml(r);
    const control = (id: string) => {
      const start = html.indexOf(`id="control-security-hub-${id}"`);
      expect(start).toBeGreaterThan(-1);
      return html.slice(start, html.indexOf('</tr>', start));
    };
    expect(control('IAM.7')).toContain('<span class="badge cstatus-partial">Partial</span>');
    expect(control('IAM.9')).toContain('<span class="badge cstatus-notapp">Not applicable</span>');
    // the mapped check's own status next to the control
    expect(control('IAM.9')).toContain('<span class="status status-notapp">Not applicable</span>');
    expect(html).toContain('2 controls: 0 passed, 0 failed, 1 partial, 0 not assessed, 1 not applicable, 0 manual, 0 not implemented by this tool.');
  });
});

describe('HTML gaps', () => {
  const gapsSection = (html: string) => html.slice(html.indexOf('<section id="gaps"'), html.indexOf('</section>', html.indexOf('<section id="gaps"')));

  it('names what to do for each gap from its cause, not one generic hint', () => {
    expect(gapsSection(renderHtml(sampleReport()))).toContain('<td>Allow iam:GenerateCredentialReport: Grant the auditor the read permissions');
    const offline: AuditReport = {
      ...sampleReport(),
      gaps: [{ part: 'credentialReport', api: 'iam:GetCredentialReport', error: 'NotProvided', message: 'no --credential-report given' }],
    };
    const section = gapsSection(renderHtml(offline));
    expect(section).toContain('pass the credential report CSV with --credential-report');
    expect(section).not.toContain('auditor-policy.json');
  });
});

describe('CSV', () => {
  it('lists findings only: a NOT_APPLICABLE check has no row, so nothing in the sheet can read as its pass', () => {
    const rows = parse(renderCsv(notApplicableReport()), { bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const checkIds = rows.slice(1).map((row) => row[CSV_COLUMNS.indexOf('checkId')]);
    expect(checkIds).toEqual([C.unusedRoles.id]);
    expect(rows.flat()).not.toContain('PASS');
    expect(rows.flat()).not.toContain('NOT_APPLICABLE');
  });
});

describe('email body', () => {
  it('says which checks had nothing to judge, in the HTML and the text part, and does not call the audit incomplete', () => {
    const report = notApplicableReport();
    const diff = diffReports(null, report);
    const { html, text, subject } = renderEmailContent({ report, diff });
    const line = `Not applicable: 1 check had nothing to judge in this account (${AGENT_CHECK}); not counted as passed.`;
    expect(buildEmailView({ report, diff }).notApplicable).toBe(line);
    expect(text).toContain(line);
    expect(html).toContain(line);
    expect(subject).not.toContain('incomplete');
    expect(text).not.toMatch(/incomplete/i);
  });

  it('has no such line when every check had something to judge', () => {
    const report = sampleReport();
    expect(buildEmailView({ report, diff: diffReports(null, report) }).notApplicable).toBeNull();
  });
});

describe('CLI summary', () => {
  it('says "N not applicable" next to the other counts and does not count them as passed', () => {
    const report = notApplicableReport();
    const first = summaryText(report, []).split('\n')[0];
    expect(first).toBe('Account 123456789012 (live): 3 checks, 1 passed, 1 failed, 0 not assessed, 1 not applicable');
    expect(summaryText(report, [])).not.toContain('Incomplete');
  });

  it('names the cause of each gap with its own advice', () => {
    expect(incompleteLine(sampleReport())).toBe(
      'Incomplete: iam:GenerateCredentialReport AccessDenied — Allow iam:GenerateCredentialReport: Grant the auditor the read permissions in policies/auditor-policy.json and run the audit again.',
    );
    const offline: AuditReport = {
      ...sampleReport(),
      gaps: [{ part: 'credentialReport', api: 'iam:GetCredentialReport', error: 'NotProvided', message: 'no --credential-report given' }],
    };
    const line = incompleteLine(offline) ?? '';
    expect(line).toContain('pass the credential report CSV with --credential-report <file>');
    expect(line).not.toContain('auditor-policy.json');
  });

  it('counts entity gaps per cause, and says so when findings are not assessed without any gap', () => {
    const gap = (name: string) => ({ ...CREDENTIAL_REPORT_GAP, part: 'roles' as const, api: 'iam:GetRole', error: 'MissingField', message: 'no trust policy', resource: `arn:aws:iam::123456789012:role/${name}` });
    expect(incompleteLine({ ...sampleReport(), gaps: [gap('a'), gap('b')] })).toBe(
      'Incomplete: iam:GetRole MissingField (2 entities) — The data for this entity could not be read in full; see the message.',
    );
    const r = notApplicableReport();
    r.summary.notAssessed = 2;
    expect(incompleteLine(r)).toMatch(/^Incomplete: 2 findings could not be assessed/);
  });
});

describe('diff', () => {
  const before = fail(C.agentEscalation, { resourceArn: 'arn:aws:iam::123456789012:role/agent-runner', message: 'can escalate', evidence: {} });
  const previous = { generatedAt: '2025-11-23T09:00:00.000Z', account: { id: '123456789012' }, checks: [{ id: AGENT_CHECK, status: 'FAIL' }], findings: [before] };

  it('a finding whose check is NOT_APPLICABLE now is not resolved while its resource may exist (e.g. the agent tag was removed)', () => {
    const current = notApplicableReport();
    for (const d of [diffReports(previous, current), diffReports(previous, current, { resourceExists: () => true })]) {
      expect(d.resolved).toEqual([]);
      expect(d.unverified.map((f) => f.id)).toEqual([before.id]);
    }
  });

  it('is resolved when its resource is gone from the account audited now', () => {
    const d = diffReports(previous, notApplicableReport(), { resourceExists: (arn) => arn !== before.resourceArn });
    expect(d.resolved.map((f) => f.id)).toEqual([before.id]);
    expect(d.unverified).toEqual([]);
  });

  it('a check that ran (PASS) still resolves as before, whatever resourceExists says', () => {
    const current = notApplicableReport();
    current.checks[1] = { ...current.checks[1], status: 'PASS', evaluated: 2 };
    delete current.checks[1].reason;
    expect(diffReports(previous, current, { resourceExists: () => true }).resolved.map((f) => f.id)).toEqual([before.id]);
  });
});
