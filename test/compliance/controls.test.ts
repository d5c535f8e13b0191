// One row per control a check maps to (the list comes from the checks' `compliance`, so a new mapping without a row
// fails here): a snapshot where the control holds and one where it fails, audited end to end through auditSnapshot.
// A control the checks verify only in part must come out PARTIAL on the passing snapshot, never PASS.
import { describe, expect, it } from 'vitest';
import { auditSnapshot } from '../../src/pipeline/audit.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../src/vocabulary.js';
import { FRAMEWORKS } from '../../src/compliance/frameworks.js';
import type { AuditReport, ComplianceControlResult } from '../../src/report/model.js';
import { daysAgo, goodTrail, NOW, snapshot, type SnapshotBuilder } from '../fixtures/snapshot-builder.js';

type Framework = 'cis-7.0' | 'cis-3.0' | 'security-hub';

const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const READ_S3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] };
const ALL_S3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

/** An account where every mapped control holds, with a member in each population the checks judge. */
function healthy(support = true): SnapshotBuilder {
  const b = snapshot();
  return (support ? b.supportRole() : b)
    .group('devs', { managed: ['ReadReports'] })
    .managedPolicy('ReadReports', READ_S3)
    .user('alice', {
      groups: ['devs'],
      tags: { owner: 'alice' },
      credentials: {
        passwordEnabled: true,
        passwordLastUsed: daysAgo(1),
        mfaActive: true,
        key1: { active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1) },
      },
    })
    .role('app', { managed: ['ReadReports'], lastUsed: daysAgo(1), tags: { owner: 'app-team' } })
    .cloudTrail([goodTrail()])
    .set('serverCertificates', [certificate('site', daysAgo(-100))]);
}

function certificate(name: string, expiration: string) {
  return { name, id: `ASCA${name.toUpperCase()}`, arn: `arn:aws:iam::111122223333:server-certificate/${name}`, path: '/', expiration };
}
const untaggedAnalyzer = () => {
  const b = healthy();
  const part = b.build().accessAnalyzer!;
  return b.set('accessAnalyzer', { ...part, analyzers: part.analyzers.map((a) => ({ ...a, tags: {} })) });
};

const withKey = (key1: { active: boolean; lastRotated: string; lastUsed: string }, key2?: typeof key1) =>
  healthy().user('bob', { groups: ['devs'], credentials: { key1, ...(key2 ? { key2 } : {}) } });

interface Row {
  /** Status on the healthy account: PASS, or PARTIAL with the reason matching `notChecked`. */
  holds: 'PASS' | { partial: RegExp };
  fail: () => SnapshotBuilder;
  /** The run's thresholds on the failing account, when the control's value differs from the default (IAM.8: 90 days). */
  thresholds?: Partial<Thresholds>;
}

const rootKey = () => healthy().root({ key1: { active: true, lastRotated: daysAgo(30), lastUsed: daysAgo(40) } });
const rootNoMfa = () => healthy().root({ mfaActive: false });
const shortPassword = () => healthy().passwordPolicy({ minimumPasswordLength: 8, passwordReusePrevention: 24 });
const noReuse = () => healthy().passwordPolicy({ minimumPasswordLength: 14 });
const noPolicy = () => healthy().passwordPolicy(null);
const STRONG_POLICY = { minimumPasswordLength: 14, passwordReusePrevention: 24, requireUppercaseCharacters: true, requireLowercaseCharacters: true, requireNumbers: true, requireSymbols: true };
const withoutCharacterRule = (setting: keyof typeof STRONG_POLICY) => healthy().passwordPolicy({ ...STRONG_POLICY, [setting]: false });
const noSupportRole = () => healthy(false);
const noCharacterRules = () => healthy().passwordPolicy({ minimumPasswordLength: 14, passwordReusePrevention: 24, requireNumbers: true });
const consoleNoMfa = () =>
  healthy().user('bob', { groups: ['devs'], credentials: { passwordEnabled: true, passwordLastUsed: daysAgo(1), mfaActive: false } });
const unusedKey = () => withKey({ active: true, lastRotated: daysAgo(60), lastUsed: daysAgo(50) });
const oldKey = () => withKey({ active: true, lastRotated: daysAgo(100), lastUsed: daysAgo(1) });
const directPolicy = () => healthy().user('bob', { inline: { Direct: READ_S3 } });
const adminRole = () => healthy().managedPolicy('Admin', ADMIN).role('ops', { managed: ['Admin'], lastUsed: daysAgo(1) });
const noTrail = () => healthy().cloudTrail([]);
const cloudShell = () => healthy().group('shell', { managed: ['arn:aws:iam::aws:policy/AWSCloudShellFullAccess'] });
const KMS_DECRYPT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' }] };
const PUBLIC_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };

