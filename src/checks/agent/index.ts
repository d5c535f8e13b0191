// The AI-agent checks (ids agent.*): how safely the principals selected as agents (src/agents/select.ts) are set up.
// One file per check, named as its id without the family: <id family>/<rest of the id, dots as dashes>.ts.
import { agentCandidatesCheck } from './candidates.js';
import { agentPermissionsBoundary } from './permissions-boundary.js';
import { agentDestructiveActions } from './destructive-actions-denied.js';
import { agentSecretsReadable } from './secrets-readable.js';
import { agentCanChangeIam } from './can-change-iam.js';
import { agentTrustMfa } from './trust-requires-mfa.js';
import { agentTrustExternalId } from './trust-external-id.js';
import { agentSessionDuration } from './session-duration.js';
import { agentLongLivedKeys } from './long-lived-keys.js';
import { agentUserAssumeOnly } from './user-assume-role-only.js';
import { agentBroadManagedPolicies } from './broad-managed-policies.js';
import { agentMcpDestructiveDenied } from './mcp-destructive-denied.js';
import { agentBedrockApiKeys } from './bedrock-api-keys.js';
import type { Check } from '../types.js';

/** In report order (src/checks/index.ts interleaves the families). */
export const AGENT_CHECKS: readonly Check[] = [agentCandidatesCheck, agentPermissionsBoundary, agentDestructiveActions, agentMcpDestructiveDenied, agentSecretsReadable, agentCanChangeIam, agentTrustMfa, agentTrustExternalId, agentSessionDuration, agentLongLivedKeys, agentUserAssumeOnly, agentBroadManagedPolicies, agentBedrockApiKeys];

export { agentBedrockApiKeys, agentBroadManagedPolicies, agentCanChangeIam, agentCandidatesCheck, agentDestructiveActions, agentLongLivedKeys, agentMcpDestructiveDenied, agentPermissionsBoundary, agentSecretsReadable, agentSessionDuration, agentTrustExternalId, agentTrustMfa, agentUserAssumeOnly };
