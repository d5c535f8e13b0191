// Long-term Bedrock API keys are bearer secrets of an IAM user: whoever holds the key acts with that user's whole
// permissions, not just Bedrock's. Each user with a Bedrock API key is judged: an active key FAILs (its age, whether
// it expires), high when the user can do more than invoke models (any action other than a List or a Bedrock read).
import { evaluateForPrincipal } from '../../agents/principal-policies.js';
import type { ActionCatalog } from '../../policy/catalog.js';
import type { AccountSnapshot, IamUser } from '../../snapshot/snapshot.js';
import type { Check, CheckResult } from '../types.js';
import { populationOf } from '../util/populations.js';
import { draft, sh } from '../util/shell.js';

const DAY = 86_400_000;
const MAX_LISTED = 5;

/** The users holding at least one Bedrock API key, by ARN. */
function keyHolders(snap: AccountSnapshot): Map<string, IamUser> {
  const names = new Set((snap.bedrockApiKeys ?? []).map((k) => k.userName));
  return new Map(snap.users.filter((u) => names.has(u.name)).map((u) => [u.arn, u]));
}

/** Actions the user is allowed beyond invoking models: anything but Lists and Bedrock's reads (InvokeModel is one). */
function beyondInvoke(snap: AccountSnapshot, user: IamUser, catalog: ActionCatalog): string[] {
  const principal = { kind: 'user' as const, entity: user };
  return catalog
    .expand('*')
    .filter((a) => a.accessLevel !== 'List' && !(a.accessLevel === 'Read' && a.name.toLowerCase().startsWith('bedrock:')))
    .filter((a) => evaluateForPrincipal(snap, principal, a.name).decision === 'ALLOWED')
    .map((a) => a.name);
}

export const agentBedrockApiKeys: Check = {
  id: 'agent.bedrock-api-keys',
  title: 'No active long-term Bedrock API keys',
  severity: 'high',
  needs: ['users', 'groups', 'policies', 'bedrockApiKeys'],
  reads: ['identity', 'permissions', 'credentials'],
  population: populationOf('IAM users with Bedrock API keys', (snap) => [...keyHolders(snap).keys()]),
  remediation: 'Use short-term Bedrock API keys (or the caller\'s own role credentials) and delete the long-term key.',
  run: (snap, ctx) =>
    [...keyHolders(snap).values()].map((user): CheckResult => {
      const keys = (snap.bedrockApiKeys ?? []).filter((k) => k.userName === user.name);
      const active = keys.filter((k) => k.status === 'Active' && !(k.expirationDate && k.expirationDate <= ctx.now));
      const ageDays = (created: string) => Math.floor((Date.parse(ctx.now) - Date.parse(created)) / DAY);
      const evidence = {
        keys: keys.map((k) => ({ id: k.id, status: k.status, createDate: k.createDate, ageDays: ageDays(k.createDate), ...(k.expirationDate ? { expirationDate: k.expirationDate } : { expires: 'never' }) })),
      };
      if (active.length === 0) return { resourceArn: user.arn, status: 'PASS', message: `${user.name} has no active Bedrock API key.`, evidence };
      const beyond = beyondInvoke(snap, user, ctx.catalog);
      const oldest = Math.max(...active.map((k) => ageDays(k.createDate)));
      const never = active.some((k) => !k.expirationDate);
      const what = `${user.name} has ${active.length} active long-term Bedrock API key(s) (oldest ${oldest} days${never ? ', one never expires' : ''})`;
      return {
        resourceArn: user.arn,
        status: 'FAIL',
        severity: beyond.length ? 'high' : 'medium',
        message: beyond.length
          ? `${what}, and the key's holder can do more than invoke models: ${beyond.length} other action(s) (${beyond.slice(0, 3).join(', ')}${beyond.length > 3 ? ', ...' : ''}).`
          : `${what}.`,
        evidence: { ...evidence, allowedBeyondInvoke: beyond.slice(0, MAX_LISTED), allowedBeyondInvokeCount: beyond.length },
        remediation: draft(
          `aws iam list-service-specific-credentials --user-name ${sh(user.name)} --service-name bedrock.amazonaws.com`,
          '# Move the caller to short-term Bedrock API keys or to role credentials, then for each key id:',
          `aws iam delete-service-specific-credential --user-name ${sh(user.name)} --service-specific-credential-id <ServiceSpecificCredentialId>`,
        ),
      };
    }),
};
