// The AccountSnapshot is the contract between collection (live or offline) and the checks.
// It is plain JSON: dates are ISO-8601 strings, policy documents are decoded and normalized.
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

/** Parts of a snapshot that can be missing; a check lists the parts it `needs`. */
export const SNAPSHOT_PARTS = [
  'callerIdentity',
  'credentialReport',
  'users',
  'groups',
  'roles',
  'policies',
  'passwordPolicy',
  'accountSummary',
  'virtualMfaDevices',
  /** Roles' MaxSessionDuration, from ListRoles (GetAccountAuthorizationDetails does not return it). */
  'roleSessionDurations',
  /** Org mode only: the account's place in AWS Organizations and its effective SCP chain. */
  'organization',
  /** CloudTrail trails, their status and event selectors (src/collect/cloudtrail.ts). */
  'cloudTrail',
  /** Root user activity from CloudTrail event history (LookupEvents). */
  'rootActivity',
  /** What the AI agent principals did in the last 24 hours, from CloudTrail event history. */
  'agentActivity',
  /** IAM server certificates (ListServerCertificates); src/snapshot/account-reads.ts has the account-level parts. */
  'serverCertificates',
  'samlProviders',
  'openIdConnectProviders',
  /** The SECURITY alternate contact (account:GetAlternateContact). */
  'securityContact',
  /** Enabled regions and the IAM Access Analyzer analyzers of each. */
  'accessAnalyzer',
  /** The ACTIVE findings of those analyzers (ListFindingsV2, bounded; a truncated analyzer has a gap). */
  'accessAnalyzerFindings',
  /** Long-term Bedrock API keys of IAM users (ListServiceSpecificCredentials; src/snapshot/agent-reads.ts). */
  'bedrockApiKeys',
] as const;
export type SnapshotPart = (typeof SNAPSHOT_PARTS)[number];

import {
  isoDate,
  policyDocumentSchema,
  type statementSchema,
  stringList,
  type attachedPolicySchema,
  type inlinePolicySchema,
  userSchema,
  groupSchema,
  roleSchema,
  managedPolicySchema,
} from './entities.js';

import {
  accessAnalyzerFindingSchema,
  accessAnalyzerPartSchema,
  alternateContactSchema,
  openIdConnectProviderSchema,
  samlProviderSchema,
  serverCertificateSchema,
} from './account-reads.js';

export * from './account-reads.js';
import { bedrockApiKeySchema } from './agent-reads.js';
export * from './agent-reads.js';

export {
  principalSchema,
  conditionSchema,
  statementSchema,
  policyDocumentSchema,
  userSchema,
  groupSchema,
  roleSchema,
  managedPolicySchema,
} from './entities.js';

const accessKeySlotSchema = z.object({
  active: z.boolean(),
  lastRotated: isoDate.nullable(),
  lastUsed: isoDate.nullable(),
  lastUsedService: z.string().nullable(),
});

/** One row of the IAM credential report. null = the report said N/A, no_information or not_supported. */
export const credentialReportRowSchema = z.object({
  user: z.string(),
  arn: z.string(),
  isRoot: z.boolean(),
  userCreationTime: isoDate.nullable(),
  /** null for the root row (not_supported). */
  passwordEnabled: z.boolean().nullable(),
  passwordLastUsed: isoDate.nullable(),
  passwordLastChanged: isoDate.nullable(),
  mfaActive: z.boolean(),
  accessKeys: z.tuple([accessKeySlotSchema, accessKeySlotSchema]),
  cert1Active: z.boolean(),
  cert2Active: z.boolean(),
});

export const credentialReportSchema = z.object({
  generatedTime: isoDate,
  rows: z.array(credentialReportRowSchema),
});

export const passwordPolicySchema = z.object({
  minimumPasswordLength: z.number().int().optional(),
  requireSymbols: z.boolean().optional(),
  requireNumbers: z.boolean().optional(),
  requireUppercaseCharacters: z.boolean().optional(),
  requireLowercaseCharacters: z.boolean().optional(),
  allowUsersToChangePassword: z.boolean().optional(),
  expirePasswords: z.boolean().optional(),
  maxPasswordAge: z.number().int().optional(),
  passwordReusePrevention: z.number().int().optional(),
  hardExpiry: z.boolean().optional(),
});

export const virtualMfaDeviceSchema = z.object({
  serialNumber: z.string(),
  userArn: z.string().optional(),
  enableDate: isoDate.optional(),
});

// ---- AWS Organizations (org mode) ------------------------------------------------------------------------------

export const scpTargetTypeSchema = z.enum(['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT']);

/** A service control policy as attached at one level, with its decoded, normalized document. */
export const scpPolicySchema = z.object({
  id: z.string(),
  arn: z.string(),
  name: z.string(),
  awsManaged: z.boolean(),
  description: z.string().optional(),
  document: policyDocumentSchema,
});

