// The run manifest of one organization fan-out (Lambda org mode): written by the scheduler before any message is
// sent, read by every worker (the organization model: so workers need no Organizations call) and by the aggregator
// (which accounts to wait for). Plain JSON; the model's OU map becomes a list.
import { z } from 'zod';
import { gapSchema, policyDocumentSchema } from '../snapshot/snapshot.js';
import type { OrgReport } from '../report/org-model.js';
import type { OrganizationModel } from './model.js';
import { firstIssueText } from '../util/zod-issue.js';

export const MANIFEST_VERSION = 1;

export interface OrgRunManifest {
  manifestVersion: typeof MANIFEST_VERSION;
  /** The scheduled event's id: identifies the run (a retried scheduler invocation carries the same id). */
  runId: string;
  orgId: string;
  /** yyyy-mm-dd of the scheduled event's time: every account's archive folder and the org folder share it. */
  date: string;
  /** The scheduled event's time; the audits' "now". */
  startedAt: string;
  /** When the manifest was written; the deadline counts from here. */
  createdAt: string;
  scope: OrgReport['scope'];
  /** Account ids to audit (ACTIVE, selected): one message each. */
  selected: string[];
  skipped: OrgReport['skippedAccounts'];
  organization: Omit<OrganizationModel, 'ous'> & { ous: Array<OrganizationModel['ous'] extends Map<string, infer U> ? U : never> };
}

const accountSchema = z.object({ id: z.string(), arn: z.string(), name: z.string(), email: z.string().optional(), status: z.string(), parentId: z.string() });
const modelSchema = z.object({
  id: z.string(),
  arn: z.string(),
  featureSet: z.string(),
  managementAccountId: z.string(),
  root: z.object({ id: z.string(), arn: z.string(), name: z.string(), scpEnabled: z.boolean() }),
  ous: z.array(z.object({ id: z.string(), arn: z.string(), name: z.string(), parentId: z.string() })),
  accounts: z.array(accountSchema),
  scps: z
    .array(
      z.object({
        id: z.string(),
        arn: z.string(),
        name: z.string(),
        description: z.string().optional(),
        awsManaged: z.boolean(),
        document: policyDocumentSchema,
        targets: z.array(z.object({ targetId: z.string(), name: z.string(), type: z.enum(['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT']) })),
      }),
    )
    .optional(),
  scpGap: gapSchema.optional(),
  scpTypeGap: gapSchema.optional(),
});
const manifestSchema = z.object({
  manifestVersion: z.literal(MANIFEST_VERSION),
  runId: z.string().min(1),
  orgId: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  startedAt: z.string(),
  createdAt: z.string(),
  scope: z.looseObject({ assumeRole: z.string(), accountsInOrganization: z.number(), productionOus: z.array(z.string()) }),
  selected: z.array(z.string().regex(/^\d{12}$/)),
  skipped: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
  organization: modelSchema,
});

export function manifestOrganization(model: OrganizationModel): OrgRunManifest['organization'] {
  return { ...model, ous: [...model.ous.values()] };
}

export function organizationModel(manifest: OrgRunManifest): OrganizationModel {
  return { ...manifest.organization, ous: new Map(manifest.organization.ous.map((o) => [o.id, o])) };
}

/** Validates a parsed manifest; `source` (s3://...) names it in the error. */
export function parseManifest(value: unknown, source: string): OrgRunManifest {
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${source}: not an org run manifest: ${firstIssueText(parsed.error)}`);
  }
  return parsed.data as unknown as OrgRunManifest;
}
