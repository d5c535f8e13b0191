// Org mode, step 1 (EventBridge schedule): read the organization (Organizations, from the management or delegated
// administrator account the function runs in), choose the accounts (HARDENING_AUDIT_ORG_ACCOUNTS / _EXCLUDE_ACCOUNTS,
// ACTIVE only), write the run manifest to S3, then queue one SQS message per account for the workers.
//
// The run's date is the scheduled event's time (UTC), so every worker archives under the same date whenever it runs.
// One run per organization and day: the manifest is created with a conditional write. A retried invocation (same
// event id) finds its own manifest and queues the messages again (workers skip accounts already recorded); another
// event the same day is refused — delete <prefix>/org/<org>/<date>/ to run a day again.
import { createOrganizationsClient } from '../../aws/clients.js';
import { collectOrganization } from '../../collect/organizations.js';
import { createSqsClient, sendMessageBatches } from '../../org/queue.js';
import { manifestOrganization, MANIFEST_VERSION, type OrgRunManifest } from '../../org/manifest.js';
import { selectAccounts } from '../../org/run.js';
import { aggregateOrgRun } from '../../org/aggregate.js';
import { orgRuntime } from './org-runtime.js';
import type { WorkerMessage } from './events.js';
import { scheduledRun } from './events.js';
import type { HandlerDeps, LambdaContextLike } from './runtime.js';

export interface OrgSchedulerResult {
  status: 'queued' | 'already-exists';
  runId: string;
  orgId: string;
  date: string;
  queued: number;
  skipped: number;
  manifestKey: string;
}

export function createOrgSchedulerHandler(deps: HandlerDeps = {}) {
  return async function orgScheduler(event?: unknown, _context: LambdaContextLike = {}): Promise<OrgSchedulerResult> {
    const rt = orgRuntime(deps, { queue: true });
    const { config, org, store, log } = rt;
    const { runId, time } = scheduledRun(event, rt.now());
    const date = time.slice(0, 10);
    const aws = { region: config.aws.region, endpointUrl: config.aws.endpointUrl, maxAttempts: config.aws.maxAttempts };
    const organizations = createOrganizationsClient(aws);
    const sqs = createSqsClient(aws);
    try {
      const model = await collectOrganization(organizations, { progress: (m) => log('info', m) });
      const { selected, skipped } = selectAccounts(model, org.accounts, org.excludeAccounts);
      let manifest: OrgRunManifest = {
        manifestVersion: MANIFEST_VERSION,
        runId,
        orgId: model.id,
        date,
        startedAt: time,
        createdAt: rt.now().toISOString(),
        scope: {
          assumeRole: org.assumeRole,
          accountsInOrganization: model.accounts.length,
          ...(org.accounts?.length ? { includedAccounts: [...org.accounts] } : {}),
          ...(org.excludeAccounts?.length ? { excludedAccounts: [...org.excludeAccounts] } : {}),
          productionOus: org.productionOus,
        },
        selected: selected.map((a) => a.id),
        skipped,
        organization: manifestOrganization(model),
      };
      const manifestKey = store.key(model.id, date, 'manifest.json');
      if (!(await store.createManifest(manifest))) {
        const existing = await store.getManifest(model.id, date);
        if (!existing || existing.runId !== runId) {
          log('warn', 'an org run for this date exists already: nothing queued', { orgId: model.id, date, runId, existingRunId: existing?.runId, manifest: store.uri(manifestKey) });
          return { status: 'already-exists', runId, orgId: model.id, date, queued: 0, skipped: skipped.length, manifestKey };
        }
        manifest = existing; // a retry of this run: queue what the stored manifest selected
        log('info', 'retried run: queueing the stored selection again', { orgId: model.id, date, runId });
      }
      log('info', 'org run manifest written', { orgId: model.id, date, runId, selected: manifest.selected.length, skipped: manifest.skipped.length, manifest: store.uri(manifestKey) });

      if (manifest.selected.length === 0) {
        // No worker will ever complete this run: aggregate (and mail) right away.
        if (await store.claimAggregation(model.id, date, { runId, by: 'scheduler', at: rt.now().toISOString() })) await aggregateOrgRun(rt, manifest, 'scheduler', 'no result');
        return { status: 'queued', runId, orgId: model.id, date, queued: 0, skipped: manifest.skipped.length, manifestKey };
      }

      const messages = manifest.selected.map((accountId) => {
        const body: WorkerMessage = { kind: 'hardening-audit.org-account', runId, orgId: model.id, date, accountId };
        return { id: accountId, body: JSON.stringify(body) };
      });
      const sent = await sendMessageBatches(sqs, org.queueUrl as string, messages, {
        ...(rt.sleep ? { sleep: rt.sleep } : {}),
        onRetry: (info) => log('warn', 'some messages were not queued: retrying them', { orgId: model.id, date, ...info }),
      });
      log('info', 'org accounts queued', { orgId: model.id, date, runId, queued: sent.size });
      return { status: 'queued', runId, orgId: model.id, date, queued: sent.size, skipped: manifest.skipped.length, manifestKey };
    } finally {
      organizations.destroy();
      sqs.destroy();
      rt.destroy();
    }
  };
}
