// Org mode, step 3 (EventBridge schedule, some hours after the scheduler): the deadline sweep. Normally the last
// worker has aggregated the run already; the sweep is what makes sure a lost message, a crashed worker or a failed
// mail never means a silently missing organization mail:
//
//   for each organization under <prefix>/org/ and the run of the event's date and the day before:
//     aggregated.json exists                    → done, nothing to do
//     no lock, every account recorded           → claim the lock, aggregate
//     no lock, past the deadline                → claim the lock, aggregate; accounts without a record are FAILED
//                                                 "no result by the deadline"
//     no lock, before the deadline              → wait (a later sweep, or the last worker, aggregates)
//     lock but no aggregated.json, lock older   → the aggregation died or its mail failed: aggregate again
//       than STALE_LOCK_MINUTES
//
// The deadline is HARDENING_AUDIT_ORG_DEADLINE_MINUTES after the manifest was written. A lock is stale after 16
// minutes: longer than any Lambda invocation can hold it. Failures are thrown after every run was tried, so the
// invocation fails visibly.
import type { OrgRunManifest } from '../../org/manifest.js';
import { aggregateOrgRun } from '../../org/aggregate.js';
import { orgRuntime, type OrgRuntime } from './org-runtime.js';
import { scheduledRun } from './events.js';
import { MINUTE, type HandlerDeps, type LambdaContextLike } from './runtime.js';

export const STALE_LOCK_MINUTES = 16;
export const DEADLINE_REASON = 'no result by the deadline';

export type SweepAction = 'done-already' | 'aggregated' | 'waiting' | 'in-progress' | 'failed';

export interface OrgSweepResult {
  runs: Array<{ orgId: string; date: string; action: SweepAction; missing?: string[]; error?: string }>;
}

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

async function sweepRun(rt: OrgRuntime, manifest: OrgRunManifest): Promise<{ action: SweepAction; missing?: string[] }> {
  const { store, org } = rt;
  const { orgId, date } = manifest;
  const now = rt.now().getTime();
  if (await store.getDone(orgId, date)) return { action: 'done-already' };
  const lock = await store.getLock(orgId, date);
  if (lock) {
    if (now - Date.parse(lock.at) < STALE_LOCK_MINUTES * MINUTE) return { action: 'in-progress' };
    rt.log('warn', 'org aggregation claimed but never finished: aggregating again', { orgId, date, lock });
  } else {
    const recorded = await store.recordIds(orgId, date);
    const complete = manifest.selected.every((id) => recorded.has(id));
    const deadline = Date.parse(manifest.createdAt) + org.deadlineMinutes * MINUTE;
    if (!complete && now < deadline) return { action: 'waiting' };
    if (!(await store.claimAggregation(orgId, date, { runId: manifest.runId, by: 'sweep', at: rt.now().toISOString() }))) return { action: 'in-progress' };
  }
  const result = await aggregateOrgRun(rt, manifest, 'sweep', DEADLINE_REASON);
  return { action: 'aggregated', missing: result.missing };
}

export function createOrgAggregatorHandler(deps: HandlerDeps = {}) {
  return async function orgAggregator(event?: unknown, _context: LambdaContextLike = {}): Promise<OrgSweepResult> {
    const rt = orgRuntime(deps);
    try {
      const { time } = scheduledRun(event, rt.now());
      const date = time.slice(0, 10);
      const runs: OrgSweepResult['runs'] = [];
      for (const orgId of await rt.store.orgIds()) {
        for (const d of [dayBefore(date), date]) {
          const manifest = await rt.store.getManifest(orgId, d);
          if (!manifest) continue;
          try {
            const r = await sweepRun(rt, manifest);
            runs.push({ orgId, date: d, ...r });
            rt.log(r.missing?.length ? 'warn' : 'info', `org run ${r.action}`, { orgId, date: d, ...r });
          } catch (e) {
            const error = `${(e as Error).name}: ${(e as Error).message}`;
            runs.push({ orgId, date: d, action: 'failed', error });
            rt.log('error', 'org aggregation failed', { orgId, date: d, error });
          }
        }
      }
      const failed = runs.filter((r) => r.action === 'failed');
      if (failed.length) throw new Error(`org aggregation failed for ${failed.map((r) => `${r.orgId} ${r.date}: ${r.error}`).join('; ')}`);
      return { runs };
    } finally {
      rt.destroy();
    }
  };
}
