// STS read actions. The installed @aws-sdk/client-sts (3.1174) sends STS calls with the awsQuery protocol
// (form-encoded Action=GetCallerIdentity&Version=2011-06-15, XML responses in the STS 2011-06-15 namespace),
// like the IAM client; no JSON / RPCv2 variant is used.
import type { ResolvedAccount } from './resolved.js';
import { el } from './xml.js';

export interface StsContext {
  model: ResolvedAccount;
  params: URLSearchParams;
  caller: { arn: string; userId: string };
}

export type StsHandler = (ctx: StsContext) => string;

export const STS_HANDLERS: Record<string, StsHandler> = {
  GetCallerIdentity: (ctx) => el('Arn', ctx.caller.arn) + el('UserId', ctx.caller.userId) + el('Account', ctx.model.accountId),
};
