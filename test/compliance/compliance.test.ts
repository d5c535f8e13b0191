import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { auditSnapshot } from '../../src/pipeline/audit.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import type { CheckOutcome } from '../../src/checks/run.js';
import { DEFAULT_THRESHOLDS, type Finding } from '../../src/vocabulary.js';
import { buildCompliance } from '../../src/compliance/index.js';
import { FRAMEWORKS } from '../../src/compliance/frameworks.js';
import { parseCatalogue } from '../../src/compliance/catalogue.js';
import { ORG_CHECKS } from '../../src/checks/org/index.js';
import type { AuditReport, ComplianceControlResult, ReportFinding } from '../../src/report/model.js';
import { renderJson } from '../../src/report/json/json.js';
import { daysAgo, NOW, snapshot } from '../fixtures/snapshot-builder.js';

const addFormats = addFormatsModule.default;
const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../report-schema.json', import.meta.url)), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);
const schemaErrors = (r: AuditReport) => {
  const data = JSON.parse(renderJson(r));
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

type FrameworkId = 'cis-7.0' | 'cis-3.0' | 'security-hub';
const control = (r: AuditReport, framework: FrameworkId, id: string): ComplianceControlResult => {
  const c = r.compliance[framework]!.controls.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${framework} ${id}`);
  return c;
};
// The IAM checks only: the snapshot builder models IAM, and checks of other areas (added elsewhere) would be
// NOT_ASSESSED here for want of their data.
const IAM_CHECKS = ALL_CHECKS.filter((c) => c.id.startsWith('iam.'));
const audit = (b: ReturnType<typeof snapshot>, excludeChecks: string[] = []) =>
  auditSnapshot(b.build(), { thresholds: DEFAULT_THRESHOLDS, now: NOW, excludeChecks, checks: IAM_CHECKS });

const catalogue = (id: string) => FRAMEWORKS.find((f) => f.id === id)!;
const ids = (id: string) => catalogue(id).controls.map((c) => c.id);

describe('the compliance catalogues', () => {
  it('ship CIS AWS Foundations v7.0.0 (the default view lists it first), v3.0.0 and Security Hub', () => {
    expect(FRAMEWORKS.map((f) => [f.id, f.version])).toEqual([
      ['cis-7.0', '7.0.0'],
      ['cis-3.0', '3.0.0'],
      ['security-hub', 'IAM.1-IAM.28, Account, KMS, CloudTrail'],
    ]);
  });

  it('CIS v7.0.0: every recommendation of section 2 (2.1.1-2.1.6, 2.2-2.21) and the identity items of sections 4 and 5', () => {
    const v7 = catalogue('cis-7.0');
    const section2 = v7.controls.filter((c) => c.section === 'Identity and Access Management').map((c) => c.id);
    expect(section2).toEqual([...Array.from({ length: 6 }, (_, i) => `2.1.${i + 1}`), ...Array.from({ length: 20 }, (_, i) => `2.${i + 2}`)]);
    expect(ids('cis-7.0').filter((id) => !section2.includes(id))).toEqual(['4.1', '4.2', '5.2', '5.3', '5.4', '5.6', '5.15']);
    for (const c of v7.controls) {
      expect(['Automated', 'Manual']).toContain(c.assessment);
      expect([1, 2]).toContain(c.level);
    }
    expect(v7.controls.find((c) => c.id === '2.6')).toMatchObject({ assessment: 'Manual', level: 2, checks: ['iam.root.hardware-mfa'] });
    expect(v7.controls.find((c) => c.id === '2.15')!.title).toBe('Ensure a support role has been created to manage incidents with AWS Support');
  });

  it('CIS v3.0.0: recommendations 1.1-1.22, and the section 3 ones a check decides', () => {
    const v3 = catalogue('cis-3.0');
    expect(ids('cis-3.0')).toEqual([...Array.from({ length: 22 }, (_, i) => `1.${i + 1}`), '3.1', '3.2']);
    const manual = v3.controls.filter((c) => c.assessment === 'Manual').map((c) => c.id);
    expect(manual).toEqual(['1.1', '1.2', '1.3', '1.6', '1.7', '1.11', '1.18', '1.21', '1.22']);
    expect(v3.controls.filter((c) => c.level === 2).map((c) => c.id)).toEqual(['1.6', '1.18', '1.21', '3.2']);
  });

  it('Security Hub: IAM.1-IAM.28 without the retired IAM.20, then Account.1-2, KMS.1-2, CloudTrail.1-7', () => {
    const iam = Array.from({ length: 28 }, (_, i) => `IAM.${i + 1}`).filter((id) => id !== 'IAM.20');
    const ct = Array.from({ length: 7 }, (_, i) => `CloudTrail.${i + 1}`);
    expect(ids('security-hub')).toEqual([...iam, 'Account.1', 'Account.2', 'KMS.1', 'KMS.2', ...ct]);
    expect(catalogue('security-hub').controls.find((c) => c.id === 'IAM.5')!.title).toBe('MFA should be enabled for all IAM users that have a console password');
  });

  it('name only checks that exist, and each control no check decides says what to look at', () => {
    const known = new Set([...ALL_CHECKS, ...ORG_CHECKS].map((c) => c.id));
    for (const f of FRAMEWORKS) {
      for (const c of f.controls) {
        for (const id of c.checks) expect(known.has(id), `${f.id} ${c.id} -> ${id}`).toBe(true);
        if (c.checks.length === 0) expect(c.review, `${f.id} ${c.id}`).toBeTruthy();
      }
    }
  });

  it('a broken catalogue is refused with the file and the field', () => {
    const base = { id: 'x', name: 'X', version: '1', shortName: 'X', source: 's', scope: 's' };
    const ok = { id: '1', title: 'T', checks: ['a'], coverage: { checked: 'a: holds' } };
    expect(() => parseCatalogue({ ...base, controls: [ok] }, 'x.json')).not.toThrow();
    expect(() => parseCatalogue({ ...base, controls: [{ ...ok, coverage: undefined }] }, 'x.json')).toThrow('x.json: controls.0.coverage: a control with checks needs coverage');
    expect(() => parseCatalogue({ ...base, controls: [{ id: '1', title: 'T', checks: [] }] }, 'x.json')).toThrow('x.json: controls.0.review:');
    expect(() => parseCatalogue({ ...base, controls: [ok, ok] }, 'x.json')).toThrow('x.json: controls: control ids repeat');
    const badThreshold = { ...ok, coverage: { checked: 'c', thresholds: [{ check: 'a', threshold: 'nope', required: 1, stricter: 'lower' }] } };
    expect(() => parseCatalogue({ ...base, controls: [badThreshold] }, 'x.json')).toThrow(/^x\.json: controls\.0\.coverage\.thresholds\.0\.threshold:/);
    const otherCheck = { ...ok, coverage: { checked: 'c', thresholds: [{ check: 'b', threshold: 'rootUsedDays', required: 1, stricter: 'lower' }] } };
    expect(() => parseCatalogue({ ...base, controls: [otherCheck] }, 'x.json')).toThrow('a threshold names a check the control does not list');
    expect(() => parseCatalogue({ ...base, id: 'Bad Id', controls: [ok] }, 'x.json')).toThrow('x.json: id:');
  });
});

const READ_S3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] };
const populated = () =>
  snapshot()
    .supportRole()
    .managedPolicy('ReadReports', READ_S3)
    .group('devs', { managed: ['ReadReports'] })
    .user('alice', { groups: ['devs'], tags: { owner: 'alice' }, credentials: { passwordEnabled: true, passwordLastUsed: daysAgo(1), mfaActive: true, key1: { active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1) } } });

describe('compliance status on a built report', () => {
  it('a clean account: decided controls PASS, the rest MANUAL or NOT_IMPLEMENTED with what to look at', async () => {
    // A member in each population: a console user with MFA, a customer managed policy attached through a group.
    const r = await audit(populated());
    expect(r.findings.filter((f) => f.status === 'FAIL').map((f) => f.checkId)).toEqual([]);
    for (const id of ['1.4', '1.5', '1.8', '1.9', '1.10', '1.13', '1.14', '1.15', '1.16']) {
      expect(control(r, 'cis-3.0', id).status, id).toBe('PASS');
      expect(control(r, 'cis-3.0', id).findings).toEqual([]);
    }
    expect(control(r, 'cis-3.0', '1.5').checks).toEqual(['iam.root.mfa']);
    expect(control(r, 'cis-3.0', '1.12').checks).toEqual(['iam.user.access-key-unused', 'iam.user.password-unused']);
    const manual = control(r, 'cis-3.0', '1.1');
    expect(manual).toMatchObject({ status: 'MANUAL', assessment: 'Manual', checks: [], findings: [] });
    expect(manual.reason).toMatch(/^Manual: On the account page of the console/);
    // Every Automated recommendation of CIS v3 section 1 has a check but 1.18 (EC2 instance roles); a Security Hub
    // control without one says what to look at.
    const automated = control(r, 'security-hub', 'CloudTrail.2');
    expect(automated).toMatchObject({ status: 'NOT_IMPLEMENTED', checks: [] });
    expect(automated.reason).toMatch(/^No check of this tool decides this control\. By hand: Check that every trail encrypts its log files/);
    expect(control(r, 'security-hub', 'IAM.8')).toMatchObject({ status: 'PASS', checks: ['iam.user.access-key-unused', 'iam.user.password-unused'] });
    expect(control(r, 'security-hub', 'IAM.6')).toMatchObject({ status: 'PASS', checks: ['iam.root.hardware-mfa'] });
    expect(control(r, 'security-hub', 'IAM.5').status).toBe('PASS');
    // judged only in part: PARTIAL with what is not checked, never PASS
    expect(control(r, 'cis-3.0', '1.7')).toMatchObject({ status: 'PARTIAL', checks: ['iam.root.recent-use'], findings: [] });
    expect(control(r, 'cis-3.0', '1.7').reason).toMatch(/^Not checked: Manual recommendation/);
    expect(control(r, 'security-hub', 'IAM.7')).toMatchObject({ status: 'PASS', checks: ['iam.password-policy.strong'] });
    expect(control(r, 'security-hub', 'IAM.10').status).toBe('PARTIAL');
    expect(control(r, 'security-hub', 'IAM.10').reason).toMatch(/character/);
    const s = r.compliance['cis-3.0']!.summary;
    expect(s.passed + s.failed + s.partial + s.notAssessed + s.notApplicable + s.manual + s.notImplemented).toBe(24);
    // 1.7 (root use), 1.2 (security contact: whether anyone reads it) and 1.21 (federation: IAM users left elsewhere);
    // 3.1 and 3.2 are NOT_ASSESSED here: their CloudTrail checks are not part of this IAM-only run
    expect(r.compliance['cis-3.0']!.controls.filter((c) => c.status === 'PARTIAL').map((c) => c.id)).toEqual(['1.2', '1.7', '1.21']);
    expect(r.compliance['security-hub']!.controls).toHaveLength(38);
    // v7.0.0: the same checks under the new numbering; resource policies other than role trust are not read
    expect(control(r, 'cis-7.0', '2.4')).toMatchObject({ status: 'PASS', checks: ['iam.root.access-keys'] });
    expect(control(r, 'cis-7.0', '2.1.1')).toMatchObject({ status: 'MANUAL', checks: [] });
    expect(control(r, 'cis-7.0', '2.21')).toMatchObject({ status: 'PARTIAL', checks: ['iam.role.public-trust'] });
    expect(control(r, 'cis-7.0', '2.21').reason).toMatch(/S3 buckets, SQS queues/);
    expect(schemaErrors(r)).toEqual([]);
  });

  it('FAIL names the findings behind it, in both frameworks', async () => {
    const r = await audit(
      snapshot()
        .supportRole()
        .root({ mfaActive: false })
        .user('bob', { credentials: { passwordEnabled: true, passwordLastUsed: daysAgo(1), mfaActive: false } }),
    );
    const rootMfa = r.findings.filter((f) => f.checkId === 'iam.root.mfa').map((f) => f.id);
    const noMfa = r.findings.filter((f) => f.checkId === 'iam.user.console-without-mfa').map((f) => f.id);
    expect(rootMfa).toHaveLength(1);
    expect(noMfa).toHaveLength(1);
    expect(control(r, 'cis-3.0', '1.5')).toMatchObject({ status: 'FAIL', checks: ['iam.root.mfa'], findings: rootMfa });
    expect(control(r, 'security-hub', 'IAM.9')).toMatchObject({ status: 'FAIL', findings: rootMfa });
    expect(control(r, 'cis-3.0', '1.10')).toMatchObject({ status: 'FAIL', findings: noMfa });
    expect(control(r, 'security-hub', 'IAM.5')).toMatchObject({ status: 'FAIL', findings: noMfa });
    // No MFA at all is no hardware MFA either: CIS 1.6 fails too, on an info finding (iam.root.mfa carries the severity).
    const hardware = r.findings.filter((f) => f.checkId === 'iam.root.hardware-mfa');
    expect(hardware.map((f) => f.severity)).toEqual(['info']);
    expect(control(r, 'cis-3.0', '1.6')).toMatchObject({ status: 'FAIL', findings: hardware.map((f) => f.id) });
    expect(r.compliance['cis-3.0']!.summary.failed).toBe(3);
    expect(schemaErrors(r)).toEqual([]);
  });

  it('a gap makes the controls of its checks NOT_ASSESSED, never PASS', async () => {
    const r = await audit(populated().gap('credentialReport'));
    for (const id of ['1.4', '1.5', '1.7', '1.10', '1.12', '1.13', '1.14']) {
      const c = control(r, 'cis-3.0', id);
      expect(c.status, id).toBe('NOT_ASSESSED');
      // 1.4 and 1.5 (root keys, MFA) had a second source to try first (GetAccountSummary): their reason names both.
      expect(c.reason).toMatch(/not assessed \(.*iam:GenerateCredentialReport failed: AccessDenied/);
      const na = r.findings.filter((f) => c.checks.includes(f.checkId) && f.status === 'NOT_ASSESSED').map((f) => f.id);
      expect(c.findings).toEqual(na);
      expect(na.length).toBeGreaterThan(0);
    }
    // checks that do not need the credential report still pass
    expect(control(r, 'cis-3.0', '1.16').status).toBe('PASS');
    expect(control(r, 'cis-3.0', '1.8').status).toBe('PASS');
    expect(schemaErrors(r)).toEqual([]);
  });

  it('an excluded check makes its controls NOT_ASSESSED and says which check was left out', async () => {
    const r = await audit(snapshot(), ['iam.root.mfa']);
    expect(control(r, 'cis-3.0', '1.5')).toMatchObject({ status: 'NOT_ASSESSED', checks: [], excludedChecks: ['iam.root.mfa'] });
    expect(control(r, 'cis-3.0', '1.5').reason).toBe('excluded from this run: iam.root.mfa');
    expect(control(r, 'cis-3.0', '1.4')).not.toHaveProperty('excludedChecks');
    expect(schemaErrors(r)).toEqual([]);
  });
});

describe('compliance status rules', () => {
  const ROOT = 'arn:aws:iam::111122223333:root';
  // A catalogue of its own: 1.12 decided by checks a and b, 1.7 by a and judged only in part.
  const TEST = parseCatalogue(
    {
      id: 'test',
      name: 'Test framework',
      version: '1',
      shortName: 'T',
      source: 'test',
      scope: 'test',
      controls: [
        { id: '1.7', title: 'Part', checks: ['a'], coverage: { checked: 'a: one part', notChecked: 'the other part' } },
        { id: '1.12', title: 'Whole', checks: ['a', 'b'], coverage: { checked: 'a and b: all of it' } },
        { id: '1.13', title: 'Org', checks: ['a', 'org.x'], coverage: { checked: 'a and org.x' } },
        { id: '1.14', title: 'By hand', assessment: 'Manual', checks: [], review: 'look at it' },
      ],
    },
    'test',
  );
  const build = (checks: CheckOutcome[], findings: ReportFinding[]) => buildCompliance({ checks, findings }, [TEST]).test!;
  const outcome = (id: string, status: CheckOutcome['status']): CheckOutcome => ({
    id,
    title: id,
    severity: 'high',
    compliance: { test: ['1.12'] },
    status,
    evaluated: status === 'NOT_ASSESSED' ? 0 : 1,
    failed: status === 'FAIL' ? 1 : 0,
    ...(status === 'NOT_ASSESSED' ? { reason: 'iam:GenerateCredentialReport failed: AccessDenied' } : {}),
  });
  const finding = (checkId: string, status: Finding['status'], id: string, suppressed = false): ReportFinding => ({
    id,
    checkId,
    title: checkId,
    severity: 'high',
    status,
    resourceArn: ROOT,
    message: 'x',
    evidence: {},
    remediation: 'y',
    compliance: { test: ['1.12'] },
    ...(suppressed ? { suppressed: { reason: 'accepted', entry: 0 } } : {}),
  });
  const cis = (checks: CheckOutcome[], findings: ReportFinding[], id = '1.12') => build(checks, findings).controls.find((c) => c.id === id)!;

  it('FAIL wins over NOT_ASSESSED', () => {
    const c = cis(
      [outcome('a', 'FAIL'), outcome('b', 'NOT_ASSESSED')],
      [finding('a', 'FAIL', 'aaaaaaaaaaaaaaaa'), finding('b', 'NOT_ASSESSED', 'bbbbbbbbbbbbbbbb')],
    );
    expect(c).toMatchObject({ status: 'FAIL', checks: ['a', 'b'], findings: ['aaaaaaaaaaaaaaaa'] });
  });

  it('NOT_ASSESSED when nothing failed and a mapped check was not assessed', () => {
    const c = cis([outcome('a', 'PASS'), outcome('b', 'NOT_ASSESSED')], [finding('b', 'NOT_ASSESSED', 'bbbbbbbbbbbbbbbb')]);
    expect(c).toMatchObject({ status: 'NOT_ASSESSED', findings: ['bbbbbbbbbbbbbbbb'] });
    expect(c.reason).toBe('b not assessed (iam:GenerateCredentialReport failed: AccessDenied)');
  });

  it('suppressed FAIL findings do not count: PASS, with the suppressed findings listed', () => {
    const c = cis([outcome('a', 'FAIL'), outcome('b', 'PASS')], [finding('a', 'FAIL', 'aaaaaaaaaaaaaaaa', true)]);
    expect(c).toMatchObject({ status: 'PASS', findings: [], suppressedFindings: ['aaaaaaaaaaaaaaaa'] });
    // one open finding next to a suppressed one still fails
    const d = cis([outcome('a', 'FAIL')], [finding('a', 'FAIL', 'aaaaaaaaaaaaaaaa', true), finding('a', 'FAIL', 'cccccccccccccccc')]);
    expect(d).toMatchObject({ status: 'FAIL', findings: ['cccccccccccccccc'], suppressedFindings: ['aaaaaaaaaaaaaaaa'] });
  });

  it('a suppressed NOT_ASSESSED finding does not make the control pass (missing data never becomes PASS)', () => {
    const c = cis([outcome('b', 'NOT_ASSESSED')], [finding('b', 'NOT_ASSESSED', 'bbbbbbbbbbbbbbbb', true)]);
    expect(c).toMatchObject({ status: 'NOT_ASSESSED', findings: [], suppressedFindings: ['bbbbbbbbbbbbbbbb'] });
  });

  it('a FAIL outcome without findings in the list still fails', () => {
    expect(cis([outcome('a', 'FAIL')], []).status).toBe('FAIL');
  });

  it('NOT_APPLICABLE only when every mapped check judged nothing; FAIL and NOT_ASSESSED still win', () => {
    const na = (id: string) => ({ ...outcome(id, 'NOT_APPLICABLE'), evaluated: 0, reason: 'no IAM users in the inventory' });
    const c = cis([na('a'), na('b')], []);
    expect(c).toMatchObject({ status: 'NOT_APPLICABLE', checks: ['a', 'b'], findings: [] });
    expect(c.reason).toBe('a: no IAM users in the inventory; b: no IAM users in the inventory');
    expect(cis([na('a'), outcome('b', 'PASS')], []).status).toBe('PASS');
    expect(cis([na('a'), outcome('b', 'NOT_ASSESSED')], []).status).toBe('NOT_ASSESSED');
    expect(cis([na('a'), outcome('b', 'FAIL')], [finding('b', 'FAIL', 'bbbbbbbbbbbbbbbb')]).status).toBe('FAIL');
    // a control judged only in part (1.7) is NOT_APPLICABLE too when its checks had nothing to judge
    const fw = build([na('a'), na('b')], []);
    expect(fw.controls.find((x) => x.id === '1.7')!.status).toBe('NOT_APPLICABLE');
    expect(fw.summary).toMatchObject({ notApplicable: 2, partial: 0, passed: 0, notAssessed: 1, manual: 1 });
  });

  it('PARTIAL and NOT_APPLICABLE rows and the new summary counts fit report-schema.json', async () => {
    const r = await audit(snapshot());
    const na = { ...outcome('iam.user.password-unused', 'NOT_APPLICABLE'), evaluated: 0, reason: 'no IAM users' };
    r.compliance = buildCompliance({ checks: [na, outcome('iam.root.recent-use', 'PASS'), outcome('iam.user.access-key-unused', 'NOT_APPLICABLE')], findings: [] });
    const v3 = r.compliance['cis-3.0']!;
    expect(v3.controls.filter((c) => c.status === 'NOT_APPLICABLE' || c.status === 'PARTIAL').map((c) => c.id)).toEqual(['1.7', '1.12']);
    expect(schemaErrors(r)).toEqual([]);
    // PARTIAL needs its reason
    delete v3.controls.find((c) => c.id === '1.7')!.reason;
    expect(schemaErrors(r)).toContain("/compliance/cis-3.0/controls/6 must have required property 'reason'");
  });

  it('a deciding check that is not part of the run (an organization check in an account audit) leaves the control NOT_ASSESSED', () => {
    const c = cis([outcome('a', 'PASS')], [], '1.13');
    expect(c).toMatchObject({ status: 'NOT_ASSESSED', checks: ['a'] });
    expect(c.reason).toBe('not part of this run: org.x');
    expect(cis([outcome('a', 'PASS'), outcome('org.x', 'PASS')], [], '1.13').status).toBe('PASS');
    // a FAIL still shows
    expect(cis([outcome('a', 'FAIL')], [finding('a', 'FAIL', 'aaaaaaaaaaaaaaaa')], '1.13').status).toBe('FAIL');
  });

  it('a control no check decides is MANUAL with what to look at (never PASS), whatever the checks did', () => {
    expect(cis([outcome('a', 'PASS'), outcome('b', 'PASS')], [], '1.14')).toMatchObject({ status: 'MANUAL', reason: 'Manual: look at it', checks: [] });
  });

  it('--framework: only the chosen frameworks are evaluated, in catalogue order', () => {
    const section = buildCompliance({ checks: [], findings: [], frameworkIds: ['security-hub', 'cis-7.0'] });
    expect(Object.keys(section)).toEqual(['cis-7.0', 'security-hub']);
    expect(Object.keys(buildCompliance({ checks: [], findings: [] }))).toEqual(['cis-7.0', 'cis-3.0', 'security-hub']);
  });
});
