import { describe, expect, it } from 'vitest';
import { ASFF_LIMITS, capText, productArn, renderAsff, renderAsffChunks } from '../../../src/report/asff/asff.js';
import { hostileReport } from '../../fixtures/hostile-report.js';
import { suppressedReport } from '../../fixtures/report.js';
import { asffRequestValidator } from '../../fixtures/schemas/validators.js';

const validate = asffRequestValidator();
const parse = (text: string): any[] => JSON.parse(text);
/** What the README's jq command sends: batches of 100 findings. */
const batches = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / 100) }, (_, i) => list.slice(i * 100, i * 100 + 100));

describe('ASFF (BatchImportFindings)', () => {
  it('every batch of the file is a valid BatchImportFindings request, FAIL, NOT_ASSESSED, suppressed and hostile', () => {
    for (const report of [suppressedReport(), hostileReport()]) {
      const findings = parse(renderAsff(report));
      expect(findings).toHaveLength(report.findings.length);
      for (const batch of batches(findings)) {
        const ok = validate({ Findings: batch });
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
      }
    }
  });

  it('the schema rejects a broken request: a finding without Title, a bad label, 101 findings', () => {
    const findings = parse(renderAsff(suppressedReport()));
    const { Title: _title, ...noTitle } = findings[0];
    expect(validate({ Findings: [noTitle] })).toBe(false);
    expect(validate({ Findings: [{ ...findings[0], Severity: { Label: 'SEVERE' } }] })).toBe(false);
    expect(validate({ Findings: Array.from({ length: 101 }, () => findings[0]) })).toBe(false);
  });

  it('product ARN of the account custom integration, account, ids, severity, compliance and workflow', () => {
    const report = suppressedReport();
    const findings = parse(renderAsff(report));
    expect(productArn(report)).toBe('arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default');
    expect(productArn({ ...report, account: { ...report.account, partition: 'aws-us-gov' } })).toBe('arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default');
    expect(productArn(report, { region: 'eu-west-1' })).toContain(':securityhub:eu-west-1:');
    const label = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' };
    for (const [i, f] of report.findings.entries()) {
      const a = findings[i];
      expect(a).toMatchObject({ SchemaVersion: '2018-10-08', AwsAccountId: '123456789012', ProductArn: productArn(report), RecordState: 'ACTIVE' });
      expect(a.Id).toBe(`hardening-audit/123456789012/${f.id}`);
      expect(a.Severity.Label).toBe(label[f.severity]);
      expect(a.Resources[0].Id).toBe(f.resourceArn);
      expect(a.Compliance.Status).toBe(f.status === 'FAIL' ? 'FAILED' : 'NOT_AVAILABLE');
      expect(a.Workflow.Status).toBe(f.suppressed ? 'SUPPRESSED' : 'NEW');
    }
    expect(findings.find((a) => a.GeneratorId === 'hardening-audit/iam.user.console-without-mfa').Compliance.RelatedRequirements).toEqual(['cis-7.0 2.10', 'cis-3.0 1.10', 'security-hub IAM.5', 'security-hub IAM.19']);
    expect(findings.find((a) => a.Resources[0].Id.endsWith(':root')).Resources[0].Type).toBe('AwsAccount');
  });

  it('the same ids in two renders (re-importing updates the same findings)', () => {
    expect(parse(renderAsff(suppressedReport())).map((a) => a.Id)).toEqual(parse(renderAsff(suppressedReport())).map((a) => a.Id));
  });

  it('cuts Title, Description and the recommendation to the ASFF limits, and the result is still valid', () => {
    const report = suppressedReport();
    const first = report.findings[0]!;
    const long = { ...first, title: 'T'.repeat(300), message: `${'m'.repeat(1022)}😀😀`, remediation: 'r'.repeat(5000) };
    const [a] = parse(renderAsff({ ...report, findings: [long] }));
    expect(a.Title).toHaveLength(ASFF_LIMITS.title);
    expect(a.Description.length).toBeLessThanOrEqual(ASFF_LIMITS.description);
    expect(a.Description).toMatch(/truncated: see the JSON report\)$/);
    expect(a.Remediation.Recommendation.Text.length).toBeLessThanOrEqual(ASFF_LIMITS.recommendation);
    expect(validate({ Findings: [a] })).toBe(true);
    expect(capText('😀'.repeat(10), 19)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(capText('short', 10)).toBe('short');
  });

  it('pieces make the same bytes', () => {
    const report = suppressedReport();
    expect([...renderAsffChunks(report)].join('')).toBe(renderAsff(report));
    expect(renderAsff({ ...report, findings: [] })).toBe('[]\n');
  });
});
