// The AI-agent reads of the AccountSnapshot beyond the IAM inventory (re-exported by src/snapshot/snapshot.ts):
// long-term Bedrock API keys, which IAM stores as service-specific credentials of IAM users.
import { z } from 'zod';
import { isoDate } from './entities.js';

/** The service name IAM files Bedrock API keys under. */
export const BEDROCK_SERVICE = 'bedrock.amazonaws.com';

/** iam:ListServiceSpecificCredentials (ServiceSpecificCredentialMetadata) for bedrock.amazonaws.com; no secret. */
export const bedrockApiKeySchema = z.object({
  userName: z.string(),
  id: z.string(),
  /** Active, Inactive or Expired. */
  status: z.string(),
  createDate: isoDate,
  /** Only for keys created with an expiration period. */
  expirationDate: isoDate.optional(),
  /** The public part of the key (user name and a version suffix). */
  alias: z.string().optional(),
});

export type BedrockApiKey = z.infer<typeof bedrockApiKeySchema>;