const ROWS: Record<string, Row> = {
  'cis-3.0 1.4': { holds: 'PASS', fail: rootKey },
  'cis-3.0 1.5': { holds: 'PASS', fail: rootNoMfa },
  'cis-3.0 1.6': { holds: 'PASS', fail: () => healthy().virtualMfa('root-account-mfa-device', 'root') },
  'cis-3.0 1.7': { holds: { partial: /Manual recommendation: whether any use of root/ }, fail: () => healthy().root({ passwordLastUsed: daysAgo(2) }) },
  'cis-3.0 1.8': { holds: 'PASS', fail: shortPassword },
  'cis-3.0 1.9': { holds: 'PASS', fail: noReuse },
  'cis-3.0 1.10': { holds: 'PASS', fail: consoleNoMfa },
  'cis-3.0 1.11': {
    holds: 'PASS',
    fail: () =>
      healthy().user('bob', {
        groups: ['devs'],
        credentials: { passwordEnabled: true, passwordLastUsed: daysAgo(1), mfaActive: true, key1: { active: true, lastRotated: daysAgo(3), lastUsed: null } },
      }),
  },
  'cis-3.0 1.12': { holds: 'PASS', fail: unusedKey },
  'cis-3.0 1.13': {
    holds: 'PASS',
    fail: () => withKey({ active: true, lastRotated: daysAgo(20), lastUsed: daysAgo(1) }, { active: true, lastRotated: daysAgo(5), lastUsed: daysAgo(1) }),
  },
  'cis-3.0 1.14': { holds: 'PASS', fail: oldKey },
  'cis-3.0 1.15': { holds: 'PASS', fail: directPolicy },
  'cis-3.0 1.16': { holds: 'PASS', fail: adminRole },
  'cis-3.0 1.17': { holds: 'PASS', fail: noSupportRole },
  'cis-3.0 3.1': { holds: { partial: /excludes management event sources/ }, fail: noTrail },
  'cis-3.0 3.2': {
    holds: { partial: /Single-region trails whose home is another region/ },
    fail: () => healthy().cloudTrail([{ ...goodTrail(), logFileValidationEnabled: false }]),
  },
  'cis-3.0 1.22': { holds: 'PASS', fail: cloudShell },
  'cis-3.0 1.2': { holds: { partial: /reaches a team that reads it/ }, fail: () => healthy().set('securityContact', null) },
  'cis-3.0 1.19': { holds: 'PASS', fail: () => healthy().set('serverCertificates', [certificate('old', daysAgo(3))]) },
  'cis-3.0 1.20': { holds: 'PASS', fail: () => healthy().set('accessAnalyzer', { regions: ['us-east-1', 'eu-west-1'], analyzers: [] }) },
  'cis-3.0 1.21': { holds: { partial: /IAM users representing individuals/ }, fail: () => healthy().set('samlProviders', []) },
  'security-hub IAM.23': { holds: { partial: /requiredTagKeys/ }, fail: untaggedAnalyzer },
  'security-hub IAM.26': { holds: 'PASS', fail: () => healthy().set('serverCertificates', [certificate('old', daysAgo(3))]) },
  'security-hub IAM.28': { holds: 'PASS', fail: () => healthy().set('accessAnalyzer', { regions: ['us-east-1'], analyzers: [] }) },
  'security-hub Account.1': { holds: 'PASS', fail: () => healthy().set('securityContact', null) },
  'security-hub IAM.1': { holds: 'PASS', fail: adminRole },
  'security-hub IAM.2': { holds: 'PASS', fail: directPolicy },
  'security-hub IAM.3': { holds: 'PASS', fail: oldKey },
  'security-hub IAM.4': { holds: 'PASS', fail: rootKey },
  'security-hub IAM.5': { holds: 'PASS', fail: consoleNoMfa },
  'security-hub IAM.6': { holds: 'PASS', fail: () => healthy().virtualMfa('root-account-mfa-device', 'root') },
  'security-hub IAM.7': { holds: 'PASS', fail: noCharacterRules },
  'security-hub IAM.9': { holds: 'PASS', fail: rootNoMfa },
  'security-hub IAM.10': { holds: { partial: /PCI DSS values/ }, fail: noPolicy },
  'security-hub IAM.11': { holds: 'PASS', fail: () => withoutCharacterRule('requireUppercaseCharacters') },
  'security-hub IAM.12': { holds: 'PASS', fail: () => withoutCharacterRule('requireLowercaseCharacters') },
  'security-hub IAM.13': { holds: 'PASS', fail: () => withoutCharacterRule('requireSymbols') },
  'security-hub IAM.14': { holds: 'PASS', fail: () => withoutCharacterRule('requireNumbers') },
  'security-hub IAM.15': { holds: 'PASS', fail: shortPassword },
  'security-hub IAM.16': { holds: 'PASS', fail: noReuse },
  'security-hub IAM.17': { holds: 'PASS', fail: () => healthy().passwordPolicy(STRONG_POLICY) },
  'security-hub KMS.1': { holds: 'PASS', fail: () => healthy().managedPolicy('DecryptAll', KMS_DECRYPT).role('reader', { managed: ['DecryptAll'], lastUsed: daysAgo(1) }) },
  'security-hub KMS.2': { holds: 'PASS', fail: () => healthy().role('reader', { inline: { DecryptAll: KMS_DECRYPT }, lastUsed: daysAgo(1) }) },
  'security-hub IAM.8': {
    holds: 'PASS',
    fail: () => withKey({ active: true, lastRotated: daysAgo(120), lastUsed: daysAgo(100) }),
    thresholds: { accessKeyUnusedDays: 90, passwordUnusedDays: 90 },
  },
  'security-hub IAM.24': { holds: { partial: /requiredTagKeys/ }, fail: () => healthy().role('untagged', { lastUsed: daysAgo(1) }) },
  'security-hub IAM.25': { holds: { partial: /requiredTagKeys/ }, fail: () => healthy().user('untagged', { groups: ['devs'] }) },
  'security-hub IAM.18': { holds: 'PASS', fail: noSupportRole },
  'security-hub IAM.19': { holds: 'PASS', fail: consoleNoMfa },
  'security-hub IAM.21': { holds: 'PASS', fail: () => healthy().managedPolicy('AllS3', ALL_S3).role('etl', { managed: ['AllS3'], lastUsed: daysAgo(1) }) },
  'security-hub IAM.22': { holds: 'PASS', fail: unusedKey },
  'security-hub IAM.27': { holds: 'PASS', fail: cloudShell },
  'security-hub CloudTrail.1': { holds: { partial: /excludes management event sources/ }, fail: noTrail },
  'security-hub CloudTrail.4': {
    holds: { partial: /Single-region trails whose home is another region/ },
    fail: () => healthy().cloudTrail([{ ...goodTrail(), logFileValidationEnabled: false }]),
  },
};

