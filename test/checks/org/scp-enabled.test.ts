// ListRoots can report PolicyTypes: [] while SCPs are attached (an AWS-compatible endpoint, a trimmed export): the
// attached SCPs win, the SCP checks judge the account, and the contradiction is a gap on the root.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationsClient } from '../../../src/aws/clients.js';
import { SCP_CHECKS } from '../../../src/checks/org/index.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { DEFAULT_THRESHOLDS } from '../../../src/vocabulary.js';
import { collectOrganization } from '../../../src/collect/organizations.js';
import { MANIFEST_VERSION, manifestOrganization, organizationModel, parseManifest } from '../../../src/org/manifest.js';
import { accountOrganization, organizationGaps } from '../../../src/org/model.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { emptySnapshot, finalizeSnapshot } from '../../../src/snapshot/snapshot.js';
import { startAwsEndpoint, type AwsEndpoint } from '../../aws-endpoint/index.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../../fixtures/fake-credentials.js';
import { DEV, NOW, organization } from '../../fixtures/organization.js';

const MANIFEST_HEAD = {
  manifestVersion: MANIFEST_VERSION,
  runId: 'r1',
  orgId: 'o-a1b2c3d4e5',
  date: '2026-11-25',
  startedAt: NOW,
  createdAt: NOW,
  scope: { assumeRole: 'OrganizationAccountAccessRole', accountsInOrganization: 4, productionOus: [] },
  selected: [DEV],
  skipped: [],
};

let endpoint: AwsEndpoint | undefined;
let ctx: CheckContext;
beforeAll(async () => {
  ctx = { now: NOW, thresholds: DEFAULT_THRESHOLDS, catalog: await loadActionCatalog() };
});
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function collect(scpEnabled: boolean) {
  const fx = organization({ scpEnabled });
  endpoint = await startAwsEndpoint(fx.mgmt, { extensions: [fx.org.extension()] });
  const client = createOrganizationsClient({
    endpointUrl: endpoint.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, secretAccessKey: FAKE_SECRET_ACCESS_KEY },
  });
  try {
    return await collectOrganization(client);
  } finally {
    client.destroy();
  }
}

describe('SCP policy type: attached SCPs beat an empty PolicyTypes', () => {
  it('treats SCPs as enabled and records the contradiction as a gap on the root', async () => {
    const model = await collect(false);
    expect(model.root.scpEnabled).toBe(true);
    expect(model.scpTypeGap).toMatchObject({ part: 'organization', api: 'organizations:ListRoots', field: 'PolicyTypes' });
    expect(model.scpTypeGap!.message).toMatch(/not enabled .* but \d+ SCPs are attached .*FullAWSAccess/);
    expect(organizationGaps(model)).toEqual([model.scpTypeGap]);

    const dev = model.accounts.find((a) => a.id === DEV)!;
    const part = accountOrganization(model, dev, model.accounts.map((a) => a.id))!;
    expect(part.scpEnabled).toBe(true);
    expect(part.scpChain.map((l) => l.targetType)).toEqual(['ROOT', 'ORGANIZATIONAL_UNIT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT']);

    const snap = finalizeSnapshot({ ...emptySnapshot(DEV, 'live', NOW), organization: part, gaps: organizationGaps(model) });
    const { findings } = runChecks(snap, SCP_CHECKS, ctx);
    expect(findings.filter((f) => /^Service control policies are not enabled/.test(f.message))).toEqual([]);
    // The gap shows in each SCP check as one NOT_ASSESSED row on the root; the account's own verdicts stand.
    expect(findings.filter((f) => f.status === 'NOT_ASSESSED').map((f) => f.resourceArn)).toEqual(SCP_CHECKS.map(() => model.root.arn));
    // Dev has no guardrails: the checks judge it and fail on what is really missing.
    expect(findings.some((f) => f.checkId === 'org.scp.deny-leave-organization' && f.status === 'FAIL' && f.resourceArn === part.account.arn)).toBe(true);
  });

  it('the org Lambda keeps the contradiction: the run manifest carries the type gap to the aggregator', async () => {
    const model = await collect(false);
    const manifest = parseManifest(JSON.parse(JSON.stringify({ ...MANIFEST_HEAD, organization: manifestOrganization(model) })), 's3://bucket/manifest.json');
    expect(organizationGaps(organizationModel(manifest))).toEqual([model.scpTypeGap]);
  });

  it('an organization that reports the type enabled records no gap', async () => {
    const model = await collect(true);
    expect(model.root.scpEnabled).toBe(true);
    expect(organizationGaps(model)).toEqual([]);
  });

  it('the checks do not say "not enabled" for a snapshot whose scpEnabled contradicts its own chain', () => {
    const policy = { id: 'p-FullAWSAccess', arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', name: 'FullAWSAccess', awsManaged: true, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: ['*'], Resource: ['*'] }] } };
    const part = {
      id: 'o-a1b2c3d4e5',
      arn: 'arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5',
      managementAccountId: '111111111111',
      featureSet: 'ALL',
      scpEnabled: false,
      account: { id: DEV, arn: `arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/${DEV}`, name: 'dev', status: 'ACTIVE', ouPath: 'Root' },
      scpChain: [
        { targetId: 'r-a1b2', targetName: 'Root', targetType: 'ROOT' as const, policies: [policy] },
        { targetId: DEV, targetName: 'dev', targetType: 'ACCOUNT' as const, policies: [policy] },
      ],
      accountIds: ['111111111111', DEV],
    };
    const { findings } = runChecks(finalizeSnapshot({ ...emptySnapshot(DEV, 'live', NOW), organization: part, gaps: [] }), SCP_CHECKS, ctx);
    expect(findings.filter((f) => /^Service control policies are not enabled/.test(f.message))).toEqual([]);
    expect(findings.filter((f) => f.status === 'FAIL').length).toBeGreaterThan(0);
  });
});
