// The account-level reads of the AccountSnapshot beyond the IAM inventory (see src/snapshot/snapshot.ts, which
// re-exports everything here): IAM server certificates, identity providers, the security alternate contact, and
// IAM Access Analyzer (analyzers per enabled region, and their active findings).
import { z } from 'zod';
import { isoDate, stringList } from './entities.js';

/** iam:ListServerCertificates (ServerCertificateMetadata). */
export const serverCertificateSchema = z.object({
  name: z.string(),
  id: z.string(),
  arn: z.string(),
  path: z.string(),
  uploadDate: isoDate.optional(),
  /** Absent when IAM did not say: the certificate is then NOT_ASSESSED, never valid. */
  expiration: isoDate.optional(),
});

/** iam:ListSAMLProviders (SAMLProviderListEntry). */
export const samlProviderSchema = z.object({
  arn: z.string(),
  createDate: isoDate.optional(),
  validUntil: isoDate.optional(),
});

/** iam:ListOpenIDConnectProviders (OpenIDConnectProviderListEntry): the list gives the ARN only. */
export const openIdConnectProviderSchema = z.object({ arn: z.string() });

/** account:GetAlternateContact for the SECURITY type. */
export const alternateContactSchema = z.object({
  name: z.string().optional(),
  title: z.string().optional(),
  emailAddress: z.string().optional(),
  phoneNumber: z.string().optional(),
});

/** access-analyzer:ListAnalyzers (AnalyzerSummary), with the region it was listed in. */
export const analyzerSchema = z.object({
  arn: z.string(),
  name: z.string(),
  /** ACCOUNT / ORGANIZATION (external access), *_UNUSED_ACCESS, *_INTERNAL_ACCESS. */
  type: z.string(),
  /** ACTIVE, CREATING, DISABLED, FAILED. */
  status: z.string(),
  region: z.string(),
  createdAt: isoDate.optional(),
  statusReason: z.string().optional(),
  tags: z.record(z.string(), z.string()),
});

export const accessAnalyzerPartSchema = z.object({
  /** The account's enabled regions (account:ListRegions: ENABLED and ENABLED_BY_DEFAULT), sorted. */
  regions: stringList,
  /**
   * The analyzers of every region whose listing succeeded. A region whose ListAnalyzers failed has an entity-scoped
   * gap of this part whose resource is analyzerRegionResource(...) of that region.
   */
  analyzers: z.array(analyzerSchema),
});

/** access-analyzer:ListFindingsV2 (FindingSummaryV2), ACTIVE findings of one analyzer. */
export const accessAnalyzerFindingSchema = z.object({
  analyzerArn: z.string(),
  region: z.string(),
  id: z.string(),
  /** ExternalAccess, UnusedIAMRole, UnusedIAMUserAccessKey, UnusedIAMUserPassword, UnusedPermission, InternalAccess. */
  findingType: z.string().optional(),
  status: z.string(),
  /** The resource the finding is about (an ARN for IAM resources). */
  resource: z.string().optional(),
  resourceType: z.string(),
  resourceOwnerAccount: z.string(),
  createdAt: isoDate,
  updatedAt: isoDate,
  analyzedAt: isoDate,
  error: z.string().optional(),
});

/**
 * The resource an entity-scoped accessAnalyzer gap names when one region's analyzers could not be listed (there is
 * no analyzer ARN to name): every analyzer of that region.
 */
export function analyzerRegionResource(partition: string, accountId: string, region: string): string {
  return `arn:${partition}:access-analyzer:${region}:${accountId}:analyzer/*`;
}

export type ServerCertificate = z.infer<typeof serverCertificateSchema>;
export type SamlProvider = z.infer<typeof samlProviderSchema>;
export type OpenIdConnectProvider = z.infer<typeof openIdConnectProviderSchema>;
export type AlternateContact = z.infer<typeof alternateContactSchema>;
export type Analyzer = z.infer<typeof analyzerSchema>;
export type AccessAnalyzerPart = z.infer<typeof accessAnalyzerPartSchema>;
export type AccessAnalyzerFinding = z.infer<typeof accessAnalyzerFindingSchema>;
