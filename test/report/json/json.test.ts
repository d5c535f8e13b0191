import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, SEVERITIES } from '../../../src/vocabulary.js';
import { buildCompliance } from '../../../src/compliance/index.js';
import { FRAMEWORK_IDS } from '../../../src/compliance/frameworks.js';
import { renderJson } from '../../../src/report/json/json.js';
import type { AuditReport } from '../../../src/report/model.js';
import { SNAPSHOT_PARTS } from '../../../src/snapshot/snapshot.js';
import { hostileReport } from '../../fixtures/hostile-report.js';
import { sampleReport, suppressedReport } from '../../fixtures/report.js';

// ajv-formats is CommonJS (module.exports = plugin, plus exports.default = plugin): under NodeNext the default import is
// module.exports, so the typed plugin is its .default, which exists at runtime too.
const addFormats = addFormatsModule.default;

const schemaPath = fileURLToPath(new URL('../../../report-schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const errorsOf = (value: unknown) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
/** Round-trips through renderJson, then lets the test break one thing. */
function mutated(change: (r: any) => void): unknown {
  const r = JSON.parse(renderJson(suppressedReport()));
  change(r);
  return r;
}

describe('renderJson', () => {
  it('is 2-space indented JSON with a trailing newline that parses back to the report', () => {
    const report = sampleReport();
    const text = renderJson(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text.split('\n')[1]).toBe('  "reportVersion": 1,');
    expect(JSON.parse(text)).toEqual(report);
    expect(renderJson(sampleReport())).toBe(text); // same report, same bytes
  });

  it('output validates against report-schema.json', () => {
    expect(errorsOf(JSON.parse(renderJson(sampleReport())))).toEqual([]);
    expect(errorsOf(JSON.parse(renderJson(hostileReportWithValidIds())))).toEqual([]);
    expect(errorsOf(JSON.parse(renderJson(suppressedReport())))).toEqual([]);
  });

  it('a report without the optional fields validates too', () => {
    const r = sampleReport();
    delete r.credentialReportGeneratedAt;
    delete r.account.callerArn;
    r.findings = [];
    r.checks = [];
    r.gaps = [];
    expect(errorsOf(JSON.parse(renderJson(r)))).toEqual([]);
  });
});

/** The hostile report deliberately has a check id the schema rejects; with a sane one it must be valid. */
function hostileReportWithValidIds(): AuditReport {
  const r = hostileReport();
  for (const x of [...r.checks, ...r.findings]) {
    const id = 'checkId' in x ? x.checkId : x.id;
    if (id.startsWith('iam.tags"')) {
      if ('checkId' in x) x.checkId = 'iam.tags.hostile';
      else x.id = 'iam.tags.hostile';
    }
  }
  r.compliance = buildCompliance({ checks: r.checks, findings: r.findings });
  return r;
}

describe('report-schema.json', () => {
  it('rejects invalid reports', () => {
    const cases: Array<[string, (r: any) => void, RegExp]> = [
      ['missing field', (r) => delete r.summary, /must have required property 'summary'/],
      ['unknown severity', (r) => (r.findings[0].severity = 'severe'), /findings\/0\/severity must be equal to one of the allowed values/],
      ['unknown status', (r) => (r.checks[0].status = 'WARN'), /checks\/0\/status must be equal to one of the allowed values/],
      ['PASS finding', (r) => (r.findings[0].status = 'PASS'), /findings\/0\/status/],
      ['extra property', (r) => (r.findings[0].waived = true), /must NOT have additional properties/],
      ['suppressed not an object', (r) => (r.findings[0].suppressed = true), /findings\/0\/suppressed must be object/],
      ['suppressed without reason', (r) => delete r.findings.find((f: any) => f.suppressed).suppressed.reason, /must have required property 'reason'/],
      ['suppression expiry not a date', (r) => (r.findings.find((f: any) => f.suppressed?.expires).suppressed.expires = 'next March'), /must match format "date"/],
      ['missing suppressed count', (r) => delete r.summary.suppressed, /must have required property 'suppressed'/],
      ['missing compliance', (r) => delete r.compliance, /must have required property 'compliance'/],
      ['unknown control status', (r) => (r.compliance['cis-3.0'].controls[0].status = 'WAIVED'), /compliance\/cis-3.0\/controls\/0\/status must be equal to one of the allowed values/],
      ['NOT_IMPLEMENTED control with checks', (r) => (r.compliance['security-hub'].controls.find((c: any) => c.status === 'NOT_IMPLEMENTED').checks = ['iam.root.mfa']), /checks must NOT have more than 0 items/],
      ['PASS control with findings', (r) => (r.compliance['cis-3.0'].controls.find((c: any) => c.status === 'PASS').findings = ['0123456789abcdef']), /findings must NOT have more than 0 items/],
      ['control finding id not a hash', (r) => (r.compliance['cis-3.0'].controls.find((c: any) => c.status === 'FAIL').findings[0] = 'x'), /findings\/0 must match pattern/],
      ['unknown framework', (r) => (r.compliance.nist = r.compliance['cis-3.0']), /compliance property name must be valid/],
      ['expired entry without findings', (r) => delete r.suppressions.expired[0].findings, /must have required property 'findings'/],
      ['unmatched entry with an extra field', (r) => (r.suppressions.unmatched[0].owner = 'me'), /must NOT have unevaluated properties/],
      ['unmatched entry without reason', (r) => delete r.suppressions.unmatched[0].reason, /must have required property 'reason'/],
      ['extra top-level property', (r) => (r.extra = 1), /must NOT have additional properties/],
      ['bad account id', (r) => (r.account.id = '1234'), /account\/id must match pattern/],
      ['not a date-time', (r) => (r.collectedAt = '24/11/2025'), /collectedAt must match format "date-time"/],
      ['wrong report version', (r) => (r.reportVersion = 2), /reportVersion must be equal to constant/],
      ['negative count', (r) => (r.summary.bySeverity.high = -1), /bySeverity\/high must be >= 0/],
      ['missing severity count', (r) => delete r.summary.bySeverity.info, /must have required property 'info'/],
      ['evidence not an object', (r) => (r.findings[0].evidence = 'x'), /evidence must be object/],
      ['bad finding id', (r) => (r.findings[0].id = 'not-a-hash'), /findings\/0\/id must match pattern/],
      ['resource not an ARN', (r) => (r.findings[0].resourceArn = 'alice'), /resourceArn must match pattern/],
      ['unknown gap part', (r) => (r.gaps[0].part = 'sso'), /gaps\/0\/part must be equal to one of the allowed values/],
      ['PASS check with failures', (r) => (r.checks.find((c: any) => c.status === 'PASS').failed = 2), /failed must be equal to constant/],
      ['FAIL check without failures', (r) => (r.checks.find((c: any) => c.status === 'FAIL').failed = 0), /failed must be >= 1/],
      ['NOT_ASSESSED without reason', (r) => delete r.checks.find((c: any) => c.status === 'NOT_ASSESSED').reason, /must have required property 'reason'/],
      ['unknown compliance framework', (r) => (r.findings[0].compliance.nist = ['AC-2']), /compliance property name must be valid/],
      ['threshold not an integer', (r) => (r.thresholds.accessKeyMaxAgeDays = '90'), /accessKeyMaxAgeDays must be integer/],
    ];
    for (const [name, change, expected] of cases) {
      const errors = errorsOf(mutated(change));
      expect(errors.join('\n'), name).toMatch(expected);
    }
  });

  it('enums follow the TypeScript model (SEVERITIES, SNAPSHOT_PARTS, Thresholds, the shipped frameworks)', () => {
    expect(schema.$defs.severity.enum).toEqual([...SEVERITIES]);
    expect(schema.$defs.frameworkId.enum).toEqual([...FRAMEWORK_IDS]);
    expect(schema.$defs.gap.properties.part.enum).toEqual([...SNAPSHOT_PARTS]);
    expect(Object.keys(schema.properties.summary.properties.bySeverity.properties)).toEqual([...SEVERITIES]);
    expect(Object.keys(schema.properties.thresholds.properties).sort()).toEqual(Object.keys(DEFAULT_THRESHOLDS).sort());
    expect(schema.properties.thresholds.required.slice().sort()).toEqual(Object.keys(DEFAULT_THRESHOLDS).sort());
  });

  it('describes every top-level field of the sample report and requires the non-optional ones', () => {
    const report = suppressedReport();
    // The sample has no AI agents, no previous report and no history: those sections are checked on real audits
    // (agents-section.test.ts, integration/previous.test.ts); nor an IAM Access Analyzer section (access-analyzer.test.ts).
    expect(Object.keys(schema.properties).sort()).toEqual([...Object.keys(report), 'agents', 'diff', 'trend', 'accessAnalyzer'].sort());
    const optional = ['credentialReportGeneratedAt', 'suppressions', 'agents', 'diff', 'trend', 'accessAnalyzer'];
    expect(schema.required.slice().sort()).toEqual(Object.keys(report).filter((k) => !optional.includes(k)).sort());
  });
});
