// hardening-audit --org end to end: real SDK clients (Organizations, STS AssumeRole, IAM, CloudTrail) against the
// local endpoint serving an organization of four accounts; reports on disk.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { useFakeAwsEnvironment } from '../../helpers/cli-env.js';
import { startAwsEndpoint, type AwsEndpoint } from '../../aws-endpoint/index.js';
import { main } from '../../../src/entry/cli/main.js';
import { SEVERITIES } from '../../../src/vocabulary.js';
import type { AuditReport } from '../../../src/report/model.js';
import type { OrgReport } from '../../../src/report/org-model.js';
import type { AccountSnapshot } from '../../../src/snapshot/snapshot.js';
import { DATADOG, DEV, LEGACY, MGMT, NOW, ORG_ID, organization, PROD, ROLE, UNKNOWN } from '../../fixtures/organization.js';

const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validateOrg = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../../org-report-schema.json'), 'utf8')));

let endpoint: AwsEndpoint | undefined;

const io = useFakeAwsEnvironment();
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

async function orgAudit(args: string[] = [], orgOptions: Parameters<typeof organization>[0] = {}) {
  const fx = organization(orgOptions);
  endpoint = await startAwsEndpoint(fx.mgmt, { extensions: [fx.org.extension()] });
  const out = mkdtempSync(join(tmpdir(), 'ha-org-'));
  const snaps = join(out, 'snapshots');
  const code = await main([
    'node', 'hardening-audit', '--org', '--assume-role', ROLE, '--endpoint-url', endpoint.url, '--out', out,
    '--now', NOW, '--fail-on', 'high', '--save-snapshot', snaps, ...args,
  ]);
  return { code, out, snaps, fx, endpoint };
}

const failing = (r: AuditReport) => r.findings.filter((f) => f.status === 'FAIL');
const outcome = (r: AuditReport, id: string) => r.checks.find((c) => c.id === id);

