// Security Hub IAM.27 (CIS v7 2.20): no user, group or role has the AWS managed policy AWSCloudShellFullAccess. It
// allows uploading and downloading files to and from CloudShell environments and reaching the internet from them: a
// way to move data out that most principals have no need for.
import { allPrincipals } from '../../policy/reachable.js';
import type { Check, CheckResult } from '../types.js';
import { isServiceLinkedRole } from '../util/arn.js';
import { detachDraft } from '../util/drafts.js';
import { customerPrincipals } from '../util/populations.js';
import { draft } from '../util/shell.js';

const CLOUDSHELL_FULL = /^arn:[^:]+:iam::aws:policy\/AWSCloudShellFullAccess$/;

export const principalCloudShellFullAccess: Check = {
  id: 'iam.principal.cloudshell-full-access',
  title: 'No IAM user, group or role has AWSCloudShellFullAccess attached',
  severity: 'medium',
  needs: ['users', 'groups', 'roles'],
  reads: ['identity', 'permissions'],
  population: customerPrincipals,
  remediation: 'Detach AWSCloudShellFullAccess; grant a scoped CloudShell policy (without file transfer) to those who need CloudShell.',
  run: (snap) =>
    allPrincipals(snap)
      .filter((p) => !(p.kind === 'role' && isServiceLinkedRole(p.entity)))
      .map(({ kind, entity }): CheckResult => {
        const attached = entity.attachedManagedPolicies.find((a) => CLOUDSHELL_FULL.test(a.arn));
        if (!attached) return { resourceArn: entity.arn, status: 'PASS', message: `${entity.name} does not have AWSCloudShellFullAccess attached.`, evidence: {} };
        return {
          resourceArn: entity.arn,
          status: 'FAIL',
          message: `The ${kind} ${entity.name} has AWSCloudShellFullAccess attached: it can move files in and out of CloudShell and reach the internet from it.`,
          evidence: { policyArn: attached.arn },
          remediation: draft(
            '# Check first who uses CloudShell this way; grant a scoped policy (e.g. without cloudshell:GetFileDownloadUrls / GetFileUploadUrls) where needed.',
            detachDraft(kind, entity.name, { type: 'managed', name: attached.name, arn: attached.arn }),
          ),
        };
      }),
};
