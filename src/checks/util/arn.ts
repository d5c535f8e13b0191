// ARN and principal-name helpers.
import type { AccountSnapshot, IamRole } from '../../snapshot/snapshot.js';

export { accountIdOf, isAwsManagedPolicyArn } from '../../policy/arn.js';

/** Service-linked roles live under /aws-service-role/: AWS owns their policies and trust; customers cannot edit them. */
export function isServiceLinkedRole(role: Pick<IamRole, 'path'>): boolean {
  return role.path.startsWith('/aws-service-role/');
}

/** The ARN that stands for the account itself (used for account-level settings such as the password policy). */
export function accountArn(snapshot: Pick<AccountSnapshot, 'partition' | 'accountId'>): string {
  return `arn:${snapshot.partition}:iam::${snapshot.accountId}:root`;
}

/** ARN of a customer managed policy with this name in this account (for drafts). */
export function customerPolicyArn(snapshot: Pick<AccountSnapshot, 'partition' | 'accountId'>, name: string): string {
  return `arn:${snapshot.partition}:iam::${snapshot.accountId}:policy/${name}`;
}
