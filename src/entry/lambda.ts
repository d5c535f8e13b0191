// The Lambda bundle's handlers (serverless.yml): the nightly audit of the function's own account
// (src/entry/lambda/nightly.ts), and org mode's scheduler, worker and aggregator (src/entry/lambda/org-*.ts; README "Org mode"):
// the scheduler queues one SQS message per member account, a worker audits one account per message, and the last
// worker (or the deadline sweep) builds and mails the organization report. Settings come from HARDENING_AUDIT_*
// environment variables (src/entry/lambda/config.ts), validated: a bad one fails fast.
import './batch-jit.js'; // first: V8 tier-up thresholds for a batch run, before any audit code runs
import { loadLambdaConfig } from './lambda/config.js';
import { auditAccount, type AccountRunResult, type AuditTarget } from './lambda/nightly.js';
import { createOrgAggregatorHandler } from './lambda/org-aggregator.js';
import { createOrgSchedulerHandler } from './lambda/org-scheduler.js';
import { createOrgWorkerHandler } from './lambda/org-worker.js';
import { jsonLogger, type HandlerDeps, type LambdaContextLike } from './lambda/runtime.js';

export { jsonLogger, type HandlerDeps, type LambdaContextLike, type Logger, type LogLevel } from './lambda/runtime.js';
export { auditAccount, NightlyRunError, type AccountRunResult, type AuditTarget } from './lambda/nightly.js';

export interface NightlyResult {
  accounts: AccountRunResult[];
}

export function createHandler(deps: HandlerDeps = {}) {
  return async function handler(_event?: unknown, context: LambdaContextLike = {}): Promise<NightlyResult> {
    const log = deps.log ?? jsonLogger;
    const now = deps.now ?? (() => new Date());
    const config = loadLambdaConfig(deps.env ?? process.env);
    // The account the function runs in; member accounts are the org functions' (see the header comment).
    const targets: AuditTarget[] = [{ kind: 'caller' }];
    const accounts: AccountRunResult[] = [];
    for (const target of targets) accounts.push(await auditAccount(target, config, { now, log, sleep: deps.sleep }, context));
    return { accounts };
  };
}

export const handler = createHandler();
export const orgScheduler = createOrgSchedulerHandler();
export const orgWorker = createOrgWorkerHandler();
export const orgAggregator = createOrgAggregatorHandler();