/** One level of the chain: the root, an OU, or the account itself, and the SCPs attached there. */
export const scpLevelSchema = z.object({
  targetId: z.string(),
  targetName: z.string(),
  targetType: scpTargetTypeSchema,
  policies: z.array(scpPolicySchema),
});

export const organizationPartSchema = z.object({
  id: z.string(),
  arn: z.string(),
  managementAccountId: z.string(),
  featureSet: z.string(),
  /** SERVICE_CONTROL_POLICY is enabled on the root; when false, no SCP applies and scpChain is empty. */
  scpEnabled: z.boolean(),
  account: z.object({
    id: z.string(),
    arn: z.string(),
    name: z.string(),
    email: z.string().optional(),
    status: z.string(),
    /** OU names from the root down, e.g. "Root/Workloads/Prod". */
    ouPath: z.string(),
  }),
  /**
   * The effective SCP chain, root first, then each OU down to the account's parent, then the account. An action is
   * allowed only if every level allows it (allow lists intersect) and no level denies it (denies add up). SCPs never
   * apply to the management account.
   */
  scpChain: z.array(scpLevelSchema),
  /** Every account of the organization (any state): principals of these accounts are internal. */
  accountIds: stringList,
});

// ---- CloudTrail ---------------------------------------------------------------------------------------------------

export const trailSchema = z.object({
  name: z.string(),
  arn: z.string(),
  homeRegion: z.string(),
  isMultiRegionTrail: z.boolean(),
  isOrganizationTrail: z.boolean(),
  logFileValidationEnabled: z.boolean(),
  includeGlobalServiceEvents: z.boolean(),
  s3BucketName: z.string().optional(),
  kmsKeyId: z.string().optional(),
  cloudWatchLogsLogGroupArn: z.string().optional(),
  /** GetTrailStatus. */
  isLogging: z.boolean(),
  latestDeliveryTime: isoDate.optional(),
  latestDeliveryError: z.string().optional(),
  /** Management events the event selectors record (basic or advanced selectors), 'None' when excluded. */
  managementEvents: z.enum(['All', 'ReadOnly', 'WriteOnly', 'None']),
  /** Event sources excluded from management events (e.g. kms.amazonaws.com). */
  excludedManagementEventSources: stringList,
});

export const cloudTrailPartSchema = z.object({
  /** The region DescribeTrails was called in (multi-region and organization trails show up in every region). */
  region: z.string(),
  trails: z.array(trailSchema),
});

export const rootEventSchema = z.object({
  eventId: z.string(),
  eventTime: isoDate,
  eventName: z.string(),
  eventSource: z.string(),
  sourceIpAddress: z.string().optional(),
  userAgent: z.string().optional(),
});

export const rootActivitySchema = z.object({
  /** The region whose event history was searched (global-service events such as console sign-in land in us-east-1). */
  region: z.string(),
  /** Searched window (CloudTrail event history keeps 90 days). */
  since: isoDate,
  until: isoDate,
  /** Events by the root user, newest first. */
  events: z.array(rootEventSchema),
  /** More events existed than were read (the newest ones are kept). */
  truncated: z.boolean(),
});

export const agentActivitySchema = z.object({
  region: z.string(),
  since: isoDate,
  until: isoDate,
  /** The window held more events than were read: counts are lower bounds. */
  truncated: z.boolean(),
  /** Events read in the window (all principals), to judge the counts. */
  eventsRead: z.number().int(),
  agents: z.array(
    z.object({
      /** The agent user or role (a role's sessions are attributed through sessionContext.sessionIssuer). */
      arn: z.string(),
      readEvents: z.number().int(),
      writeEvents: z.number().int(),
      /** The write events, newest first. */
      writes: z.array(z.object({ eventId: z.string(), eventTime: isoDate, eventName: z.string(), eventSource: z.string(), sessionArn: z.string().optional() })),
    }),
  ),
});

export const gapSchema = z.object({
  part: z.enum(SNAPSHOT_PARTS),
  /** The API that failed, as service:Action. */
  api: z.string(),
  /** The AWS error code (AccessDenied, Throttling, ...) or a short reason. */
  error: z.string(),
  message: z.string(),
  /**
   * Entity-scoped gap: the ARN of the one user, group, role or policy that could not be read (in full). Absent = the
   * whole part is missing. A check judges every other entity of the part; this one is NOT_ASSESSED in the checks that
   * need the part.
   */
  resource: z.string().optional(),
  /** With `resource`: the field that was missing or unreadable (e.g. "PolicyName", "AssumeRolePolicyDocument"). */
  field: z.string().optional(),
});

