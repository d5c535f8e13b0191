// Shared by the checks of the account-level reads (server certificates, identity providers, security contact,
// IAM Access Analyzer). Each part throws (→ NOT_ASSESSED) when it was never collected and no gap says why: a
// snapshot saved by an older version, or a client set without that service.
import {
  analyzerRegionResource,
  type AccessAnalyzerPart,
  type AccountSnapshot,
  type Gap,
  type ServerCertificate,
} from '../../snapshot/snapshot.js';

function missing(what: string): Error {
  return new Error(`the snapshot has no ${what} (collected by a live audit of this version)`);
}

export function requireServerCertificates(snapshot: AccountSnapshot): ServerCertificate[] {
  if (!snapshot.serverCertificates) throw missing('IAM server certificates');
  return snapshot.serverCertificates;
}

export function requireAccessAnalyzer(snapshot: AccountSnapshot): AccessAnalyzerPart {
  if (!snapshot.accessAnalyzer) throw missing('IAM Access Analyzer information');
  return snapshot.accessAnalyzer;
}

/** The gaps that say a region's analyzers could not be listed. */
export function regionGaps(snapshot: AccountSnapshot, region: string): Gap[] {
  const resource = analyzerRegionResource(snapshot.partition, snapshot.accountId, region);
  return snapshot.gaps.filter((g) => g.part === 'accessAnalyzer' && g.resource === resource);
}

export const describeGaps = (gaps: readonly Gap[]): string => gaps.map((g) => `${g.api} failed: ${g.error}${g.message ? ` (${g.message})` : ''}`).join('; ');

/** The analyzer types that look for external access (the zone of trust is the account or the organization). */
export const EXTERNAL_ACCESS_TYPES: ReadonlySet<string> = new Set(['ACCOUNT', 'ORGANIZATION']);
