// Where a run's snapshot comes from. Each source gives the snapshot and the "now" to judge it at:
//   - liveAccount: the caller's account through the read-only clients (CLI, nightly Lambda);
//   - snapshotFile: a snapshot saved with --save-snapshot, judged as of its collection unless --now is given;
//   - authDetailsExport: `aws iam get-account-authorization-details` pages (+ the credential report CSV);
//   - orgMember: a member account of an organization through sts:AssumeRole (org CLI, org worker).
import { basename } from 'node:path';
import { createClients, destroyClients, type AwsOptions } from '../aws/clients.js';
import { collectSnapshot, type CollectOptions } from '../collect/index.js';
import { loadOfflineSnapshot } from '../load/offline.js';
import { loadSnapshotFile } from '../load/snapshot-file.js';
import { collectMemberSnapshot, type MemberCollectSettings } from '../org/audit-member.js';
import type { OrganizationModel, OrgAccount } from '../org/model.js';
import type { AccountSnapshot } from '../snapshot/snapshot.js';

export interface LoadedSnapshot {
  snapshot: AccountSnapshot;
  /** ISO time the snapshot is judged at. */
  now: string;
  /** Org member sources: the SCPs in force and the sessions used. */
  member?: { scps: string[]; sessions: number };
  /**
   * Where the report says the data came from, when the snapshot's own `source` would mislead: a re-audited saved
   * snapshot is not a live run, even though its data was collected live (the report's `source`, summary and HTML).
   */
  source?: string;
}

export interface SnapshotSource {
  readonly kind: 'live' | 'snapshot-file' | 'auth-details' | 'org-member';
  /** `warn`: input accepted with something to say (unknown fields or columns, duplicates); shown even when quiet. */
  load(progress: (message: string) => void, warn?: (message: string) => void): Promise<LoadedSnapshot>;
}

export function liveAccount(aws: AwsOptions, collect: Omit<CollectOptions, 'now' | 'progress'>, now: string): SnapshotSource {
  return {
    kind: 'live',
    async load(progress, warn) {
      const clients = createClients(aws);
      try {
        const snapshot = await collectSnapshot(clients, { ...collect, now: () => new Date(now), progress, ...(warn ? { onWarning: warn } : {}) });
        return { snapshot, now };
      } finally {
        destroyClients(clients);
      }
    },
  };
}

/** `now` undefined: judge ages as of the collection, so a re-audit reproduces the original. */
export function snapshotFile(path: string, now?: string): SnapshotSource {
  return {
    kind: 'snapshot-file',
    async load(progress, warn) {
      const snapshot = await loadSnapshotFile(path, warn);
      progress(`loaded snapshot of account ${snapshot.accountId} collected at ${snapshot.collectedAt}`);
      return { snapshot, now: now ?? new Date(snapshot.collectedAt).toISOString(), source: savedSnapshotLabel(path, snapshot) };
    },
  };
}

const ORIGIN: Record<AccountSnapshot['source'], string> = { live: 'collected live', 'auth-details': 'loaded from an authorization-details export', generated: 'generated' };

/** "snapshot file x.json, collected live at 2026-11-25T00:00:00.000Z": the file (its name only) and its origin. */
export function savedSnapshotLabel(path: string, snapshot: Pick<AccountSnapshot, 'source' | 'collectedAt'>): string {
  return `snapshot file ${basename(path)}, ${ORIGIN[snapshot.source]} at ${new Date(snapshot.collectedAt).toISOString()}`;
}

export function authDetailsExport(files: string[], credentialReportFile: string | undefined, now: string): SnapshotSource {
  return {
    kind: 'auth-details',
    async load(progress, warn) {
      const snapshot = await loadOfflineSnapshot({ authDetailsFiles: files, credentialReportFile, collectedAt: now, ...(warn ? { onWarning: warn } : {}) });
      progress(`loaded authorization details of account ${snapshot.accountId}: ${snapshot.users.length} users, ${snapshot.roles.length} roles`);
      return { snapshot, now };
    },
  };
}

/** Throws MemberAccountError when the audit role cannot be assumed (the org run records the account as FAILED). */
export function orgMember(model: OrganizationModel, account: OrgAccount, settings: MemberCollectSettings): SnapshotSource {
  return {
    kind: 'org-member',
    async load(progress) {
      const { snapshot, scps, sessions } = await collectMemberSnapshot(model, account, { ...settings, progress });
      return { snapshot, now: settings.now, member: { scps, sessions } };
    },
  };
}