// CIS v7.0.0 renumbered the v3.0.0 recommendations it kept: the same requirement, the same rows.
const V7_FROM_V3: Record<string, string> = {
  '2.4': '1.4', '2.5': '1.5', '2.6': '1.6', '2.7': '1.7', '2.8': '1.8', '2.9': '1.9', '2.10': '1.10', '2.11': '1.12', '2.12': '1.14',
  '2.13': '1.15', '2.14': '1.16', '2.15': '1.17', '2.20': '1.22', '4.1': '3.1', '4.2': '3.2',
  '2.3': '1.2', '2.17': '1.19', '2.18': '1.20', '2.19': '1.21',
};
for (const [v7, v3] of Object.entries(V7_FROM_V3)) ROWS[`cis-7.0 ${v7}`] = ROWS[`cis-3.0 ${v3}`]!;
ROWS['cis-7.0 2.21'] = { holds: { partial: /resource policies of S3 buckets/ }, fail: () => healthy().role('open', { trust: PUBLIC_TRUST, lastUsed: daysAgo(1) }) };

const audit = (b: SnapshotBuilder, thresholds: Partial<Thresholds> = {}) =>
  auditSnapshot(b.build(), { thresholds: { ...DEFAULT_THRESHOLDS, ...thresholds }, now: NOW });
