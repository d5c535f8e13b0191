// The IAM account-level reads (server certificates, SAML and OIDC providers) and the security contact, through the
// real SDK v3 clients against the local endpoint: what each check says for present, absent and denied data, and
// that an auth-details export (which has none of it) makes them NOT_ASSESSED, never PASS.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/entry/cli/main.js';
import { buildOfflineSnapshot } from '../../src/load/offline.js';
import type { AuditReport } from '../../src/report/model.js';
import { configureAccountReads, FakeAccount, startAwsEndpoint, type AccountReadsSetup, type AwsEndpoint, type EndpointOptions } from '../aws-endpoint/index.js';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';
import { readExport } from '../helpers/auth-details.js';

const ACCOUNT = '123456789012';
const NOW = '2026-11-25T00:00:00Z';
let endpoint: AwsEndpoint | undefined;

useFakeAwsEnvironment();
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

function account(setup?: AccountReadsSetup): FakeAccount {
  const acct = new FakeAccount(ACCOUNT, { now: NOW }).passwordPolicy({ minimumPasswordLength: 14, passwordReusePrevention: 24 }).root({ mfa: 'hardware' });
  return setup ? configureAccountReads(acct, setup) : acct;
}

async function audit(acct: FakeAccount, options: EndpointOptions = {}) {
  endpoint = await startAwsEndpoint(acct, { credentialReport: { pollsUntilReady: 0 }, ...options });
  const out = mkdtempSync(join(tmpdir(), 'ha-acct-'));
  const code = await main(['node', 'hardening-audit', '--endpoint-url', endpoint.url, '--out', out, '--now', NOW, '--fail-on', 'none', '-q', '--save-snapshot', join(out, 'snap.json')]);
  const report = JSON.parse(readFileSync(join(out, `${ACCOUNT}-2026-11-25.json`), 'utf8')) as AuditReport;
  const snapshot = JSON.parse(readFileSync(join(out, 'snap.json'), 'utf8'));
  const check = (id: string) => report.checks.find((c) => c.id === id)!;
  const findings = (id: string) => report.findings.filter((f) => f.checkId === id);
  return { code, report, snapshot, check, findings, endpoint };
}

