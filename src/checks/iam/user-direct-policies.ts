import type { Check, CheckResult } from '../types.js';
import { detachDraft } from '../util/drafts.js';
import { draft, fileName, json, sh } from '../util/shell.js';
import { iamUsers } from '../util/populations.js';

export const userDirectPolicies: Check = {
  id: 'iam.user.direct-policies',
  title: 'IAM users receive permissions only through groups',
  severity: 'low',
  needs: ['users'],
  reads: ['identity', 'permissions'],
  population: iamUsers,
  remediation:
    'Attach the policies to a group that reflects the job function, add the user to it, then detach the policies from the user.',
  run: (snap) =>
    snap.users.map((user): CheckResult => {
      const managed = user.attachedManagedPolicies.map((p) => ({ name: p.name, arn: p.arn }));
      const inline = user.inlinePolicies.map((p) => p.name);
      const evidence = { groups: user.groups, attachedManagedPolicies: managed, inlinePolicies: inline };
      if (managed.length === 0 && inline.length === 0) {
        return { resourceArn: user.arn, status: 'PASS', message: `${user.name} has no policies attached directly.`, evidence };
      }
      const u = sh(user.name);
      const group = user.groups.length === 1 ? user.groups[0]! : `${user.name}-permissions`;
      const g = sh(group);
      const what = [
        managed.length ? `${managed.length} managed ${managed.length === 1 ? 'policy' : 'policies'}` : '',
        inline.length ? `${inline.length} inline ${inline.length === 1 ? 'policy' : 'policies'}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      return {
        resourceArn: user.arn,
        status: 'FAIL',
        message: `${user.name} has ${what} attached directly instead of through a group.`,
        evidence,
        remediation: draft(
          user.groups.length === 1
            ? `# ${user.name} is already in ${group}; move the permissions there (or into a group for the job function).`
            : `# Group name is a suggestion: prefer a group named for the job function, shared by users who do it.`,
          user.groups.length !== 1 && `aws iam create-group --group-name ${g}`,
          ...managed.map((p) => `aws iam attach-group-policy --group-name ${g} --policy-arn ${sh(p.arn)}`),
          ...user.inlinePolicies.flatMap((p) => [
            `cat > ${sh(`${fileName(p.name)}.json`)} <<'POLICY'`,
            json(p.document),
            'POLICY',
            `aws iam put-group-policy --group-name ${g} --policy-name ${sh(p.name)} --policy-document ${sh(`file://${fileName(p.name)}.json`)}`,
          ]),
          user.groups.length !== 1 && `aws iam add-user-to-group --group-name ${g} --user-name ${u}`,
          ...managed.map((p) => detachDraft('user', user.name, { type: 'managed', ...p })),
          ...inline.map((name) => detachDraft('user', user.name, { type: 'inline', name })),
        ),
      };
    }),
};