const control = (r: AuditReport, fw: Framework, id: string): ComplianceControlResult => {
  const c = r.compliance[fw]!.controls.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${fw} ${id}`);
  return c;
};
const split = (key: string) => key.split(' ') as [Framework, string];

describe('every mapped control, on a passing and a failing account', () => {
  it('has a row for each control an account check decides, and none for a control no check decides', () => {
    const accountChecks = new Set(ALL_CHECKS.map((c) => c.id));
    const decided = FRAMEWORKS.flatMap((fw) => fw.controls.filter((c) => c.checks.some((id) => accountChecks.has(id))).map((c) => `${fw.id} ${c.id}`));
    expect(Object.keys(ROWS).sort()).toEqual(decided.sort());
  });

  it('records for each mapped control which parts its checks verify', () => {
    for (const key of Object.keys(ROWS)) {
      const [fw, id] = split(key);
      const c = FRAMEWORKS.find((f) => f.id === fw)!.controls.find((x) => x.id === id);
      expect(c?.coverage?.checked, key).toMatch(/^[a-z.-]+( and [a-z.-]+)?: /);
    }
  });

  it('the healthy account: each control PASS, or PARTIAL naming what is not checked', async () => {
    const r = await audit(healthy());
    for (const [key, row] of Object.entries(ROWS)) {
      const c = control(r, ...split(key));
      expect(c.checks.length, key).toBeGreaterThan(0);
      if (row.holds === 'PASS') {
        expect(c, key).toMatchObject({ status: 'PASS', findings: [] });
      } else {
        expect(c.status, key).toBe('PARTIAL');
        expect(c.findings, key).toEqual([]);
        expect(c.reason, key).toMatch(row.holds.partial);
      }
    }
  });

  for (const [key, row] of Object.entries(ROWS)) {
    it(`${key}: FAIL on its failing account, naming the findings behind it`, async () => {
      const [fw, id] = split(key);
      const r = await audit(row.fail(), row.thresholds);
      const c = control(r, fw, id);
      expect(c.status).toBe('FAIL');
      expect(c.findings.length).toBeGreaterThan(0);
      const byId = new Map(r.findings.map((f) => [f.id, f]));
      for (const fid of c.findings) {
        expect(byId.get(fid)?.status).toBe('FAIL');
        expect(c.checks).toContain(byId.get(fid)?.checkId);
      }
    });
  }
});

describe('controls judged only in part', () => {
  it('KMS.1 fails on a customer managed "*:*" policy too (it decrypts every key), KMS.2 on an inline one; each leaves the other kind out', async () => {
    const managed = await audit(adminRole());
    expect(control(managed, 'security-hub', 'KMS.1').status).toBe('FAIL');
    expect(control(managed, 'security-hub', 'KMS.2').status).toBe('PASS');
    const inline = await audit(healthy().role('ops', { inline: { Admin: ADMIN }, lastUsed: daysAgo(1) }));
    expect(control(inline, 'security-hub', 'KMS.2').status).toBe('FAIL');
    expect(control(inline, 'security-hub', 'KMS.1').status).toBe('PASS');
  });

  it('an 8-character policy without character rules or reuse prevention: IAM.7 FAIL (its whole default requirement is checked), IAM.10 PARTIAL (expiry and its values unchecked)', async () => {
    const r = await audit(healthy().passwordPolicy({ minimumPasswordLength: 8 }));
    const iam7 = control(r, 'security-hub', 'IAM.7');
    expect(iam7).toMatchObject({ status: 'FAIL', checks: ['iam.password-policy.strong'] });
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    expect(iam7.findings.map((id) => byId.get(id)?.message)).toEqual([
      'The password policy does not require an uppercase letter, a lowercase letter, a number, a symbol.',
    ]);
    const iam10 = control(r, 'security-hub', 'IAM.10');
    expect(iam10.status).toBe('PARTIAL');
    expect(iam10.checks).toEqual(['iam.password-policy.missing']);
    expect(iam10.reason).toMatch(/^Not checked: .*character/);
    // the parts this tool does check fail on their own controls
    expect(control(r, 'security-hub', 'IAM.15').status).toBe('FAIL');
    expect(control(r, 'security-hub', 'IAM.16').status).toBe('FAIL');
  });
});

describe("thresholds against the control's own value", () => {
  it('a looser threshold that held proves only part: PARTIAL, naming the run value and the control value', async () => {
    const r = await audit(healthy().passwordPolicy({ minimumPasswordLength: 8, passwordReusePrevention: 24 }), { passwordMinLength: 8 });
    expect(r.checks.find((c) => c.id === 'iam.password-policy.min-length')!.status).toBe('PASS');
    for (const [fw, id] of [['cis-3.0', '1.8'], ['cis-7.0', '2.8'], ['security-hub', 'IAM.15']] as const) {
      const c = control(r, fw, id);
      expect(c.status, id).toBe('PARTIAL');
      expect(c.reason, id).toBe("iam.password-policy.min-length ran with passwordMinLength 8, looser than the control's 14");
    }
  });

  it('a looser key age threshold: the controls of that check only (1.12 for unused keys)', async () => {
    const r = await audit(healthy(), { accessKeyUnusedDays: 90 });
    const c = control(r, 'cis-3.0', '1.12');
    expect(c.status).toBe('PARTIAL');
    expect(c.reason).toBe("iam.user.access-key-unused ran with accessKeyUnusedDays 90, looser than the control's 45");
    expect(control(r, 'cis-3.0', '1.14').status).toBe('PASS');
  });

  it('a stricter threshold: a PASS proves the control, a FAIL does not (NOT_ASSESSED, with the values)', async () => {
    const strict = { passwordMinLength: 16 };
    const held = await audit(healthy().passwordPolicy({ minimumPasswordLength: 16, passwordReusePrevention: 24 }), strict);
    expect(control(held, 'cis-3.0', '1.8').status).toBe('PASS');
    const r = await audit(healthy().passwordPolicy({ minimumPasswordLength: 15, passwordReusePrevention: 24 }), strict);
    const failing = r.findings.filter((f) => f.checkId === 'iam.password-policy.min-length').map((f) => f.id);
    expect(failing).toHaveLength(1);
    const c = control(r, 'cis-3.0', '1.8');
    expect(c).toMatchObject({ status: 'NOT_ASSESSED', findings: failing });
    expect(c.reason).toBe(
      "iam.password-policy.min-length failed at passwordMinLength 16, stricter than the control's 14: run with 14 to judge the control",
    );
    // even a policy short of the control's value: which value failed is the check's evidence, not the control's
    const short = await audit(healthy().passwordPolicy({ minimumPasswordLength: 10, passwordReusePrevention: 24 }), strict);
    expect(control(short, 'cis-3.0', '1.8').status).toBe('NOT_ASSESSED');
  });
});

describe('controls narrower than their checks', () => {
  it('AWS managed AdministratorAccess on a role fails CIS 1.16 but not IAM.1 (customer managed policies only)', async () => {
    const r = await audit(
      healthy().awsManagedPolicy('AdministratorAccess', ADMIN).role('ops', { managed: ['arn:aws:iam::aws:policy/AdministratorAccess'], lastUsed: daysAgo(1) }),
    );
    expect(r.checks.find((c) => c.id === 'iam.policy.full-admin')!.status).toBe('FAIL');
    expect(control(r, 'cis-3.0', '1.16').status).toBe('FAIL');
    const sh = control(r, 'security-hub', 'IAM.1');
    expect(sh).toMatchObject({ status: 'PASS', findings: [] });
    expect(sh.reason).toMatch(/^failing findings on AWS managed and inline policies .* do not count here$/);
  });

  it('an unattached customer managed "*:*" policy fails IAM.1 but not CIS 1.16 (attached policies only)', async () => {
    const r = await audit(healthy().managedPolicy('Spare', ADMIN, { attachmentCount: 0 }));
    const finding = r.findings.find((f) => f.checkId === 'iam.policy.full-admin')!;
    expect(control(r, 'security-hub', 'IAM.1')).toMatchObject({ status: 'FAIL', findings: [finding.id] });
    expect(control(r, 'cis-3.0', '1.16').status).toBe('PASS');
    expect(control(r, 'cis-3.0', '1.16').reason).toMatch(/attached to nothing/);
  });

  it('an inline "s3:*" does not fail IAM.21 (customer managed policies only); a customer managed one does', async () => {
    const inline = await audit(healthy().role('etl', { inline: { AllS3: ALL_S3 }, lastUsed: daysAgo(1) }));
    expect(inline.checks.find((c) => c.id === 'iam.policy.wildcard-actions')!.status).toBe('FAIL');
    expect(control(inline, 'security-hub', 'IAM.21').status).toBe('PASS');
    const managed = await audit(healthy().managedPolicy('AllS3', ALL_S3).role('etl', { managed: ['AllS3'], lastUsed: daysAgo(1) }));
    expect(control(managed, 'security-hub', 'IAM.21').status).toBe('FAIL');
  });
});