export const accountSnapshotSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  partition: z.string(),
  collectedAt: isoDate,
  source: z.enum(['live', 'auth-details', 'generated']),
  callerArn: z.string().optional(),
  credentialReport: credentialReportSchema.optional(),
  users: z.array(userSchema),
  groups: z.array(groupSchema),
  roles: z.array(roleSchema),
  policies: z.array(managedPolicySchema),
  /** null = the account has no password policy (NoSuchEntity); undefined = not collected (see gaps). */
  passwordPolicy: passwordPolicySchema.nullable().optional(),
  accountSummary: z.record(z.string(), z.number()).optional(),
  virtualMfaDevices: z.array(virtualMfaDeviceSchema).optional(),
  /** Org mode only (see organizationPartSchema). */
  organization: organizationPartSchema.optional(),
  cloudTrail: cloudTrailPartSchema.optional(),
  rootActivity: rootActivitySchema.optional(),
  agentActivity: agentActivitySchema.optional(),
  serverCertificates: z.array(serverCertificateSchema).optional(),
  samlProviders: z.array(samlProviderSchema).optional(),
  openIdConnectProviders: z.array(openIdConnectProviderSchema).optional(),
  /** null = no security contact is registered (ResourceNotFoundException); undefined = not collected (see gaps). */
  securityContact: alternateContactSchema.nullable().optional(),
  accessAnalyzer: accessAnalyzerPartSchema.optional(),
  accessAnalyzerFindings: z.array(accessAnalyzerFindingSchema).optional(),
  bedrockApiKeys: z.array(bedrockApiKeySchema).optional(),
  gaps: z.array(gapSchema),
});

export type PolicyStatement = z.infer<typeof statementSchema>;
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type AttachedPolicy = z.infer<typeof attachedPolicySchema>;
export type InlinePolicy = z.infer<typeof inlinePolicySchema>;
export type IamUser = z.infer<typeof userSchema>;
export type IamGroup = z.infer<typeof groupSchema>;
export type IamRole = z.infer<typeof roleSchema>;
export type ManagedPolicy = z.infer<typeof managedPolicySchema>;
export type AccessKeySlot = z.infer<typeof accessKeySlotSchema>;
export type CredentialReportRow = z.infer<typeof credentialReportRowSchema>;
export type CredentialReport = z.infer<typeof credentialReportSchema>;
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;
export type VirtualMfaDevice = z.infer<typeof virtualMfaDeviceSchema>;
export type Gap = z.infer<typeof gapSchema>;
export type ScpPolicy = z.infer<typeof scpPolicySchema>;
export type ScpLevel = z.infer<typeof scpLevelSchema>;
export type OrganizationPart = z.infer<typeof organizationPartSchema>;
export type Trail = z.infer<typeof trailSchema>;
export type CloudTrailPart = z.infer<typeof cloudTrailPartSchema>;
export type RootEvent = z.infer<typeof rootEventSchema>;
export type RootActivity = z.infer<typeof rootActivitySchema>;
export type AgentActivity = z.infer<typeof agentActivitySchema>;
export type AccountSnapshot = z.infer<typeof accountSnapshotSchema>;

/** An empty snapshot for an account; collectors and loaders fill it in. */
export function emptySnapshot(accountId: string, source: AccountSnapshot['source'], collectedAt: string): AccountSnapshot {
  return {
    schemaVersion: SCHEMA_VERSION,
    accountId,
    partition: 'aws',
    collectedAt,
    source,
    users: [],
    groups: [],
    roles: [],
    policies: [],
    gaps: [],
  };
}

/** Gaps of whole parts (no `resource`): a check that needs one of these parts cannot be assessed at all. */
export function gapsFor(snapshot: AccountSnapshot, parts: readonly SnapshotPart[]): Gap[] {
  return snapshot.gaps.filter((g) => parts.includes(g.part) && g.resource === undefined);
}

/** Entity-scoped gaps of these parts: resource ARN -> its gaps. */
export function entityGapsFor(snapshot: AccountSnapshot, parts: readonly SnapshotPart[]): Map<string, Gap[]> {
  const out = new Map<string, Gap[]>();
  for (const g of snapshot.gaps) {
    if (g.resource === undefined || !parts.includes(g.part)) continue;
    const list = out.get(g.resource);
    if (list) list.push(g);
    else out.set(g.resource, [g]);
  }
  return out;
}

/**
 * Validates a freshly built snapshot and puts it in canonical form (the schema's key order), so that a live
 * collection, an offline load and a re-loaded saved snapshot are the same object, key for key, and the checks
 * render byte-identical findings from each.
 */
export function finalizeSnapshot(snapshot: AccountSnapshot): AccountSnapshot {
  return accountSnapshotSchema.parse(snapshot);
}
