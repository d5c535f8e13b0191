// THE audit run, the same for every entry point (CLI, nightly Lambda, org CLI, org worker):
//
//   source -> snapshot (+ save) -> settings -> checks -> report -> history (diff, trend) -> render -> stores
//
// Mail (src/pipeline/notify.ts) comes after, in the entry point that wants it. No AWS call of its own: the source
// collects, the stores write. Writing to a store may fail without losing the run: the failure is returned, and the
// entry point decides (the CLI exits, the Lambda still mails the reports attached, then fails).
import { auditSnapshot, exitCodeFor } from './audit.js';
import { InputError } from '../errors.js';
import { diffReports, diffSection, type DiffableReport, type ReportDiff } from '../report/diff.js';
import type { AuditReport, RunSummary } from '../report/model.js';
import { runSummary, trendSeries } from '../report/trend.js';
import type { AccountSnapshot } from '../snapshot/snapshot.js';
import { ACCOUNT_RENDERERS, renderAll, type RenderedReports } from './renderers.js';
import { resourceExistsIn } from './resource-index.js';
import type { ReportStore, StoredRun } from './report-store.js';
import { auditOptionsFor, type AuditSettings } from './settings.js';
import type { LoadedSnapshot, SnapshotSource } from './sources.js';

export interface AccountRunInput {
  source: SnapshotSource;
  settings: AuditSettings;
  /** Earlier runs of the account: the diff's previous report (unless `previous` is given) and the trend. */
  history?: ReportStore;
  /** An explicit previous report (--previous); wins over the history's. */
  previous?: { report: DiffableReport; where: string };
  /** Where the reports are written. */
  stores?: readonly ReportStore[];
  /** Called with the snapshot before it is audited (--save-snapshot). */
  saveSnapshot?: (snapshot: AccountSnapshot) => Promise<void>;
  progress?: (message: string) => void;
  /** Input accepted with a warning (unknown fields or columns, duplicates): shown even when quiet. */
  warn?: (message: string) => void;
}

export interface AccountRun {
  snapshot: AccountSnapshot;
  loaded: LoadedSnapshot;
  report: AuditReport;
  /** Against the previous report, or against nothing (every open finding is new). */
  diff: ReportDiff;
  previous: { date?: string; where: string; report: DiffableReport } | null;
  /** The trend, this run last (empty without a history store). */
  trend: RunSummary[];
  summary: RunSummary;
  rendered: RenderedReports;
  stored: StoredRun[];
  /** A store that could not be written, with its error (the run itself is complete). */
  storeErrors: Array<{ store: string; error: Error }>;
  /** Things the reader should know: history files skipped, history unreadable. */
  notices: string[];
  exitCode: 0 | 1 | 3;
}

export async function runAccountAudit(input: AccountRunInput): Promise<AccountRun> {
  const progress = input.progress ?? (() => {});
  const { settings } = input;
  const loaded = await input.source.load(progress, input.warn);
  const { snapshot } = loaded;
  if (input.saveSnapshot) await input.saveSnapshot(snapshot);

  const report = await auditSnapshot(snapshot, { ...auditOptionsFor(settings, snapshot, loaded.now), ...(loaded.source ? { source: loaded.source } : {}) });
  const accountId = report.account.id;
  const date = report.generatedAt.slice(0, 10);
  if (input.previous && input.previous.report.account.id !== accountId) {
    throw new InputError(`${input.previous.where}: a report of account ${input.previous.report.account.id}, not ${accountId}`);
  }

  // History: failing to read it does not stop the run (the reports still get written and mailed), but it is said.
  const notices: string[] = [];
  let previous: AccountRun['previous'] = input.previous ?? null;
  let earlier: RunSummary[] = [];
  if (input.history) {
    try {
      const h = await input.history.history(accountId, date, { maxRuns: settings.trendRuns, needPrevious: !input.previous });
      notices.push(...h.warnings);
      previous ??= h.previous;
      earlier = h.summaries;
    } catch (e) {
      const err = e as Error;
      notices.push(`The earlier reports in ${input.history.name} could not be read (${err.name}: ${err.message}), so this run is not compared with the previous one.`);
    }
  }
  const diff = diffReports(previous?.report ?? null, report, { resourceExists: resourceExistsIn(snapshot) });
  if (previous) report.diff = diffSection(diff);
  const summary = runSummary(report);
  const trend = input.history ? trendSeries([...earlier, summary], settings.trendRuns) : [];
  if (input.history) report.trend = trend;

  // Everything is rendered before anything is written.
  const rendered = renderAll(ACCOUNT_RENDERERS, report, settings.formats, settings.render);
  const stored: StoredRun[] = [];
  const storeErrors: AccountRun['storeErrors'] = [];
  for (const store of input.stores ?? []) {
    try {
      stored.push(await store.putRun(accountId, date, rendered, summary));
    } catch (e) {
      storeErrors.push({ store: store.name, error: e as Error });
    }
  }
  return { snapshot, loaded, report, diff, previous, trend, summary, rendered, stored, storeErrors, notices, exitCode: exitCodeFor(report, settings.failOn) };
}
