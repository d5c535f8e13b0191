// The account-level state the endpoint serves beyond the IAM inventory: IAM server certificates and identity
// providers (query/XML, iam-account-reads.ts), the alternate contacts and enabled regions of AWS Account Management,
// and IAM Access Analyzer analyzers with their findings (REST-JSON, account-api.ts and access-analyzer.ts).
//
//   configureAccountReads(acct, {
//     serverCertificates: [{ name: 'old-site', expiration: '2025-01-01T00:00:00Z' }],
//     samlProviders: ['Okta'], oidcProviders: ['token.actions.githubusercontent.com'],
//     securityContact: null,                                  // none registered: ResourceNotFoundException
//     regions: ['us-east-1', { name: 'eu-west-1' }, { name: 'me-south-1', status: 'DISABLED' }],
//     analyzers: [{ name: 'external', region: 'us-east-1', findings: [{ resource: 'arn:aws:s3:::b', resourceType: 'AWS::S3::Bucket' }] }],
//   });
//
// An account never configured has DEFAULT_ACCOUNT_READS: no server certificate, the SAML provider IAM Identity
// Center creates, a security contact, us-east-1 enabled (ap-east-1 listed as DISABLED) with an active, tagged ACCOUNT
// analyzer and no findings — a well-configured account, so fixtures written before these reads keep their findings.
import { createHash } from 'node:crypto';
import type { FakeAccount } from './account.js';

export interface ServerCertificateInput {
  name: string;
  expiration: string;
  uploaded?: string;
  path?: string;
}
export interface AlternateContactInput {
  name: string;
  email: string;
  phone: string;
  title: string;
}
export type RegionOptStatus = 'ENABLED' | 'ENABLING' | 'DISABLING' | 'DISABLED' | 'ENABLED_BY_DEFAULT';
export interface RegionInput {
  name: string;
  /** Default ENABLED_BY_DEFAULT. */
  status?: RegionOptStatus;
}
export interface AnalyzerFindingInput {
  resource: string;
  resourceType: string;
  /** Default ExternalAccess for external access analyzers, UnusedIAMRole for unused access ones. */
  findingType?: string;
  /** Default ACTIVE. */
  status?: 'ACTIVE' | 'ARCHIVED' | 'RESOLVED';
  created?: string;
  /** Default: the account itself. */
  owner?: string;
  id?: string;
}
export interface AnalyzerInput {
  name: string;
  region: string;
  /** Default ACCOUNT. */
  type?: string;
  /** Default ACTIVE. */
  status?: string;
  statusReason?: string;
  tags?: Record<string, string>;
  created?: string;
  findings?: AnalyzerFindingInput[];
}
export interface AccountReadsSetup {
  serverCertificates?: ServerCertificateInput[];
  /** SAML provider names. */
  samlProviders?: string[];
  /** OIDC issuers without https:// (the provider ARN is oidc-provider/<issuer>). */
  oidcProviders?: string[];
  /** null: none registered. */
  securityContact?: AlternateContactInput | null;
  regions?: (string | RegionInput)[];
  analyzers?: AnalyzerInput[];
}

export const DEFAULT_ACCOUNT_READS: Readonly<Required<AccountReadsSetup>> = {
  serverCertificates: [],
  samlProviders: ['AWSSSO_0123456789abcdef_DO_NOT_DELETE'],
  oidcProviders: [],
  securityContact: { name: 'Security team', email: 'security@example.com', phone: '+1-555-0100', title: 'Security' },
  regions: ['us-east-1', { name: 'ap-east-1', status: 'DISABLED' }],
  analyzers: [{ name: 'external-access', region: 'us-east-1', tags: { owner: 'security' } }],
};

const setups = new WeakMap<FakeAccount, AccountReadsSetup>();

/** Sets (replaces) what the account answers for these reads; fields left out keep their default. */
export function configureAccountReads(account: FakeAccount, setup: AccountReadsSetup): FakeAccount {
  setups.set(account, structuredClone(setup));
  return account;
}

export function accountReadsOf(account: FakeAccount): Required<AccountReadsSetup> {
  const s = setups.get(account) ?? {};
  const d = DEFAULT_ACCOUNT_READS;
  return {
    serverCertificates: s.serverCertificates ?? d.serverCertificates,
    samlProviders: s.samlProviders ?? d.samlProviders,
    oidcProviders: s.oidcProviders ?? d.oidcProviders,
    securityContact: s.securityContact === undefined ? d.securityContact : s.securityContact,
    regions: s.regions ?? d.regions,
    analyzers: s.analyzers ?? d.analyzers,
  };
}

/** A stable UUID-shaped id from a string (Access Analyzer finding ids are UUIDs). */
export function stableUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
