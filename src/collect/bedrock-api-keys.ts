// Long-term Bedrock API keys: iam:ListServiceSpecificCredentials with ServiceName bedrock.amazonaws.com and
// AllUsers=true, one paginated call for the whole account. Asking per user would cost one call per user, and no user
// can be ruled out first: the credential report has no column for service-specific credentials, and a user with no
// password and no access key is exactly what a Bedrock-API-key-only user looks like.
import { ListServiceSpecificCredentialsCommand, type IAMClient } from '@aws-sdk/client-iam';
import { BEDROCK_SERVICE, type BedrockApiKey } from '../snapshot/agent-reads.js';
import { MalformedAnswerError } from './account.js';

export async function collectBedrockApiKeys(iam: IAMClient): Promise<BedrockApiKey[]> {
  const keys: BedrockApiKey[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListServiceSpecificCredentialsCommand({ ServiceName: BEDROCK_SERVICE, AllUsers: true, MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }));
    for (const c of page.ServiceSpecificCredentials ?? []) {
      if (!c.UserName || !c.ServiceSpecificCredentialId || !c.CreateDate) throw new MalformedAnswerError('a service-specific credential lacks its UserName, ServiceSpecificCredentialId or CreateDate');
      keys.push({
        userName: c.UserName,
        id: c.ServiceSpecificCredentialId,
        status: String(c.Status ?? ''),
        createDate: c.CreateDate.toISOString(),
        ...(c.ExpirationDate ? { expirationDate: c.ExpirationDate.toISOString() } : {}),
        ...(c.ServiceCredentialAlias ? { alias: c.ServiceCredentialAlias } : {}),
      });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return keys.sort((a, b) => (a.userName < b.userName ? -1 : a.userName > b.userName ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
