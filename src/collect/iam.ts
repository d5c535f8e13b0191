// IAM reads: authorization details (users, groups, roles, policies in a few pages), password policy,
// account summary, virtual MFA devices, server certificates and identity providers.
import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListRoles,
  paginateListServerCertificates,
  paginateListVirtualMFADevices,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  addAuthorizationDetailsPage,
  emptyAuthorizationDetails,
  finishAuthorizationDetails,
  type AuthorizationDetails,
} from '../load/authorization-details.js';
import type { OpenIdConnectProvider, PasswordPolicy, SamlProvider, ServerCertificate, VirtualMfaDevice } from '../snapshot/snapshot.js';
import { errorCode } from './errors.js';

/** `account`: the caller's account (an entity of another account is an error; one without an ARN gets it built). */
export async function collectAuthorizationDetails(
  iam: IAMClient,
  onPage?: (n: number) => void,
  account?: { accountId: string; partition: string },
): Promise<AuthorizationDetails> {
  const details = emptyAuthorizationDetails(account ? { ...account, source: 'sts:GetCallerIdentity' } : undefined);
  let page = 0;
  const pages = paginateGetAccountAuthorizationDetails(
    { client: iam, pageSize: 1000 },
    { Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] },
  );
  for await (const response of pages) {
    ++page;
    addAuthorizationDetailsPage(details, response, `iam:GetAccountAuthorizationDetails page ${page}`, `page ${page}/`);
    onPage?.(page);
  }
  // A live response always covers every list asked for, even when a list is empty.
  details.present = { users: true, groups: true, roles: true, policies: true };
  return finishAuthorizationDetails(details);
}

/** null when the account has no password policy (IAM answers NoSuchEntity). */
export async function collectPasswordPolicy(iam: IAMClient): Promise<PasswordPolicy | null> {
  try {
    const { PasswordPolicy: p } = await iam.send(new GetAccountPasswordPolicyCommand({}));
    if (!p) return null;
    const out: PasswordPolicy = {};
    if (p.MinimumPasswordLength !== undefined) out.minimumPasswordLength = p.MinimumPasswordLength;
    if (p.RequireSymbols !== undefined) out.requireSymbols = p.RequireSymbols;
    if (p.RequireNumbers !== undefined) out.requireNumbers = p.RequireNumbers;
    if (p.RequireUppercaseCharacters !== undefined) out.requireUppercaseCharacters = p.RequireUppercaseCharacters;
    if (p.RequireLowercaseCharacters !== undefined) out.requireLowercaseCharacters = p.RequireLowercaseCharacters;
    if (p.AllowUsersToChangePassword !== undefined) out.allowUsersToChangePassword = p.AllowUsersToChangePassword;
    if (p.ExpirePasswords !== undefined) out.expirePasswords = p.ExpirePasswords;
    if (p.MaxPasswordAge !== undefined) out.maxPasswordAge = p.MaxPasswordAge;
    if (p.PasswordReusePrevention !== undefined) out.passwordReusePrevention = p.PasswordReusePrevention;
    if (p.HardExpiry !== undefined) out.hardExpiry = p.HardExpiry;
    return out;
  } catch (e) {
    if (errorCode(e) === 'NoSuchEntity' || errorCode(e) === 'NoSuchEntityException') return null;
    throw e;
  }
}

export async function collectAccountSummary(iam: IAMClient): Promise<Record<string, number>> {
  const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
  return Object.fromEntries(Object.entries(SummaryMap ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export async function collectVirtualMfaDevices(iam: IAMClient): Promise<VirtualMfaDevice[]> {
  const devices: VirtualMfaDevice[] = [];
  for await (const page of paginateListVirtualMFADevices({ client: iam, pageSize: 1000 }, { AssignmentStatus: 'Any' })) {
    for (const d of page.VirtualMFADevices ?? []) {
      devices.push({
        serialNumber: d.SerialNumber ?? '',
        ...(d.User?.Arn ? { userArn: d.User.Arn } : {}),
        ...(d.EnableDate ? { enableDate: d.EnableDate.toISOString() } : {}),
      });
    }
  }
  return devices;
}

/** Role ARN -> MaxSessionDuration (seconds), from ListRoles. */
export async function collectRoleSessionDurations(iam: IAMClient): Promise<Map<string, number>> {
  const durations = new Map<string, number>();
  for await (const page of paginateListRoles({ client: iam, pageSize: 1000 }, {})) {
    for (const r of page.Roles ?? []) if (r.Arn && r.MaxSessionDuration !== undefined) durations.set(r.Arn, r.MaxSessionDuration);
  }
  return durations;
}

const byArn = (a: { arn: string }, b: { arn: string }) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0);

/** The server certificates IAM stores (for load balancers and CloudFront), with their expiration. */
export async function collectServerCertificates(iam: IAMClient): Promise<ServerCertificate[]> {
  const certificates: ServerCertificate[] = [];
  for await (const page of paginateListServerCertificates({ client: iam, pageSize: 1000 }, {})) {
    for (const c of page.ServerCertificateMetadataList ?? []) {
      certificates.push({
        name: c.ServerCertificateName ?? '',
        id: c.ServerCertificateId ?? '',
        arn: c.Arn ?? '',
        path: c.Path ?? '/',
        ...(c.UploadDate ? { uploadDate: c.UploadDate.toISOString() } : {}),
        ...(c.Expiration ? { expiration: c.Expiration.toISOString() } : {}),
      });
    }
  }
  return certificates.sort(byArn);
}

/** SAML 2.0 identity providers (one call: the list is not paginated). */
export async function collectSamlProviders(iam: IAMClient): Promise<SamlProvider[]> {
  const { SAMLProviderList } = await iam.send(new ListSAMLProvidersCommand({}));
  return (SAMLProviderList ?? [])
    .map((p) => ({
      arn: p.Arn ?? '',
      ...(p.CreateDate ? { createDate: p.CreateDate.toISOString() } : {}),
      ...(p.ValidUntil ? { validUntil: p.ValidUntil.toISOString() } : {}),
    }))
    .sort(byArn);
}

/** OpenID Connect identity providers (one call: the list is not paginated). */
export async function collectOpenIdConnectProviders(iam: IAMClient): Promise<OpenIdConnectProvider[]> {
  const { OpenIDConnectProviderList } = await iam.send(new ListOpenIDConnectProvidersCommand({}));
  return (OpenIDConnectProviderList ?? []).map((p) => ({ arn: p.Arn ?? '' })).sort(byArn);
}
