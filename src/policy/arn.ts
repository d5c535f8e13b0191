// ARN helpers shared by policy analysis and the checks.

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The account id an AWS principal names: the 5th field of an ARN (arn:partition:service:region:ACCOUNT:resource)
 * or a bare 12-digit id. undefined for "*", unique ids (AROA..., left behind when the referenced principal was
 * deleted) and anything else that names no account.
 */
export function accountIdOf(principal: string): string | undefined {
  if (ACCOUNT_ID.test(principal)) return principal;
  if (!principal.startsWith('arn:')) return undefined;
  const account = principal.split(':')[4];
  return account !== undefined && ACCOUNT_ID.test(account) ? account : undefined;
}

/** True for AWS managed policy ARNs (arn:<partition>:iam::aws:policy/...). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

/** True for an ARN (pattern) in AWS's own account: arn:<partition>:<service>::aws:<resource>. */
export function isAwsOwnedArn(arn: string): boolean {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[4] === 'aws';
}
