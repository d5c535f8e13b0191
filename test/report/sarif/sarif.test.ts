import { describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, renderSarif, renderSarifChunks } from '../../../src/report/sarif/sarif.js';
import { ALL_CHECKS } from '../../../src/checks/index.js';
import { ACCOUNT_RENDERERS } from '../../../src/pipeline/renderers.js';
import { hostileReport } from '../../fixtures/hostile-report.js';
import { C, suppressedReport } from '../../fixtures/report.js';
import { sarifValidator } from '../../fixtures/schemas/validators.js';

const validate = sarifValidator();
const parse = (text: string): any => JSON.parse(text);

describe('SARIF 2.1.0', () => {
  it('is valid against the OASIS schema, for the sample (FAIL, NOT_ASSESSED, suppressed) and the hostile report', () => {
    for (const report of [suppressedReport(), hostileReport()]) {
      const ok = validate(parse(renderSarif(report)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the schema rejects a broken log (a result without its message)', () => {
    const log = parse(renderSarif(suppressedReport()));
    delete log.runs[0].results[0].message;
    expect(validate(log)).toBe(false);
  });

  it('one rule per check with its title, help and compliance tags; one result per finding', () => {
    const report = suppressedReport();
    const run = parse(renderSarif(report)).runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(report.checks.map((c) => c.id));
    const consoleMfa = run.tool.driver.rules.find((r: { id: string }) => r.id === 'iam.user.console-without-mfa');
    expect(consoleMfa.shortDescription.text).toBe('Console users have MFA');
    expect(consoleMfa.properties.tags).toEqual(expect.arrayContaining(['cis-7.0:2.10', 'cis-3.0:1.10', 'security-hub:IAM.5', 'security-hub:IAM.19']));
    expect(consoleMfa.properties.severity).toBe('high');
    expect(run.results).toHaveLength(report.findings.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('a rule has at most 20 tags (GitHub code scanning rejects more), security first', () => {
    const report = suppressedReport();
    const many = { securityHub: Array.from({ length: 30 }, (_, i) => `IAM.${i}`) };
    const changed = { ...report, checks: report.checks.map((c, i) => (i === 0 ? { ...c, compliance: many } : c)) };
    const tags = parse(renderSarif(changed)).runs[0].tool.driver.rules[0].properties.tags;
    expect(tags).toHaveLength(20);
    expect(tags.slice(0, 2)).toEqual(['security', 'securityHub:IAM.0']);
  });

  it('rule help is the check remediation from the catalogue when the check is known', () => {
    const run = parse(ACCOUNT_RENDERERS.sarif.render(suppressedReport(), {})).runs[0];
    const rootKeys = run.tool.driver.rules.find((r: { id: string }) => r.id === 'iam.root.access-keys');
    expect(rootKeys.help.text).toBe(ALL_CHECKS.find((c) => c.id === 'iam.root.access-keys')?.remediation);
    expect(rootKeys.help.text).not.toBe(C.rootKeys.remediation);
    const unknown = run.tool.driver.rules.find((r: { id: string }) => r.id === 'iam.group.empty');
    expect(unknown.help.text).toBe('Delete groups without members.');
  });

  it('levels follow the severity; NOT_ASSESSED is kind review (never a pass); suppressed results carry the reason', () => {
    const report = suppressedReport();
    const results = parse(renderSarif(report)).runs[0].results;
    const byId = new Map(results.map((r: { partialFingerprints: Record<string, string> }) => [r.partialFingerprints[FINGERPRINT_KEY], r]));
    for (const f of report.findings) {
      const r = byId.get(f.id) as any;
      expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toBe(f.resourceArn);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe(`aws-account/${report.account.id}`);
      if (f.status === 'NOT_ASSESSED') expect([r.kind, r.level]).toEqual(['review', 'none']);
      else expect([r.kind, r.level]).toEqual(['fail', { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' }[f.severity]]);
      if (f.suppressed) expect(r.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: f.suppressed.reason }]);
      else expect(r.suppressions).toBeUndefined();
    }
    expect(report.findings.some((f) => f.status === 'NOT_ASSESSED')).toBe(true);
    expect(report.findings.some((f) => f.suppressed)).toBe(true);
  });

  it('fingerprints are the finding ids, the same in two renders and unique per result', () => {
    const a = parse(renderSarif(suppressedReport())).runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints[FINGERPRINT_KEY]);
    const b = parse(renderSarif(suppressedReport())).runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(a).toEqual(b);
    expect(a).toEqual(suppressedReport().findings.map((f) => f.id));
    expect(new Set(a).size).toBe(a.length);
  });

  it('pieces make the same bytes, one piece per result', () => {
    for (const report of [suppressedReport(), { ...suppressedReport(), findings: [] }]) {
      const pieces = [...renderSarifChunks(report)];
      expect(pieces.join('')).toBe(renderSarif(report));
      expect(pieces).toHaveLength(report.findings.length + 2);
      expect(validate(parse(pieces.join('')))).toBe(true);
    }
  });
});

describe('SARIF for a finding whose check the report does not list', () => {
  it('gets a rule of its own, once', () => {
    const report = suppressedReport();
    const orphan = { ...report.findings[0]!, id: 'f00d', checkId: 'org.scp.example', title: 'An org check' };
    const run = parse(renderSarif({ ...report, findings: [orphan, { ...orphan, id: 'f00e' }] })).runs[0];
    expect(run.tool.driver.rules.filter((r: { id: string }) => r.id === 'org.scp.example')).toHaveLength(1);
    expect(run.results.map((r: { ruleIndex: number }) => run.tool.driver.rules[r.ruleIndex].id)).toEqual(['org.scp.example', 'org.scp.example']);
    expect(validate(parse(renderSarif({ ...report, findings: [orphan] })))).toBe(true);
  });
});