describe('IAM server certificates (iam.server-certificate.expired)', () => {
  it('FAIL per expired certificate, PASS for a valid one, over paginated ListServerCertificates', async () => {
    const { check, findings, snapshot, endpoint } = await audit(
      account({
        serverCertificates: [
          { name: 'old-site', expiration: '2025-01-10T00:00:00Z', path: '/cloudfront/' },
          { name: 'api', expiration: '2027-06-01T00:00:00Z' },
          { name: 'legacy', expiration: '2026-11-24T00:00:00Z' },
        ],
      }),
      { maxPageSize: 1 },
    );
    expect(endpoint.count('ListServerCertificates')).toBe(3);
    expect(snapshot.serverCertificates.map((c: { arn: string }) => c.arn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:server-certificate/api`,
      `arn:aws:iam::${ACCOUNT}:server-certificate/cloudfront/old-site`,
      `arn:aws:iam::${ACCOUNT}:server-certificate/legacy`,
    ]);
    expect(check('iam.server-certificate.expired')).toMatchObject({ status: 'FAIL', evaluated: 3, failed: 2 });
    const failed = findings('iam.server-certificate.expired');
    expect(failed.map((f) => f.message)).toEqual([
      'The server certificate old-site expired on 2025-01-10T00:00:00.000Z (684 days ago) and is still stored in IAM.',
      'The server certificate legacy expired on 2026-11-24T00:00:00.000Z (1 day ago) and is still stored in IAM.',
    ]);
    expect(failed[0]!.remediation).toContain('aws iam delete-server-certificate --server-certificate-name old-site');
    expect(failed[0]!.compliance).toEqual({ 'cis-7.0': ['2.17'], 'cis-3.0': ['1.19'], 'security-hub': ['IAM.26'] });
  });

  it('NOT_APPLICABLE without certificates; NOT_ASSESSED (exit 3) when the list is denied', async () => {
    expect((await audit(account())).check('iam.server-certificate.expired').status).toBe('NOT_APPLICABLE');
    await endpoint!.close();
    const denied = await audit(account({ serverCertificates: [{ name: 'x', expiration: '2020-01-01T00:00:00Z' }] }), { accessDenied: ['iam:ListServerCertificates'] });
    expect(denied.check('iam.server-certificate.expired').status).toBe('NOT_ASSESSED');
    expect(denied.code).toBe(3);
    expect(denied.report.gaps).toContainEqual(expect.objectContaining({ part: 'serverCertificates', api: 'iam:ListServerCertificates', error: 'AccessDenied' }));
  });
});

describe('identity federation (iam.account.identity-federation)', () => {
  it('PASS with the SAML provider IAM Identity Center creates (the default account), naming it', async () => {
    const { check, snapshot, code } = await audit(account());
    expect(check('iam.account.identity-federation').status).toBe('PASS');
    expect(snapshot.samlProviders[0].arn).toBe(`arn:aws:iam::${ACCOUNT}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE`);
    expect(snapshot.samlProviders[0].validUntil).toBeDefined();
    expect(code).toBe(0);
  });

  it('FAIL (info) without providers; only a GitHub Actions OIDC provider does not count as federating people', async () => {
    const none = await audit(account({ samlProviders: [], oidcProviders: [] }));
    const [f] = none.findings('iam.account.identity-federation');
    expect(f).toMatchObject({ status: 'FAIL', severity: 'info' });
    expect(f!.message).toContain('IAM Identity Center cannot be seen from IAM alone');
    await endpoint!.close();
    const ci = await audit(account({ samlProviders: [], oidcProviders: ['token.actions.githubusercontent.com'] }));
    expect(ci.findings('iam.account.identity-federation')[0]!.message).toContain('only OpenID Connect providers for workloads: token.actions.githubusercontent.com');
    await endpoint!.close();
    const okta = await audit(account({ samlProviders: [], oidcProviders: ['acme.okta.com/oauth2/default'] }));
    expect(okta.check('iam.account.identity-federation').status).toBe('PASS');
  });

  it('one list denied: a SAML provider still passes; nothing found in the other is NOT_ASSESSED, not FAIL', async () => {
    const saml = await audit(account({ samlProviders: ['Okta'] }), { accessDenied: ['iam:ListOpenIDConnectProviders'] });
    expect(saml.check('iam.account.identity-federation').status).toBe('PASS');
    await endpoint!.close();
    const none = await audit(account({ samlProviders: [] }), { accessDenied: ['iam:ListOpenIDConnectProviders'] });
    expect(none.check('iam.account.identity-federation').status).toBe('NOT_ASSESSED');
    expect(none.findings('iam.account.identity-federation')[0]!.message).toContain('iam:ListOpenIDConnectProviders failed: AccessDenied');
    await endpoint!.close();
    const both = await audit(account(), { accessDenied: ['iam:ListOpenIDConnectProviders', 'iam:ListSAMLProviders'] });
    expect(both.check('iam.account.identity-federation').status).toBe('NOT_ASSESSED');
  });
});

describe('security contact (iam.account.security-contact) over the Account REST-JSON API', () => {
  it('PASS with a registered SECURITY contact; FAIL when none is (ResourceNotFoundException)', async () => {
    const set = await audit(account());
    expect(set.check('iam.account.security-contact').status).toBe('PASS');
    expect(set.snapshot.securityContact).toEqual({ name: 'Security team', title: 'Security', emailAddress: 'security@example.com', phoneNumber: '+1-555-0100' });
    expect(set.endpoint.count('GetAlternateContact')).toBe(1);
    await endpoint!.close();
    const unset = await audit(account({ securityContact: null }));
    expect(unset.snapshot.securityContact).toBeNull();
    const [f] = unset.findings('iam.account.security-contact');
    expect(f).toMatchObject({ status: 'FAIL', compliance: { 'cis-7.0': ['2.3'], 'cis-3.0': ['1.2'], 'security-hub': ['Account.1'] } });
    expect(f!.remediation).toContain('aws account put-alternate-contact --alternate-contact-type SECURITY');
  });

  it('AccessDenied is NOT_ASSESSED with the cause, and exit 3', async () => {
    const { check, report, code } = await audit(account(), { accessDenied: ['account:GetAlternateContact'] });
    expect(check('iam.account.security-contact').status).toBe('NOT_ASSESSED');
    expect(code).toBe(3);
    const gap = report.gaps.find((g) => g.part === 'securityContact')!;
    expect(gap).toMatchObject({ api: 'account:GetAlternateContact', error: 'AccessDeniedException' });
    expect(gap.message).toBe('account:GetAlternateContact: access denied to account:GetAlternateContact');
    expect(report.findings.find((f) => f.checkId === 'iam.account.security-contact')!.remediation).toContain('Allow account:GetAlternateContact');
  });
});

describe('an authorization-details export has none of these reads', () => {
  it('every new part is a NotProvided gap, so no check passes on it', () => {
    const exp = readExport('example-authz-details.json');
    const { snapshot } = buildOfflineSnapshot([{ page: exp, source: 'export.json' }], undefined, NOW);
    const parts = ['serverCertificates', 'samlProviders', 'openIdConnectProviders', 'securityContact', 'accessAnalyzer', 'accessAnalyzerFindings'];
    for (const part of parts) expect(snapshot.gaps, part).toContainEqual(expect.objectContaining({ part, error: 'NotProvided', message: 'offline audit: not part of an authorization-details export' }));
    expect(snapshot.serverCertificates).toBeUndefined();
  });
});
