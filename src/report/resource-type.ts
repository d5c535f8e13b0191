/** What an ARN names, for the resource type fields of OCSF (CloudFormation style) and ASFF (AwsIam*). */
export type ResourceKind = 'user' | 'role' | 'group' | 'policy' | 'account' | 'trail' | 'organization' | 'other';

/** IAM ARNs are arn:<partition>:iam::<account>:<type>/<path/name>, the account itself :root. */
export function resourceKind(arn: string): ResourceKind {
  const parts = arn.split(':');
  const service = parts[2];
  const resource = parts.slice(5).join(':');
  if (service === 'iam') {
    if (resource === 'root') return 'account';
    const type = resource.split('/')[0];
    if (type === 'user' || type === 'role' || type === 'group' || type === 'policy') return type;
  }
  if (service === 'cloudtrail' && resource.startsWith('trail/')) return 'trail';
  if (service === 'organizations') return 'organization';
  return 'other';
}

/** The partition field of an ARN, when it is one ASFF accepts. */
export function arnPartition(arn: string): 'aws' | 'aws-cn' | 'aws-us-gov' | undefined {
  const p = arn.split(':')[1];
  return p === 'aws' || p === 'aws-cn' || p === 'aws-us-gov' ? p : undefined;
}

/** The region field of an ARN (empty for IAM, which is global). */
export function arnRegion(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}
