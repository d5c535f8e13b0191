// CIS 1.21 (v7.0.0: 2.19, Manual, level 2), informational: people reach the account through identity federation
// (a SAML provider, IAM Identity Center) instead of IAM users of their own. What IAM shows of it: the SAML and
// OpenID Connect providers. IAM Identity Center is not visible from IAM alone; it creates a SAML provider named
// AWSSSO_<id>_DO_NOT_DELETE in each account it provisions, and that is how it is recognised. OIDC providers of CI
// systems and EKS (GitHub Actions, GitLab, Terraform Cloud, ...) federate workloads, not people: alone they do not pass.
import type { OpenIdConnectProvider, SamlProvider } from '../../snapshot/snapshot.js';
import type { Check, CheckResult } from '../types.js';
import { accountArn } from '../util/arn.js';
import { describeGaps } from '../util/account-reads.js';
import { theAccount } from '../util/populations.js';

const IDENTITY_CENTER = /:saml-provider\/AWSSSO_[^/]*$/;
/** Issuers of workload identity tokens (the OIDC provider ARN ends with the issuer host and path). */
const WORKLOAD_ISSUERS = [
  /:oidc-provider\/token\.actions\.githubusercontent\.com/,
  /:oidc-provider\/gitlab\.com/,
  /:oidc-provider\/app\.terraform\.io/,
  /:oidc-provider\/api\.bitbucket\.org/,
  /:oidc-provider\/oidc\.circleci\.com/,
  /:oidc-provider\/oidc\.eks\.[^/]+\.amazonaws\.com/,
];

const isWorkloadIssuer = (p: OpenIdConnectProvider) => WORKLOAD_ISSUERS.some((re) => re.test(p.arn));
const name = (arn: string) => arn.slice(arn.indexOf('/') + 1);

export const accountIdentityFederation: Check = {
  id: 'iam.account.identity-federation',
  title: 'Users are managed centrally through identity federation (SAML, IAM Identity Center)',
  severity: 'info',
  needs: [],
  // Either list can show federation: only when both are missing is nothing known.
  population: { ...theAccount, closed: true, sources: ['samlProviders', 'openIdConnectProviders'] },
  remediation:
    'Give people access through IAM Identity Center or your identity provider (a SAML provider and roles to assume) instead of IAM users of their own.',
  run: (snap) => {
    const resourceArn = accountArn(snap);
    const saml: SamlProvider[] | undefined = snap.samlProviders;
    const oidc: OpenIdConnectProvider[] | undefined = snap.openIdConnectProviders;
    const identityCenter = (saml ?? []).filter((p) => IDENTITY_CENTER.test(p.arn)).map((p) => p.arn);
    const peopleOidc = (oidc ?? []).filter((p) => !isWorkloadIssuer(p)).map((p) => p.arn);
    const evidence = {
      samlProviders: saml?.map((p) => p.arn) ?? null,
      openIdConnectProviders: oidc?.map((p) => p.arn) ?? null,
      identityCenterProviders: identityCenter,
    };
    const result = (status: CheckResult['status'], message: string): CheckResult[] => [{ resourceArn, status, message, evidence }];
    if (identityCenter.length) return result('PASS', `IAM Identity Center provisions access into this account (SAML provider ${name(identityCenter[0]!)}).`);
    if (saml?.length) return result('PASS', `Identity federation is configured: SAML provider${saml.length === 1 ? '' : 's'} ${saml.map((p) => name(p.arn)).join(', ')}.`);
    if (peopleOidc.length) return result('PASS', `Identity federation is configured: OpenID Connect provider${peopleOidc.length === 1 ? '' : 's'} ${peopleOidc.map(name).join(', ')}.`);
    const unread = snap.gaps.filter((g) => (g.part === 'samlProviders' || g.part === 'openIdConnectProviders') && g.resource === undefined);
    if (saml === undefined || oidc === undefined) {
      const why = unread.length ? describeGaps(unread) : `the snapshot has no ${saml === undefined ? 'SAML' : 'OpenID Connect'} provider list`;
      return result('NOT_ASSESSED', `No identity provider was found in the lists that could be read, but ${why}.`);
    }
    const workloads = (oidc ?? []).filter(isWorkloadIssuer).map((p) => name(p.arn));
    return result(
      'FAIL',
      `No SAML provider${workloads.length ? ` (only OpenID Connect providers for workloads: ${workloads.join(', ')})` : ' or OpenID Connect provider'} is configured, so people who work in this account sign in as IAM users. IAM Identity Center cannot be seen from IAM alone: it shows as a SAML provider named AWSSSO_*_DO_NOT_DELETE in the accounts it provisions, and there is none.`,
    );
  },
};
