// `explain`'s snapshot, from the same source options and rules as the audit (src/entry/cli/settings.ts).
import { DEFAULT_AGENT_SELECTOR } from '../../agents/select.js';
import type { AccountSnapshot } from '../../snapshot/snapshot.js';
import { cliSnapshotSource, type SourceOptions } from './settings.js';

/** Returns the snapshot and the "now" to judge it at (a saved snapshot is judged as of its collection). */
export async function snapshotFromSource(
  opts: SourceOptions,
  now: string,
  nowGiven: boolean,
  progress: (message: string) => void,
): Promise<{ snapshot: AccountSnapshot; now: string }> {
  const source = cliSnapshotSource({ ...opts, ...(nowGiven ? { now } : {}) }, { agents: DEFAULT_AGENT_SELECTOR }, now);
  return source.load(progress);
}
