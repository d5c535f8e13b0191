// Remediation drafts shared by several checks.
import type { PrincipalKind } from '../../policy/reachable.js';
import { draft, fileName, json, sh } from './shell.js';

/** The credential report names key slots, not key ids: the draft looks the id up first. */
export function keyIdLookup(userName: string, slot: string, created: string): string {
  return `aws iam list-access-keys --user-name ${sh(userName)}   # ${slot} is the key created ${created}; note its AccessKeyId`;
}

export function keyRotationDraft(userName: string, slot: string, created: string): string {
  const u = sh(userName);
  return draft(
    keyIdLookup(userName, slot, created),
    `aws iam create-access-key --user-name ${u}   # move every consumer of the old key to this one`,
    `aws iam update-access-key --user-name ${u} --access-key-id <${slot}-id> --status Inactive`,
    '# wait until nothing fails (the old key\'s last-used date stops moving), then:',
    `aws iam delete-access-key --user-name ${u} --access-key-id <${slot}-id>`,
  );
}

export function keyDeactivationDraft(userName: string, slot: string, created: string): string {
  const u = sh(userName);
  return draft(
    keyIdLookup(userName, slot, created),
    `aws iam update-access-key --user-name ${u} --access-key-id <${slot}-id> --status Inactive`,
    '# if nothing breaks for a while:',
    `aws iam delete-access-key --user-name ${u} --access-key-id <${slot}-id>`,
  );
}

/** create-policy from the inline document, attach it to the same principal, delete the inline policy. */
export function inlineToManagedDraft(
  snapshot: { partition: string; accountId: string },
  kind: PrincipalKind,
  principalName: string,
  policyName: string,
  document: unknown,
): string {
  const file = `${fileName(policyName)}.json`;
  const arn = `arn:${snapshot.partition}:iam::${snapshot.accountId}:policy/${policyName}`;
  return draft(
    `cat > ${sh(file)} <<'POLICY'`,
    json(document),
    'POLICY',
    `aws iam create-policy --policy-name ${sh(policyName)} --policy-document ${sh(`file://${file}`)}`,
    `aws iam attach-${kind}-policy --${kind}-name ${sh(principalName)} --policy-arn ${sh(arn)}`,
    `aws iam delete-${kind}-policy --${kind}-name ${sh(principalName)} --policy-name ${sh(policyName)}`,
  );
}

/** Removes a policy from a principal, whatever its type. */
export function detachDraft(kind: PrincipalKind, principalName: string, policy: { type: 'inline' | 'managed'; name: string; arn?: string }): string {
  return policy.type === 'inline'
    ? `aws iam delete-${kind}-policy --${kind}-name ${sh(principalName)} --policy-name ${sh(policy.name)}`
    : `aws iam detach-${kind}-policy --${kind}-name ${sh(principalName)} --policy-arn ${sh(policy.arn ?? policy.name)}`;
}
