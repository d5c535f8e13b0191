// iam.principal.cloudshell-full-access (Security Hub IAM.27).
import { beforeAll, describe, expect, it } from 'vitest';
import { principalCloudShellFullAccess } from '../../../src/checks/iam/principal-cloudshell-full-access.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { AccountSnapshot } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const SHELL = 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess';
const judge = (snap: AccountSnapshot) => runChecks(snap, [principalCloudShellFullAccess], ctx);

describe('iam.principal.cloudshell-full-access', () => {
  it('fails for each user, group or role with the policy attached, with a detach draft', () => {
    const { outcomes, findings } = judge(snapshot().user('dev', { managed: [SHELL] }).group('ops', { managed: [SHELL] }).role('app').build());
    expect(outcomes[0]!.status).toBe('FAIL');
    expect(findings.map((f) => f.resourceArn).sort()).toEqual([`arn:aws:iam::${ACCOUNT}:group/ops`, `arn:aws:iam::${ACCOUNT}:user/dev`]);
    expect(findings.find((f) => f.resourceArn.endsWith(':user/dev'))!.remediation).toContain(`aws iam detach-user-policy --user-name dev --policy-arn ${SHELL}`);
  });

  it('passes when nobody has it; NOT_APPLICABLE without principals', () => {
    expect(judge(snapshot().role('app').build()).outcomes[0]!.status).toBe('PASS');
    expect(judge(snapshot().build()).outcomes[0]!.status).toBe('NOT_APPLICABLE');
  });
});