describe('hardening-audit --org', () => {
  it('audits every account it can reach, reports the refused one, exits 3', async () => {
    const { code, out, snaps, fx, endpoint } = await orgAudit();
    expect(code).toBe(3);
    const files = readdirSync(out).filter((f) => f !== 'snapshots').sort();
    expect(files).toEqual(
      [
        ...[MGMT, DEV, PROD].flatMap((id) => ['csv', 'html', 'json'].map((x) => `${id}-2026-11-25.${x}`)),
        ...['csv', 'html', 'json'].map((x) => `org-${ORG_ID}-2026-11-25.${x}`),
      ].sort(),
    );
    // Nothing written for the refused account, nothing refused by the endpoint, nothing but reads sent.
    expect(files.some((f) => f.startsWith(LEGACY))).toBe(false);
    expect(endpoint.refused).toEqual([]);

    const org = readJson<OrgReport>(join(out, `org-${ORG_ID}-2026-11-25.json`));
    expect(validateOrg(org), JSON.stringify(validateOrg.errors)).toBe(true);
    expect(org.organization).toMatchObject({ id: ORG_ID, managementAccountId: MGMT, scpEnabled: true });
    expect(org.summary.accounts).toMatchObject({ selected: 4, audited: 3, failed: 1, skipped: 0 });
    const legacy = org.accounts.find((a) => a.id === LEGACY)!;
    expect(legacy).toMatchObject({ status: 'FAILED', name: 'legacy', error: 'AccessDenied', ouPath: 'Root' });
    expect(legacy.reason).toContain(`sts:AssumeRole arn:aws:iam::${LEGACY}:role/${ROLE} failed: AccessDenied`);
    // Failed accounts first, then the worst audited account first.
    expect(org.accounts[0]!.id).toBe(LEGACY);
    expect(org.accounts.map((a) => a.id).slice(1)).toEqual([DEV, PROD, MGMT]);
    expect(io.stdout).toContain(`Failed: ${LEGACY} (legacy): sts:AssumeRole`);

    // Aggregates are the sums of the account reports.
    const reports = Object.fromEntries([MGMT, DEV, PROD].map((id) => [id, readJson<AuditReport>(join(out, `${id}-2026-11-25.json`))]));
    for (const s of SEVERITIES) {
      expect(org.summary.bySeverity[s], s).toBe(Object.values(reports).reduce((n, r) => n + r.summary.bySeverity[s], 0));
    }
    for (const c of org.byCheck) {
      const accounts = Object.values(reports).filter((r) => failing(r).some((f) => f.checkId === c.checkId));
      expect(c.accounts, c.checkId).toBe(accounts.length);
      expect(c.findings, c.checkId).toBe(Object.values(reports).reduce((n, r) => n + failing(r).filter((f) => f.checkId === c.checkId).length, 0));
    }
    expect(org.byCheck.find((c) => c.checkId === 'org.scp.only-full-aws-access')).toMatchObject({ accounts: 1, findings: 1 });

    // One session per account, 15 minutes, named after the tool.
    const assumes = endpoint.log.filter((c) => c.action === 'AssumeRole');
    expect(assumes.map((c) => c.params.RoleArn).sort()).toEqual([MGMT, DEV, PROD, LEGACY].sort().map((id) => `arn:aws:iam::${id}:role/${ROLE}`));
    for (const c of assumes) {
      expect(c.params.DurationSeconds).toBe('900');
      expect(c.params.RoleSessionName).toMatch(/^hardening-audit-\d{8}T\d{6}Z$/);
    }
    expect(fx.org.callsByAccount.get(DEV)).toBeGreaterThan(5);

    // Per-account findings: the SCP checks.
    const dev = reports[DEV]!;
    const prod = reports[PROD]!;
    const mgmt = reports[MGMT]!;
    expect(failing(dev).filter((f) => f.checkId.startsWith('org.')).map((f) => f.checkId).sort()).toEqual([
      'org.scp.deny-leave-organization',
      'org.scp.deny-root-user',
      'org.scp.only-full-aws-access',
      'org.scp.protect-cloudtrail',
    ]);
    expect(failing(prod).filter((f) => f.checkId.startsWith('org.')).map((f) => f.checkId)).toEqual(['org.scp.production-destructive-actions']);
    const destructive = failing(prod).find((f) => f.checkId === 'org.scp.production-destructive-actions')!;
    expect(destructive.message).toContain('production OU Prod');
    expect(destructive.message).not.toContain('s3:DeleteBucket');
    expect(destructive.message).toContain('kms:ScheduleKeyDeletion');
    expect(destructive.resourceArn).toBe(`arn:aws:organizations::${MGMT}:account/${ORG_ID}/${PROD}`);
    // SCPs do not apply to the management account: nothing to judge, nothing failed.
    for (const id of ['org.scp.only-full-aws-access', 'org.scp.protect-cloudtrail']) {
      expect(outcome(mgmt, id)).toMatchObject({ status: 'NOT_APPLICABLE', evaluated: 0 });
    }
    expect(outcome(prod, 'org.scp.protect-cloudtrail')).toMatchObject({ status: 'PASS', evaluated: 1 });
    // dev is not in a production OU.
    expect(outcome(dev, 'org.scp.production-destructive-actions')).toMatchObject({ status: 'NOT_APPLICABLE', evaluated: 0 });

    // The effective SCP chain is in the snapshot: root → OUs → account, with the documents.
    const prodSnap = readJson<AccountSnapshot>(join(snaps, `${PROD}-2026-11-25.snapshot.json`));
    expect(prodSnap.organization!.account).toMatchObject({ id: PROD, name: 'prod', ouPath: 'Root/Workloads/Prod', status: 'ACTIVE' });
    expect(prodSnap.organization!.scpChain.map((l) => [l.targetType, l.targetName, l.policies.map((p) => p.name)])).toEqual([
      ['ROOT', 'Root', ['FullAWSAccess']],
      ['ORGANIZATIONAL_UNIT', 'Workloads', ['FullAWSAccess']],
      ['ORGANIZATIONAL_UNIT', 'Prod', ['FullAWSAccess', 'prod-guardrails']],
      ['ACCOUNT', 'prod', ['FullAWSAccess']],
    ]);
    expect(prodSnap.organization!.scpChain[2]!.policies[1]!.document.Statement[0]).toEqual({
      Sid: 'DenyLeave',
      Effect: 'Deny',
      Action: ['organizations:LeaveOrganization'],
      Resource: ['*'],
    });
    expect(prodSnap.organization!.accountIds.sort()).toEqual([MGMT, DEV, PROD, LEGACY].sort());
    expect(org.accounts.find((a) => a.id === PROD)!.scps).toEqual(['FullAWSAccess', 'prod-guardrails']);

    // Trust classification with the organization known, accounts named from the shipped list.
    const trustFindings = failing(dev).filter((f) => f.checkId === 'iam.role.external-trust');
    const byRole = Object.fromEntries(trustFindings.map((f) => [f.resourceArn.split('/').pop(), f]));
    expect(byRole[ROLE]).toMatchObject({ severity: 'low', message: `${ROLE} trusts ${MGMT} (same organization).` });
    expect(byRole['vendor-monitoring']).toMatchObject({ severity: 'medium', message: `vendor-monitoring trusts Datadog (${DATADOG}).` });
    expect(byRole.stranger).toMatchObject({ severity: 'high', message: `stranger trusts the unknown account ${UNKNOWN}.` });

    // CloudTrail: dev has no trail, prod's organization trail does not validate, management is fine.
    expect(failing(dev).find((f) => f.checkId === 'cloudtrail.multi-region-logging')?.message).toMatch(/^No CloudTrail trail exists/);
    expect(outcome(prod, 'cloudtrail.multi-region-logging')?.status).toBe('PASS');
    expect(failing(prod).find((f) => f.checkId === 'cloudtrail.log-file-validation')?.resourceArn).toBe(`arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`);
    expect(outcome(mgmt, 'cloudtrail.multi-region-logging')?.status).toBe('PASS');
    expect(outcome(mgmt, 'cloudtrail.log-file-validation')?.status).toBe('PASS');
    // Root activity from CloudTrail (prod's root signed in three days ago; the credential report knows nothing).
    const root = failing(prod).find((f) => f.checkId === 'iam.root.recent-use')!;
    expect(root.message).toContain('CloudTrail (us-east-1) records 1 root event, the latest ConsoleLogin 2 days ago');
    expect((root.evidence.cloudTrail as { events: unknown[] }).events).toHaveLength(1);

    // The HTML organization report: self-contained, names the failed account and links the account reports.
    const html = readFileSync(join(out, `org-${ORG_ID}-2026-11-25.html`), 'utf8');
    expect(html).toContain('Accounts that could not be audited');
    expect(html).toContain(`href="${DEV}-2026-11-25.html"`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    const csv = readFileSync(join(out, `org-${ORG_ID}-2026-11-25.csv`), 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + 3 * SEVERITIES.length + 1);
    expect(csv).toContain(`${LEGACY},legacy,Root,FAILED`);
  });

  it('--accounts / --exclude-accounts choose the accounts; a clean selection exits by findings', async () => {
    const { code, out } = await orgAudit(['--accounts', `${MGMT},${PROD}`, '--exclude-accounts', PROD, '--fail-on', 'none']);
    const org = readJson<OrgReport>(join(out, `org-${ORG_ID}-2026-11-25.json`));
    expect(org.accounts.map((a) => a.id)).toEqual([MGMT]);
    expect(org.scope).toMatchObject({ includedAccounts: [MGMT, PROD], excludedAccounts: [PROD] });
    expect(code).toBe(0);
  });

  it('an account whose AssumeRole is throttled past the retries is recorded, the others complete', async () => {
    const fx = organization();
    fx.org.account(fx.dev, { name: 'dev', ou: 'Workloads/Dev', assumeRoleError: { code: 'Throttling', status: 400, message: 'Rate exceeded' } });
    endpoint = await startAwsEndpoint(fx.mgmt, { extensions: [fx.org.extension()] });
    const out = mkdtempSync(join(tmpdir(), 'ha-org-'));
    const code = await main(['node', 'hardening-audit', '--org', '--assume-role', ROLE, '--endpoint-url', endpoint.url, '--out', out, '--now', NOW, '--max-attempts', '2', '--exclude-accounts', LEGACY, '-q']);
    expect(code).toBe(3);
    const org = readJson<OrgReport>(join(out, `org-${ORG_ID}-2026-11-25.json`));
    expect(org.accounts.filter((a) => a.status === 'FAILED').map((a) => [a.id, a.error])).toEqual([[DEV, 'Throttling']]);
    expect(org.accounts.find((a) => a.id === DEV)!.reason).toMatch(/Throttling.*after 2 attempts/);
    expect(org.summary.accounts.audited).toBe(2);
    expect(fx.org.assumeRoleCalls.get(DEV)).toBe(2);
  });

  it('rejects org options without --org, and --org without --assume-role (exit 2)', async () => {
    expect(await main(['node', 'hardening-audit', '--assume-role', ROLE, '--snapshot', 'x.json'])).toBe(2);
    expect(await main(['node', 'hardening-audit', '--org'])).toBe(2);
    expect(io.stderr).toContain('--org needs --assume-role');
    expect(await main(['node', 'hardening-audit', '--org', '--assume-role', ROLE, '--accounts', '12345'])).toBe(2);
  });

  it('outside an organization: one line, exit 2', async () => {
    const fx = organization();
    endpoint = await startAwsEndpoint(fx.mgmt, {
      extensions: [fx.org.extension()],
      errors: { DescribeOrganization: { code: 'AWSOrganizationsNotInUseException', status: 400, message: 'Your account is not a member of an organization.' } },
    });
    const out = mkdtempSync(join(tmpdir(), 'ha-org-'));
    expect(await main(['node', 'hardening-audit', '--org', '--assume-role', ROLE, '--endpoint-url', endpoint.url, '--out', out, '-q'])).toBe(2);
    expect(io.stderr).toContain('organizations:DescribeOrganization failed: AWSOrganizationsNotInUseException');
    expect(readdirSync(out)).toEqual([]);
  });
});
