// Where a command's snapshot comes from: a live account, a saved snapshot, or an authorization-details export.
// Shared by the audit and `explain`, so both accept the same source options with the same rules.
import type { AgentSelector } from '../agents/select.js';
import { createClients, destroyClients } from '../aws/clients.js';
import { collectSnapshot } from '../collect/index.js';
import { InputError } from '../errors.js';
import { loadOfflineSnapshot } from '../load/offline.js';
import { loadSnapshotFile } from '../load/snapshot-file.js';
import type { AccountSnapshot } from '../snapshot.js';

export interface SnapshotSourceOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  maxAttempts?: number;
  iamConcurrency?: number;
  credentialReportTimeout?: number;
  snapshot?: string;
  authDetails?: string[];
  credentialReport?: string;
  /** Which principals are AI agents (their last 24 hours of CloudTrail activity are collected). */
  agents?: AgentSelector;
}

/** Returns the snapshot and the "now" to judge it at (a saved snapshot is judged as of its collection). */
export async function snapshotFromSource(
  opts: SnapshotSourceOptions,
  now: string,
  nowGiven: boolean,
  progress: (message: string) => void,
): Promise<{ snapshot: AccountSnapshot; now: string }> {
  if (opts.snapshot && opts.authDetails) throw new InputError('--snapshot and --auth-details are two different offline inputs: give one');
  if (opts.credentialReport && !opts.authDetails) throw new InputError('--credential-report goes with --auth-details');
  if ((opts.snapshot || opts.authDetails) && (opts.profile || opts.endpointUrl)) {
    throw new InputError('an offline audit (--snapshot, --auth-details) cannot be combined with --profile or --endpoint-url');
  }
  if (opts.snapshot) {
    const snapshot = await loadSnapshotFile(opts.snapshot);
    progress(`loaded snapshot of account ${snapshot.accountId} collected at ${snapshot.collectedAt}`);
    // A saved snapshot is a picture of one moment: judge ages as of then, so a re-audit reproduces the original.
    return { snapshot, now: nowGiven ? now : new Date(snapshot.collectedAt).toISOString() };
  }
  if (opts.authDetails) {
    const snapshot = await loadOfflineSnapshot({ authDetailsFiles: opts.authDetails, credentialReportFile: opts.credentialReport, collectedAt: now });
    progress(`loaded authorization details of account ${snapshot.accountId}: ${snapshot.users.length} users, ${snapshot.roles.length} roles`);
    return { snapshot, now };
  }
  const clients = createClients({ profile: opts.profile, region: opts.region, endpointUrl: opts.endpointUrl, maxAttempts: opts.maxAttempts });
  try {
    const snapshot = await collectSnapshot(clients, {
      profile: opts.profile,
      iamConcurrency: opts.iamConcurrency,
      now: () => new Date(now),
      ...(opts.agents ? { agents: opts.agents } : {}),
      ...(opts.credentialReportTimeout !== undefined ? { credentialReport: { deadlineMs: opts.credentialReportTimeout * 1000 } } : {}),
      progress,
    });
    return { snapshot, now };
  } finally {
    destroyClients(clients);
  }
}
