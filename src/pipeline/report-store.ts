// Where reports live: read for history (the previous report for the diff, summaries for the trend) and written after
// a run. One concept, two places:
//   - FsReportStore: a folder. Writes <dir>/<account>-<date>.<format> (the CLI's --out); reads both the CLI layout
//     and a copy of the nightly archive (src/report/history.ts), so --history can point at either.
//   - S3ReportStore: the nightly archive <prefix>/<account>/<date>/report.* + summary.json (src/pipeline/report-store-s3.ts); the
//     org worker archives member accounts there too, and the org run store (src/org/run-store.ts) sits beside
//     it in the same bucket.
import { join } from 'node:path';
import { parseDiffableReport, type DiffableReport } from '../report/diff.js';
import { loadHistory } from '../report/history.js';
import type { RunSummary } from '../report/model.js';
import { writeFilesAtomically } from '../util/fs.js';
import { s3Uri, type ArchiveLocation, type ReportArchive } from './report-store-s3.js';
import { ACCOUNT_RENDERERS, type RenderedReports, type ReportFormat } from './renderers.js';

export interface StoreHistory {
  /** Summaries of the earlier runs, oldest first (at most maxRuns - 1). */
  summaries: RunSummary[];
  /** The latest earlier report that could be read, for the diff; `where` is its path or s3:// URI. */
  previous: { date: string; where: string; report: DiffableReport } | null;
  /** What was skipped, and why. */
  warnings: string[];
}

export interface StoredRun {
  /** Paths or s3:// URIs of what was written, reports in format order. */
  written: string[];
  /** The S3 keys, for the archive. */
  archive?: ArchiveLocation;
}

export interface ReportStore {
  /** For messages: the folder or s3://bucket/prefix. */
  readonly name: string;
  history(accountId: string, beforeDate: string, options: { maxRuns: number; needPrevious: boolean }): Promise<StoreHistory>;
  putRun(accountId: string, date: string, rendered: RenderedReports, summary: RunSummary): Promise<StoredRun>;
}

export class FsReportStore implements ReportStore {
  constructor(readonly dir: string) {}

  get name(): string {
    return this.dir;
  }

  async history(accountId: string, beforeDate: string, options: { maxRuns: number; needPrevious: boolean }): Promise<StoreHistory> {
    const h = await loadHistory(this.dir, accountId, beforeDate, options);
    return { summaries: h.summaries, warnings: h.warnings, previous: h.previous ? { date: h.previous.date, where: h.previous.path, report: h.previous.report } : null };
  }

  /** The reports written together, JSON and CSV piece by piece: a failure leaves no half-written report set. */
  async putRun(accountId: string, date: string, rendered: RenderedReports): Promise<StoredRun> {
    const base = join(this.dir, `${accountId}-${date}`);
    const files = (Object.keys(rendered) as ReportFormat[]).map((f) => ({ path: `${base}.${ACCOUNT_RENDERERS[f].suffix}`, content: () => rendered[f]!.chunks() }));
    await writeFilesAtomically(files);
    return { written: files.map((f) => f.path) };
  }
}

export class S3ReportStore implements ReportStore {
  constructor(readonly archive: ReportArchive) {}

  get name(): string {
    return s3Uri(this.archive.bucket, this.archive.prefix);
  }

  async history(accountId: string, beforeDate: string, options: { maxRuns: number; needPrevious: boolean }): Promise<StoreHistory> {
    const warnings: string[] = [];
    const dates = await this.archive.listRunDates(accountId);
    let previous: StoreHistory['previous'] = null;
    if (options.needPrevious) {
      const found = await this.archive.previousReport(accountId, beforeDate, dates);
      if (found) {
        const where = s3Uri(this.archive.bucket, this.archive.location(accountId, found.date).keys.json);
        try {
          previous = { date: found.date, where, report: parseDiffableReport(found.report) };
        } catch (e) {
          warnings.push(`The previous report (${found.date}) could not be read: ${(e as Error).message}. Nothing is compared.`);
        }
      }
    }
    const summaries = await this.archive.summariesBefore(accountId, beforeDate, options.maxRuns - 1, dates);
    return { summaries, previous, warnings };
  }

  async putRun(accountId: string, date: string, rendered: RenderedReports, summary: RunSummary): Promise<StoredRun> {
    // PutObject takes one body: each report as one string here (the Lambda's reports are the archive's only copy).
    const texts = Object.fromEntries((Object.keys(rendered) as ReportFormat[]).map((f) => [f, rendered[f]!.text()])) as Partial<Record<ReportFormat, string>>;
    const archive = await this.archive.putRun(accountId, date, { ...texts, summary: `${JSON.stringify(summary, null, 2)}\n` });
    const formats = Object.keys(rendered) as ReportFormat[];
    return { archive, written: [...formats.map((f) => archive.keys[f]), archive.keys.summary].map((k) => s3Uri(archive.bucket, k)) };
  }
}
