// Security Hub IAM.24 / IAM.25: every IAM role / user carries at least one tag. Without the controls' optional
// requiredTagKeys parameter AWS Config's rule asks for any tag other than the system ones (keys starting with
// "aws:"). Service-linked roles are AWS-owned (the customer does not create or tag them) and are left out.
import type { IamRole, IamUser } from '../../snapshot/snapshot.js';
import type { Check, CheckResult } from '../types.js';
import { isServiceLinkedRole } from './arn.js';
import { populationOf } from './populations.js';
import { sh } from './shell.js';

type Kind = 'user' | 'role';

const customerTagKeys = (tags: Readonly<Record<string, string>>) => Object.keys(tags).filter((k) => !k.toLowerCase().startsWith('aws:'));

export function taggedCheck({ id, kind }: { id: string; kind: Kind }): Check {
  const entities = (snap: Parameters<Check['run']>[0]): ReadonlyArray<IamUser | IamRole> =>
    kind === 'user' ? snap.users : snap.roles.filter((r) => !isServiceLinkedRole(r));
  const noun = kind === 'user' ? 'IAM users' : 'IAM roles (other than service-linked roles)';
  return {
    id,
    title: `IAM ${kind}s are tagged`,
    severity: 'low',
    needs: [kind === 'user' ? 'users' : 'roles'],
    reads: ['identity', 'tags'],
    population: { ...populationOf(noun, (snap) => entities(snap).map((e) => e.arn)), kinds: [kind === 'user' ? 'users' : 'roles'] },
    remediation: `Tag every IAM ${kind} with the keys your tagging policy requires (at least an owner): aws iam tag-${kind} --${kind}-name NAME --tags Key=owner,Value=TEAM.`,
    run: (snap) =>
      entities(snap).map((e): CheckResult => {
        const keys = customerTagKeys(e.tags);
        const evidence = { name: e.name, tagKeys: keys };
        if (keys.length) return { resourceArn: e.arn, status: 'PASS', message: `${e.name} is tagged (${keys.join(', ')}).`, evidence };
        return {
          resourceArn: e.arn,
          status: 'FAIL',
          message: `${e.name} has no tags${Object.keys(e.tags).length ? ' other than aws: system tags' : ''}, so nothing says who owns it or why it exists.`,
          evidence,
          remediation: `aws iam tag-${kind} --${kind}-name ${sh(e.name)} --tags Key=owner,Value=TEAM`,
        };
      }),
  };
}
