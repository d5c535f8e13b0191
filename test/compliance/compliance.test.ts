import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { auditSnapshot } from '../../src/pipeline/audit.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import type { CheckOutcome } from '../../src/checks/run.js';
import { DEFAULT_THRESHOLDS, type Finding } from '../../src/vocabulary.js';
import { buildCompliance, CIS_AWS_FOUNDATIONS_V3, SECURITY_HUB_IAM } from '../../src/compliance/index.js';
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

const control = (r: AuditReport, framework: 'cis' | 'securityHub', id: string): ComplianceControlResult => {
  const c = r.compliance[framework].controls.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${framework} ${id}`);
  return c;
};
// The IAM checks only: the snapshot builder models IAM, and checks of other areas (added elsewhere) would be
// NOT_ASSESSED here for want of their data.
const IAM_CHECKS = ALL_CHECKS.filter((c) => c.id.startsWith('iam.'));
const audit = (b: ReturnType<typeof snapshot>, excludeChecks: string[] = []) =>
  auditSnapshot(b.build(), { thresholds: DEFAULT_THRESHOLDS, now: NOW, excludeChecks, checks: IAM_CHECKS });

describe('the compliance catalogues', () => {
  it('list CIS AWS Foundations v3.0.0 section 1: recommendations 1.1-1.22 with titles, assessment status and level', () => {
    expect(CIS_AWS_FOUNDATIONS_V3.version).toBe('3.0.0');
    expect(CIS_AWS_FOUNDATIONS_V3.controls.map((c) => c.id)).toEqual(Array.from({ length: 22 }, (_, i) => `1.${i + 1}`));
    expect(CIS_AWS_FOUNDATIONS_V3.controls[0]!.title).toBe('Maintain current contact details');
    expect(CIS_AWS_FOUNDATIONS_V3.controls[21]!.title).toBe('Ensure access to AWSCloudShellFullAccess is restricted');
    for (const c of CIS_AWS_FOUNDATIONS_V3.controls) {
      expect(c.title.length).toBeGreaterThan(10);
      expect(['Automated', 'Manual']).toContain(c.assessment);
      expect([1, 2]).toContain(c.level);
    }
    const manual = CIS_AWS_FOUNDATIONS_V3.controls.filter((c) => c.assessment === 'Manual').map((c) => c.id);
    expect(manual).toEqual(['1.1', '1.2', '1.3', '1.6', '1.7', '1.11', '1.18', '1.21', '1.22']);
    expect(CIS_AWS_FOUNDATIONS_V3.controls.filter((c) => c.level === 2).map((c) => c.id)).toEqual(['1.6', '1.18', '1.21']);
  });

  it('list the Security Hub IAM controls IAM.1-IAM.28 with their titles', () => {
    expect(SECURITY_HUB_IAM.controls.map((c) => c.id)).toEqual(Array.from({ length: 28 }, (_, i) => `IAM.${i + 1}`));
    expect(SECURITY_HUB_IAM.controls.find((c) => c.id === 'IAM.5')!.title).toBe(
      'MFA should be enabled for all IAM users that have a console password',
    );
    for (const c of SECURITY_HUB_IAM.controls) expect(c.assessment).toBeUndefined();
  });

  it('know every control id a registered check maps to (add its title to src/compliance/ when this fails)', () => {
    const ids = (fw: typeof CIS_AWS_FOUNDATIONS_V3) => new Set([...fw.controls, ...(fw.extraControls ?? [])].map((c) => c.id));
    const cis = ids(CIS_AWS_FOUNDATIONS_V3);
    const sh = ids(SECURITY_HUB_IAM);
    for (const check of ALL_CHECKS) {
      for (const id of check.compliance.cis ?? []) expect(cis.has(id), `${check.id} -> CIS ${id}`).toBe(true);
      for (const id of check.compliance.securityHub ?? []) expect(sh.has(id), `${check.id} -> ${id}`).toBe(true);
    }
  });
});

const READ_S3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] };
const populated = () =>
  snapshot()
    .supportRole()
    .managedPolicy('ReadReports', READ_S3)
    .group('devs', { managed: ['ReadReports'] })
    .user('alice', { groups: ['devs'], credentials: { passwordEnabled: true, passwordLastUsed: daysAgo(1), mfaActive: true, key1: { active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1) } } });

describe('compliance status on a built report', () => {
  it('a clean account: mapped controls PASS, the rest NOT_IMPLEMENTED (manual ones say so)', async () => {
    // A member in each population: a console user with MFA, a customer managed policy attached through a group.
    const r = await audit(populated());
    expect(r.findings.filter((f) => f.status === 'FAIL').map((f) => f.checkId)).toEqual([]);
    for (const id of ['1.4', '1.5', '1.8', '1.9', '1.10', '1.13', '1.14', '1.15', '1.16']) {
      expect(control(r, 'cis', id).status, id).toBe('PASS');
      expect(control(r, 'cis', id).findings).toEqual([]);
    }
    expect(control(r, 'cis', '1.5').checks).toEqual(['iam.root.mfa']);
    expect(control(r, 'cis', '1.12').checks).toEqual(['iam.user.access-key-unused', 'iam.user.password-unused']);
    const manual = control(r, 'cis', '1.1');
    expect(manual).toMatchObject({ status: 'NOT_IMPLEMENTED', assessment: 'Manual', checks: [], findings: [] });
    expect(manual.reason).toMatch(/^Manual recommendation/);
    // Every Automated recommendation of CIS v3 section 1 has a check; a Security Hub control without one says so.
    const automated = control(r, 'securityHub', 'IAM.8');
    expect(automated).toMatchObject({ status: 'NOT_IMPLEMENTED', checks: [] });
    expect(automated.reason).toBe('No check of this tool covers this control.');
    expect(control(r, 'securityHub', 'IAM.6')).toMatchObject({ status: 'PASS', checks: ['iam.root.hardware-mfa'] });
    expect(control(r, 'securityHub', 'IAM.5').status).toBe('PASS');
    // judged only in part: PARTIAL with what is not checked, never PASS
    expect(control(r, 'cis', '1.7')).toMatchObject({ status: 'PARTIAL', checks: ['iam.root.recent-use'], findings: [] });
    expect(control(r, 'cis', '1.7').reason).toMatch(/^Not checked: Manual recommendation/);
    expect(control(r, 'securityHub', 'IAM.7')).toMatchObject({ status: 'PASS', checks: ['iam.password-policy.strong'] });
    expect(control(r, 'securityHub', 'IAM.10').status).toBe('PARTIAL');
    expect(control(r, 'securityHub', 'IAM.10').reason).toMatch(/character/);
    const s = r.compliance.cis.summary;
    expect(s.passed + s.failed + s.partial + s.notAssessed + s.notApplicable + s.notImplemented).toBe(22);
    // 1.7 (root use), 1.2 (security contact: whether anyone reads it) and 1.21 (federation: IAM users left elsewhere)
    expect(r.compliance.cis.controls.filter((c) => c.status === 'PARTIAL').map((c) => c.id)).toEqual(['1.2', '1.7', '1.21']);
    expect(s.partial).toBe(3);
    // IAM.1-IAM.28 as listed, plus the extra controls a check of this run maps to
    expect(r.compliance.securityHub.controls.map((c) => c.id).filter((id) => !id.startsWith('IAM.'))).toEqual(['Account.1']);
    expect(r.compliance.securityHub.controls).toHaveLength(29);
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
    expect(control(r, 'cis', '1.5')).toMatchObject({ status: 'FAIL', checks: ['iam.root.mfa'], findings: rootMfa });
    expect(control(r, 'securityHub', 'IAM.9')).toMatchObject({ status: 'FAIL', findings: rootMfa });
    expect(control(r, 'cis', '1.10')).toMatchObject({ status: 'FAIL', findings: noMfa });
    expect(control(r, 'securityHub', 'IAM.5')).toMatchObject({ status: 'FAIL', findings: noMfa });
    // No MFA at all is no hardware MFA either: CIS 1.6 fails too, on an info finding (iam.root.mfa carries the severity).
    const hardware = r.findings.filter((f) => f.checkId === 'iam.root.hardware-mfa');
    expect(hardware.map((f) => f.severity)).toEqual(['info']);
    expect(control(r, 'cis', '1.6')).toMatchObject({ status: 'FAIL', findings: hardware.map((f) => f.id) });
    expect(r.compliance.cis.summary.failed).toBe(3);
    expect(schemaErrors(r)).toEqual([]);
  });

  it('a gap makes the controls of its checks NOT_ASSESSED, never PASS', async () => {
    const r = await audit(populated().gap('credentialReport'));
    for (const id of ['1.4', '1.5', '1.7', '1.10', '1.12', '1.13', '1.14']) {
      const c = control(r, 'cis', id);
      expect(c.status, id).toBe('NOT_ASSESSED');
      // 1.4 and 1.5 (root keys, MFA) had a second source to try first (GetAccountSummary): their reason names both.
      expect(c.reason).toMatch(/not assessed \(.*iam:GenerateCredentialReport failed: AccessDenied/);
      const na = r.findings.filter((f) => c.checks.includes(f.checkId) && f.status === 'NOT_ASSESSED').map((f) => f.id);
      expect(c.findings).toEqual(na);
      expect(na.length).toBeGreaterThan(0);
    }
    // checks that do not need the credential report still pass
    expect(control(r, 'cis', '1.16').status).toBe('PASS');
    expect(control(r, 'cis', '1.8').status).toBe('PASS');
    expect(schemaErrors(r)).toEqual([]);
  });

  it('an excluded check makes its controls NOT_ASSESSED and says which check was left out', async () => {
    const r = await audit(snapshot(), ['iam.root.mfa']);
    expect(control(r, 'cis', '1.5')).toMatchObject({ status: 'NOT_ASSESSED', checks: [], excludedChecks: ['iam.root.mfa'] });
    expect(control(r, 'cis', '1.5').reason).toBe('excluded from this run: iam.root.mfa');
    expect(control(r, 'cis', '1.4')).not.toHaveProperty('excludedChecks');
    expect(schemaErrors(r)).toEqual([]);
  });
});

describe('compliance status rules', () => {
  const ROOT = 'arn:aws:iam::111122223333:root';
  const outcome = (id: string, status: CheckOutcome['status'], cis: string[]): CheckOutcome => ({
    id,
    title: id,
    severity: 'high',
    compliance: { cis },
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
    compliance: { cis: ['1.12'] },
    ...(suppressed ? { suppressed: { reason: 'accepted', entry: 0 } } : {}),
  });
  const cis = (checks: CheckOutcome[], findings: ReportFinding[], id = '1.12') =>
    buildCompliance({ checks, findings }).cis.controls.find((c) => c.id === id)!;

  it('FAIL wins over NOT_ASSESSED', () => {
    const c = cis(
      [outcome('a', 'FAIL', ['1.12']), outcome('b', 'NOT_ASSESSED', ['1.12'])],
      [finding('a', 'FAIL', 'aaaaaaaaaaaaaaaa'), finding('b', 'NOT_ASSESSED', 'bbbbbbbbbbbbbbbb')],
    );
    expect(c).toMatchObject({ status: 'FAIL', checks: ['a', 'b'], findings: ['aaaaaaaaaaaaaaaa'] });
  });

  it('NOT_ASSESSED when nothing failed and a mapped check was not assessed', () => {
    const c = cis([outcome('a', 'PASS', ['1.12']), outcome('b', 'NOT_ASSESSED', ['1.12'])], [finding('b', 'NOT_ASSESSED', 'bbbbbbbbbbbbbbbb')]);
    expect(c).toMatchObject({ status: 'NOT_ASSESSED', findings: ['bbbbbbbbbbbbbbbb'] });
    expect(c.reason).toBe('b not assessed (iam:GenerateCredentialReport failed: AccessDenied)');
  });

  it('suppressed FAIL findings do not count: PASS, with the suppressed findings listed', () => {
    const c = cis([outcome('a', 'FAIL', ['1.12'])], [finding('a', 'FAIL', 'aaaaaaaaaaaaaaaa', true)]);
    expect(c).toMatchObject({ status: 'PASS', findings: [], suppressedFindings: ['aaaaaaaaaaaaaaaa'] });
    // one open finding next to a suppressed one still fails
    const d = cis([outcome('a', 'FAIL', ['1.12'])], [finding('a', 'FAIL', 'aaaaaaaaaaaaaaaa', true), finding('a', 'FAIL', 'cccccccccccccccc')]);
    expect(d).toMatchObject({ status: 'FAIL', findings: ['cccccccccccccccc'], suppressedFindings: ['aaaaaaaaaaaaaaaa'] });
  });

  it('a suppressed NOT_ASSESSED finding does not make the control pass (missing data never becomes PASS)', () => {
    const c = cis([outcome('b', 'NOT_ASSESSED', ['1.12'])], [finding('b', 'NOT_ASSESSED', 'bbbbbbbbbbbbbbbb', true)]);
    expect(c).toMatchObject({ status: 'NOT_ASSESSED', findings: [], suppressedFindings: ['bbbbbbbbbbbbbbbb'] });
  });

  it('a FAIL outcome without findings in the list still fails', () => {
    expect(cis([outcome('a', 'FAIL', ['1.12'])], []).status).toBe('FAIL');
  });

  it('NOT_APPLICABLE only when every mapped check judged nothing; FAIL and NOT_ASSESSED still win', () => {
    const na = (id: string) => ({ ...outcome(id, 'NOT_APPLICABLE', ['1.12']), evaluated: 0, reason: 'no IAM users in the inventory' });
    const c = cis([na('a'), na('b')], []);
    expect(c).toMatchObject({ status: 'NOT_APPLICABLE', checks: ['a', 'b'], findings: [] });
    expect(c.reason).toBe('a: no IAM users in the inventory; b: no IAM users in the inventory');
    expect(cis([na('a'), outcome('b', 'PASS', ['1.12'])], []).status).toBe('PASS');
    expect(cis([na('a'), outcome('b', 'NOT_ASSESSED', ['1.12'])], []).status).toBe('NOT_ASSESSED');
    expect(cis([na('a'), outcome('b', 'FAIL', ['1.12'])], [finding('b', 'FAIL', 'bbbbbbbbbbbbbbbb')]).status).toBe('FAIL');
    // a control judged only in part (1.7) is NOT_APPLICABLE too when its checks had nothing to judge
    const fw = buildCompliance({ checks: [{ ...na('a'), compliance: { cis: ['1.7', '1.12'] } }], findings: [] }).cis;
    expect(fw.controls.find((x) => x.id === '1.7')!.status).toBe('NOT_APPLICABLE');
    expect(fw.summary).toMatchObject({ notApplicable: 2, partial: 0, passed: 0 });
  });

  it('PARTIAL and NOT_APPLICABLE rows and the new summary counts fit report-schema.json', async () => {
    const r = await audit(snapshot());
    const na = { ...outcome('iam.user.password-unused', 'NOT_APPLICABLE', ['1.12']), evaluated: 0, reason: 'no IAM users' };
    r.compliance = buildCompliance({ checks: [na, outcome('iam.root.recent-use', 'PASS', ['1.7'])], findings: [] });
    expect(r.compliance.cis.controls.filter((c) => c.status === 'NOT_APPLICABLE' || c.status === 'PARTIAL').map((c) => c.id)).toEqual(['1.7', '1.12']);
    expect(schemaErrors(r)).toEqual([]);
    // PARTIAL needs its reason
    delete r.compliance.cis.controls.find((c) => c.id === '1.7')!.reason;
    expect(schemaErrors(r)).toContain('/compliance/cis/controls/6 must have required property \'reason\'');
  });

  it('controls of other sections are listed only when a check maps to them, with their catalogue title', () => {
    const none = buildCompliance({ checks: [outcome('a', 'PASS', ['1.4'])], findings: [] });
    expect(none.cis.controls.map((c) => c.id)).not.toContain('3.2');
    const fw = buildCompliance({ checks: [outcome('a', 'PASS', ['3.2', '1.4'])], findings: [] }).cis;
    expect(fw.controls).toHaveLength(23);
    expect(fw.controls.at(-1)).toMatchObject({ id: '3.2', title: 'Ensure CloudTrail log file validation is enabled', level: 2, status: 'PARTIAL' });
    expect(fw.controls.at(-1)!.reason).toMatch(/Single-region trails whose home is another region are not read/);
  });

  it('a control id missing from the catalogue still gets a row', () => {
    const fw = buildCompliance({ checks: [outcome('a', 'PASS', ['1.30', '1.4'])], findings: [] }).cis;
    expect(fw.controls).toHaveLength(23);
    // nothing records how much of an unknown control the check verifies: at best PARTIAL
    expect(fw.controls.at(-1)).toMatchObject({ id: '1.30', status: 'PARTIAL', checks: ['a'] });
    expect(fw.controls.at(-1)!.reason).toBe('this tool does not record which parts of the control its checks verify');
    expect(fw.controls.at(-1)!.title).toMatch(/not in the CIS/);
  });
});
