// The report archive in S3: one folder per account and UTC day.
//
//   <prefix>/<account-id>/<yyyy-mm-dd>/report.json    the JSON report (the primary artifact)
//                                      report.html    the HTML report
//                                      report.csv     the CSV report
//                                      report.sarif, report.ocsf.json, report.asff.json   when those formats are asked
//                                      summary.json   open findings by severity (RunSummary), read for the trend;
//                                                     written last, so it marks a complete run
//
// Re-running on the same day overwrites the same keys (idempotent). The previous run is the latest date folder
// before today that holds a report.json.
//
// The S3 client built here is a delivery client: it writes, so it is separate from the read-only audit clients in
// src/aws/ (which carry the read-only guard) and needs only s3:PutObject/GetObject on the prefix and s3:ListBucket
// restricted to the prefix.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import type { RunSummary } from '../report/model.js';
import { runSummary, runSummarySchema, type SummarizableReport } from '../report/trend.js';

export interface DeliveryAwsOptions {
  region?: string;
  /** Endpoint override (emulators, the test endpoint). */
  endpointUrl?: string;
  /** Path-style addressing (http://host/bucket/key); default: on when endpointUrl is set. */
  forcePathStyle?: boolean;
  maxAttempts?: number;
  credentials?: S3ClientConfig['credentials'];
}

export function createS3Client(options: DeliveryAwsOptions = {}): S3Client {
  return new S3Client({
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    forcePathStyle: options.forcePathStyle ?? Boolean(options.endpointUrl),
    maxAttempts: options.maxAttempts ?? 5,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}

export const RUN_FILES = {
  json: 'report.json',
  html: 'report.html',
  csv: 'report.csv',
  sarif: 'report.sarif',
  ocsf: 'report.ocsf.json',
  asff: 'report.asff.json',
  summary: 'summary.json',
} as const;
export type RunFile = keyof typeof RUN_FILES;

const CONTENT_TYPE: Record<RunFile, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
  ocsf: 'application/json; charset=utf-8',
  asff: 'application/json; charset=utf-8',
  summary: 'application/json; charset=utf-8',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isNoSuchKey(e: unknown): boolean {
  const name = (e as { name?: string; Code?: string } | null)?.name;
  return name === 'NoSuchKey' || (e as { Code?: string } | null)?.Code === 'NoSuchKey';
}

/** Thrown when writing the archive fails: names the bucket and key. */
export class ArchiveWriteError extends Error {
  override name = 'ArchiveWriteError';
}

export interface ArchiveLocation {
  bucket: string;
  /** S3 key of each file of the run. */
  keys: Record<RunFile, string>;
}

export class ReportArchive {
  readonly prefix: string;

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    prefix = '',
  ) {
    this.prefix = prefix.replace(/^\/+|\/+$/g, '');
  }

  /** `<prefix>/<account>/` (or `<account>/` without a prefix). */
  accountPrefix(accountId: string): string {
    return `${this.prefix ? `${this.prefix}/` : ''}${accountId}/`;
  }

  location(accountId: string, date: string): ArchiveLocation {
    if (!DATE.test(date)) throw new Error(`not a yyyy-mm-dd date: ${date}`);
    const base = `${this.accountPrefix(accountId)}${date}/`;
    const keys = Object.fromEntries(Object.entries(RUN_FILES).map(([k, file]) => [k, base + file])) as Record<RunFile, string>;
    return { bucket: this.bucket, keys };
  }

  /** Writes a run: the reports given, in parallel, then summary.json (last: it marks a complete run). Same account and date = same keys. */
  async putRun(accountId: string, date: string, files: Partial<Record<Exclude<RunFile, 'summary'>, string>> & { summary: string }): Promise<ArchiveLocation> {
    const location = this.location(accountId, date);
    const put = async (file: RunFile) => {
      try {
        await this.s3.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: location.keys[file],
            Body: files[file] as string,
            ContentType: CONTENT_TYPE[file],
          }),
        );
      } catch (e) {
        throw new ArchiveWriteError(`s3:PutObject s3://${this.bucket}/${location.keys[file]} failed: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
      }
    };
    await Promise.all((Object.keys(RUN_FILES) as RunFile[]).filter((f) => f !== 'summary' && files[f] !== undefined).map(put));
    await put('summary');
    return location;
  }

  /** Run dates (yyyy-mm-dd folders) under the account prefix, oldest first. */
  async listRunDates(accountId: string): Promise<string[]> {
    const prefix = this.accountPrefix(accountId);
    const folders = await listFolders(this.s3, this.bucket, prefix);
    return folders.map((p) => p.slice(prefix.length).replace(/\/$/, '')).filter((date) => DATE.test(date)).sort();
  }

  /** The object's text, or null when there is no such key. */
  async getText(key: string): Promise<string | null> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await res.Body?.transformToString('utf-8')) ?? '';
    } catch (e) {
      if (isNoSuchKey(e)) return null;
      throw e;
    }
  }

  /**
   * The latest run before `date` that has a report.json, parsed (unknown: validate before use), or null. Looks at
   * most `maxLookback` date folders back (a folder without report.json is a run that failed half-way).
   */
  async previousReport(accountId: string, date: string, dates?: string[], maxLookback = 5): Promise<{ date: string; report: unknown } | null> {
    const earlier = (dates ?? (await this.listRunDates(accountId))).filter((d) => d < date).reverse().slice(0, maxLookback);
    for (const d of earlier) {
      const text = await this.getText(this.location(accountId, d).keys.json);
      if (text !== null) return { date: d, report: JSON.parse(text) };
    }
    return null;
  }

  /**
   * Summaries of the last `count` runs before `date`, oldest first: summary.json, or (for a run archived without one)
   * computed from its report.json. Runs whose files are missing or malformed are left out.
   */
  async summariesBefore(accountId: string, date: string, count: number, dates?: string[]): Promise<RunSummary[]> {
    if (count <= 0) return [];
    const earlier = (dates ?? (await this.listRunDates(accountId))).filter((d) => d < date).slice(-count);
    const limit = pLimit(8);
    const found = await Promise.all(
      earlier.map((d) =>
        limit(async (): Promise<RunSummary | null> => {
          const keys = this.location(accountId, d).keys;
          const summary = await this.getText(keys.summary);
          if (summary !== null) {
            const parsed = runSummarySchema.safeParse(safeJson(summary));
            if (parsed.success) return parsed.data;
          }
          const report = await this.getText(keys.json);
          if (report === null) return null;
          try {
            return runSummary(JSON.parse(report) as SummarizableReport);
          } catch {
            return null;
          }
        }),
      ),
    );
    return found.filter((s): s is RunSummary => s !== null);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The "folders" (common prefixes, ending in /) directly under `prefix`, every page of them. */
export async function listFolders(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ...(token ? { ContinuationToken: token } : {}) }));
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** The S3 console page of an object (for links in the email). */
export function s3ConsoleUrl(bucket: string, key: string, region?: string): string {
  const q = new URLSearchParams({ ...(region ? { region } : {}), prefix: key });
  return `https://s3.console.aws.amazon.com/s3/object/${encodeURIComponent(bucket)}?${q.toString()}`;
}
