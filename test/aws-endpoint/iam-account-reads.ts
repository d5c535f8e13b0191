// IAM query actions for the account-level reads, served as an endpoint extension (query protocol, XML as in the IAM
// API reference): ListServerCertificates (Marker/MaxItems pagination, PathPrefix), ListSAMLProviders and
// ListOpenIDConnectProviders (not paginated). State comes from configureAccountReads (account-reads.ts).
import { accountReadsOf } from './account-reads.js';
import type { EndpointExtension, QueryCall } from './extensions.js';
import { pageArgs, truncation } from './iam.js';
import { stableId } from './prng.js';
import { el, isoZ, members } from './xml.js';

const DAY = 86_400_000;

function listServerCertificates(call: QueryCall, maxPageSize: number | undefined): string {
  const { account } = call.served;
  const prefix = call.params.get('PathPrefix') || '/';
  const certs = accountReadsOf(account)
    .serverCertificates.map((c) => ({ ...c, path: c.path ?? '/' }))
    .filter((c) => c.path.startsWith(prefix))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { offset, limit } = pageArgs({ params: call.params, maxPageSize }, 'ListServerCertificates', prefix);
  const items = certs.slice(offset, offset + limit).map((c) => {
    const expiration = Date.parse(c.expiration);
    return (
      el('Path', c.path) +
      el('ServerCertificateName', c.name) +
      el('ServerCertificateId', stableId('ASCA', `${account.accountId}:${c.name}`, 17)) +
      el('Arn', `arn:${account.partition}:iam::${account.accountId}:server-certificate${c.path}${c.name}`) +
      el('UploadDate', isoZ(c.uploaded ? Date.parse(c.uploaded) : expiration - 365 * DAY)) +
      el('Expiration', isoZ(expiration))
    );
  });
  return members('ServerCertificateMetadataList', items) + truncation('ListServerCertificates', prefix, offset, limit, certs.length);
}

function listSamlProviders(call: QueryCall): string {
  const { account } = call.served;
  const created = Date.parse(account.now) - 400 * DAY;
  return members(
    'SAMLProviderList',
    accountReadsOf(account).samlProviders.map(
      (name) => el('Arn', `arn:${account.partition}:iam::${account.accountId}:saml-provider/${name}`) + el('ValidUntil', isoZ(created + 3650 * DAY)) + el('CreateDate', isoZ(created)),
    ),
  );
}

function listOpenIdConnectProviders(call: QueryCall): string {
  const { account } = call.served;
  return members('OpenIDConnectProviderList', accountReadsOf(account).oidcProviders.map((issuer) => el('Arn', `arn:${account.partition}:iam::${account.accountId}:oidc-provider/${issuer}`)));
}

/** `maxPageSize`: the endpoint's cap on items per page (EndpointOptions.maxPageSize). */
export function iamAccountReadsExtension(maxPageSize?: number): EndpointExtension {
  return {
    queryActions: new Set(['iam:ListServerCertificates', 'iam:ListSAMLProviders', 'iam:ListOpenIDConnectProviders']),
    query: (call) =>
      call.action === 'ListServerCertificates' ? listServerCertificates(call, maxPageSize) : call.action === 'ListSAMLProviders' ? listSamlProviders(call) : listOpenIdConnectProviders(call),
  };
}
