// Earlier reports of one account in a folder (`--history DIR`): the trend chart, and the diff when no --previous is
// given. Two layouts are read, so DIR can be what users already have:
//
//   DIR/<account>-<yyyy-mm-dd>.json          what the CLI writes to --out (point --history at the --out folder)
//   DIR/<account>/<yyyy-mm-dd>/report.json   the nightly Lambda's archive, e.g. after
//                                            `aws s3 sync s3://<bucket>/<prefix> DIR`; its summary.json, when present,
//                                            is read for the trend instead of the (much larger) report
//
// Only runs dated before the current run count: a report of the same day is the one this run replaces (same file
// name, same archive folder). A file that cannot be read or is not a report of the account is skipped with a warning:
// a history folder is a convenience, and one bad file must not stop the audit. The folder itself must exist.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { parseDiffableReport, type DiffableReport } from './diff.js';
import type { RunSummary } from './model.js';
import { DEFAULT_TREND_RUNS, runSummary, runSummarySchema, type SummarizableReport } from './trend.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLI_FILE = /^(\d{12})-(\d{4}-\d{2}-\d{2})\.json$/;

/** A run found in the folder: its date and where its files are. */
interface HistoryRun {
  date: string;
  report?: string;
  summary?: string;
}

export interface History {
  /** Summaries of the earlier runs, oldest first (at most maxRuns - 1: the current run completes the trend). */
  summaries: RunSummary[];
  /** The latest earlier report that could be read, for the diff. */
  previous: { date: string; path: string; report: DiffableReport } | null;
  /** Files skipped, and why. */
  warnings: string[];
}

/** Fails (exit 2) unless DIR is a readable folder; called before any AWS call. */
export async function checkHistoryDir(dir: string): Promise<void> {
  let isDir = false;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch (e) {
    throw new InputError(`--history ${dir}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message}`);
  }
  if (!isDir) throw new InputError(`--history ${dir}: not a folder`);
}

/** The runs of `accountId` in DIR dated before `beforeDate`, oldest first. */
export async function findRuns(dir: string, accountId: string, beforeDate: string): Promise<HistoryRun[]> {
  const byDate = new Map<string, HistoryRun>();
  const run = (date: string) => {
    let r = byDate.get(date);
    if (!r) byDate.set(date, (r = { date }));
    return r;
  };
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const m = CLI_FILE.exec(entry.name);
    if (m && entry.isFile() && m[1] === accountId && m[2]! < beforeDate) run(m[2]!).report ??= join(dir, entry.name);
  }
  const archive = join(dir, accountId);
  const archived = await readdir(archive, { withFileTypes: true }).catch(() => []);
  for (const entry of archived) {
    if (!entry.isDirectory() || !DATE.test(entry.name) || entry.name >= beforeDate) continue;
    const files = new Set(await readdir(join(archive, entry.name)).catch(() => [] as string[]));
    const r = run(entry.name);
    // The same date in both layouts: the archive's report wins (the Lambda's is the scheduled, complete run).
    if (files.has('report.json')) r.report = join(archive, entry.name, 'report.json');
    if (files.has('summary.json')) r.summary = join(archive, entry.name, 'summary.json');
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

/** Loads the trend summaries and the previous report of `accountId` from DIR. */
export async function loadHistory(
  dir: string,
  accountId: string,
  beforeDate: string,
  options: { maxRuns?: number; needPrevious?: boolean } = {},
): Promise<History> {
  const maxRuns = options.maxRuns ?? DEFAULT_TREND_RUNS;
  const runs = await findRuns(dir, accountId, beforeDate);
  const warnings: string[] = [];
  let previous: History['previous'] = null;
  // Only the previous report is kept in memory (a large account's report is tens of MB); files that could not be
  // read are remembered so they are warned about once.
  const unreadable = new Set<string>();
  const readReport = async (path: string): Promise<DiffableReport | null> => {
    if (unreadable.has(path)) return null;
    if (previous?.path === path) return previous.report;
    const report = await parseReport(path);
    if (!report) unreadable.add(path);
    return report;
  };
  const parseReport = async (path: string): Promise<DiffableReport | null> => {
    try {
      const report = parseDiffableReport(await readJson(path));
      if (report.account.id !== accountId) {
        warnings.push(`${path}: a report of account ${report.account.id}, not ${accountId}; skipped`);
        return null;
      }
      return report;
    } catch (e) {
      warnings.push(`${path}: ${(e as Error).message}; skipped`);
      return null;
    }
  };

  // The diff's previous report: the latest readable one (up to 5 back, as the Lambda's archive does).
  if (options.needPrevious !== false) {
    for (const r of runs.filter((x) => x.report).reverse().slice(0, 5)) {
      const report = await readReport(r.report!);
      if (report) {
        previous = { date: r.date, path: r.report!, report };
        break;
      }
    }
  }

  const summaries: RunSummary[] = [];
  for (const r of runs.slice(-(maxRuns - 1))) {
    if (maxRuns <= 1) break;
    if (r.summary) {
      const parsed = runSummarySchema.safeParse(await readJson(r.summary).catch(() => undefined));
      if (parsed.success && parsed.data.accountId === accountId) {
        summaries.push(parsed.data);
        continue;
      }
    }
    if (!r.report) continue;
    // Reports are read one at a time and only their counts kept: a large account's report is tens of MB.
    const report = await readReport(r.report);
    if (!report) continue;
    try {
      summaries.push(runSummary(report as unknown as SummarizableReport));
    } catch (e) {
      warnings.push(`${r.report}: ${(e as Error).message}; left out of the trend`);
    }
  }
  return { summaries, previous, warnings };
}
