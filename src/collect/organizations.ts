// AWS Organizations reads for org mode, from the management account or a delegated administrator:
// DescribeOrganization; the tree top-down (ListRoots, then ListOrganizationalUnitsForParent and
// ListAccountsForParent for every parent — the Account records there are the ones ListAccounts returns, so the walk
// gives the accounts and their parents in one pass, without a ListParents per account); and the service control
// policies (ListPolicies Filter=SERVICE_CONTROL_POLICY, DescribePolicy for the content, ListTargetsForPolicy).
// Organizations has low request quotas: a few calls at a time (p-limit), adaptive SDK retries for the rest.
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListRoots,
  paginateListTargetsForPolicy,
  type Account,
  type Organization,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import { FatalAwsError } from '../errors.js';
import type { OrganizationModel, OrgAccount, OrgScp, OrgUnit } from '../org/model.js';
import { reconcileScpEnabled } from '../org/model.js';
import type { PolicyDocument } from '../snapshot/snapshot.js';
import { normalizePolicyDocument } from '../policy/normalize.js';
import { classifyAwsError } from './classify.js';
import { describeCredentialError, errorCode, gapFrom, isCredentialError } from './errors.js';

export interface OrganizationsCollectOptions {
  concurrency?: number;
  profile?: string;
  progress?: (message: string) => void;
}

const PAGE = 20; // MaxResults upper bound for these List* calls

function fatal(api: string, e: unknown, profile: string | undefined): FatalAwsError {
  if (isCredentialError(e)) return new FatalAwsError(describeCredentialError(e, profile, api));
  const c = classifyAwsError(e, { api, ...(profile ? { profile } : {}) });
  const hint =
    c.code === 'AWSOrganizationsNotInUseException'
      ? ' (this account is not in an organization)'
      : c.kind === 'AccessDenied'
        ? ' (run from the management account or a delegated administrator, with the permissions in policies/org-management-policy.json)'
        : ` ${c.advice}`;
  return new FatalAwsError(`${c.message}${hint}`);
}

function toAccount(a: Account, parentId: string): OrgAccount {
  return {
    id: a.Id ?? '',
    arn: a.Arn ?? '',
    name: a.Name ?? a.Id ?? '',
    ...(a.Email ? { email: a.Email } : {}),
    status: String((a as { State?: string }).State ?? a.Status ?? 'UNKNOWN'),
    parentId,
  };
}

export async function collectOrganization(client: OrganizationsClient, options: OrganizationsCollectOptions = {}): Promise<OrganizationModel> {
  const progress = options.progress ?? (() => {});
  const limit = pLimit(options.concurrency ?? 4);

  let org: Organization | undefined;
  try {
    ({ Organization: org } = await client.send(new DescribeOrganizationCommand({})));
  } catch (e) {
    throw fatal('organizations:DescribeOrganization', e, options.profile);
  }
  if (!org?.Id) throw new FatalAwsError('organizations:DescribeOrganization returned no organization');

  let root: OrganizationModel['root'] | undefined;
  const ous = new Map<string, OrgUnit>();
  const accounts: OrgAccount[] = [];
  try {
    for await (const page of paginateListRoots({ client, pageSize: PAGE }, {})) {
      const r = page.Roots?.[0];
      if (r?.Id && !root) {
        root = {
          id: r.Id,
          arn: r.Arn ?? '',
          name: r.Name ?? 'Root',
          scpEnabled: (r.PolicyTypes ?? []).some((t) => t.Type === 'SERVICE_CONTROL_POLICY' && t.Status === 'ENABLED'),
        };
      }
    }
    if (!root) throw new Error('ListRoots returned no root');
    // Breadth-first: each level's parents are listed concurrently; children keep their listing order.
    let parents = [root.id];
    while (parents.length > 0) {
      const levels = await Promise.all(
        parents.map((parentId) =>
          Promise.all([
            limit(async () => {
              const found: OrgUnit[] = [];
              for await (const page of paginateListOrganizationalUnitsForParent({ client, pageSize: PAGE }, { ParentId: parentId })) {
                for (const ou of page.OrganizationalUnits ?? []) {
                  if (ou.Id) found.push({ id: ou.Id, arn: ou.Arn ?? '', name: ou.Name ?? ou.Id, parentId });
                }
              }
              return found;
            }),
            limit(async () => {
              const found: OrgAccount[] = [];
              for await (const page of paginateListAccountsForParent({ client, pageSize: PAGE }, { ParentId: parentId })) {
                for (const a of page.Accounts ?? []) if (a.Id) found.push(toAccount(a, parentId));
              }
              return found;
            }),
          ]),
        ),
      );
      parents = [];
      for (const [children, accs] of levels) {
        for (const ou of children) {
          ous.set(ou.id, ou);
          parents.push(ou.id);
        }
        accounts.push(...accs);
      }
    }
  } catch (e) {
    throw fatal('organizations:ListOrganizationalUnitsForParent/ListAccountsForParent', e, options.profile);
  }
  progress(`organization ${org.Id}: ${accounts.length} accounts in ${ous.size} OUs`);

  const model: OrganizationModel = {
    id: org.Id,
    arn: org.Arn ?? '',
    featureSet: org.FeatureSet ?? 'ALL',
    managementAccountId: org.MasterAccountId ?? '',
    root,
    ous,
    accounts,
  };

  // The SCPs: a failure here does not stop the audit; the org checks become NOT_ASSESSED in every account.
  try {
    const summaries = [];
    for await (const page of paginateListPolicies({ client, pageSize: PAGE }, { Filter: 'SERVICE_CONTROL_POLICY' })) {
      summaries.push(...(page.Policies ?? []));
    }
    model.scps = await Promise.all(
      summaries.map(async (s): Promise<OrgScp> => {
        const [described, targets] = await Promise.all([
          limit(() => client.send(new DescribePolicyCommand({ PolicyId: s.Id! }))),
          limit(async () => {
            const out: OrgScp['targets'] = [];
            for await (const page of paginateListTargetsForPolicy({ client, pageSize: PAGE }, { PolicyId: s.Id! })) {
              for (const t of page.Targets ?? []) {
                if (t.TargetId && t.Type) out.push({ targetId: t.TargetId, name: t.Name ?? t.TargetId, type: t.Type });
              }
            }
            return out;
          }),
        ]);
        const content = described.Policy?.Content;
        if (content === undefined) throw new Error(`DescribePolicy ${s.Id} returned no content`);
        let document: PolicyDocument;
        try {
          document = normalizePolicyDocument(JSON.parse(content));
        } catch (e) {
          throw new Error(`SCP ${s.Name ?? s.Id}: ${(e as Error).message}`);
        }
        return {
          id: s.Id!,
          arn: s.Arn ?? '',
          name: s.Name ?? s.Id!,
          ...(s.Description ? { description: s.Description } : {}),
          awsManaged: s.AwsManaged ?? false,
          document,
          targets,
        };
      }),
    );
    model.scps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    progress(`${model.scps.length} service control policies`);
    reconcileScpEnabled(model);
    if (model.scpTypeGap) progress(`warning: ${model.scpTypeGap.message}`);
  } catch (e) {
    if (isCredentialError(e)) throw new FatalAwsError(describeCredentialError(e, options.profile));
    model.scpGap = gapFrom('organization', 'organizations:ListPolicies/DescribePolicy/ListTargetsForPolicy', e);
    progress(`could not read the service control policies: ${errorCode(e)}`);
  }
  return model;
}
