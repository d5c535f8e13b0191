// The S3 layout of an organization fan-out run (Lambda org mode), next to the per-account archive (s3.ts):
//
//   <prefix>/org/<org-id>/<yyyy-mm-dd>/manifest.json         the run: org model, selected/skipped accounts (scheduler)
//                                      accounts/<id>.json    one result record per account (worker)
//                                      aggregated.lock       claimed with If-None-Match: * by whoever aggregates
//                                      aggregated.json       written when the org report (and mail) are done
//                                      org-report.{json,html,csv}
//
// Exactly-once aggregation rests on S3 conditional writes: PutObject with IfNoneMatch '*' succeeds for one caller
// only; the others get 412 PreconditionFailed. One run per organization and day: the manifest is created the same way.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { parseAccountRecord, type OrgAccountRecord } from './account-record.js';
import { parseManifest, type OrgRunManifest } from './manifest.js';
import { ArchiveWriteError, isNoSuchKey, listFolders, s3Uri } from '../pipeline/report-store-s3.js';

const JSON_TYPE = 'application/json; charset=utf-8';
export const ORG_REPORT_FILES = { json: 'org-report.json', html: 'org-report.html', csv: 'org-report.csv' } as const;
const ORG_REPORT_TYPES = { json: JSON_TYPE, html: 'text/html; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

export function isPreconditionFailed(e: unknown): boolean {
  const err = e as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | null;
  return err?.name === 'PreconditionFailed' || err?.Code === 'PreconditionFailed' || err?.$metadata?.httpStatusCode === 412;
}

export interface LockInfo {
  runId: string;
  by: string;
  at: string;
}

export interface DoneMarker {
  runId: string;
  by: string;
  at: string;
  reportKeys: Record<keyof typeof ORG_REPORT_FILES, string>;
  accounts: { selected: number; audited: number; failed: number; missing: number };
  email: { sent: boolean; messageId?: string; reason?: string };
}

export class OrgRunStore {
  readonly prefix: string;

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    prefix = '',
  ) {
    this.prefix = prefix.replace(/^\/+|\/+$/g, '');
  }

  /** `<prefix>/org/` */
  get orgsPrefix(): string {
    return `${this.prefix ? `${this.prefix}/` : ''}org/`;
  }

  runPrefix(orgId: string, date: string): string {
    return `${this.orgsPrefix}${orgId}/${date}/`;
  }

  key(orgId: string, date: string, file: 'manifest.json' | 'aggregated.lock' | 'aggregated.json' | (typeof ORG_REPORT_FILES)[keyof typeof ORG_REPORT_FILES]): string {
    return this.runPrefix(orgId, date) + file;
  }

  recordKey(orgId: string, date: string, accountId: string): string {
    return `${this.runPrefix(orgId, date)}accounts/${accountId}.json`;
  }

  uri(key: string): string {
    return s3Uri(this.bucket, key);
  }

  private async put(key: string, body: string, contentType = JSON_TYPE, ifNoneMatch = false): Promise<void> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ...(ifNoneMatch ? { IfNoneMatch: '*' } : {}) }));
    } catch (e) {
      if (ifNoneMatch && isPreconditionFailed(e)) throw e;
      throw new ArchiveWriteError(`s3:PutObject ${this.uri(key)} failed: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Creates the object only if the key is free: true when this caller created it, false when it existed. */
  async create(key: string, body: string): Promise<boolean> {
    try {
      await this.put(key, body, JSON_TYPE, true);
      return true;
    } catch (e) {
      if (isPreconditionFailed(e)) return false;
      throw e;
    }
  }

  async getJson(key: string): Promise<unknown | null> {
    let text: string;
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      text = (await res.Body?.transformToString('utf-8')) ?? '';
    } catch (e) {
      if (isNoSuchKey(e)) return null;
      throw new Error(`s3:GetObject ${this.uri(key)} failed: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`${this.uri(key)}: not valid JSON: ${(e as Error).message}`);
    }
  }

  // ---- manifest -------------------------------------------------------------------------------------------------

  /** Creates the run's manifest; false when the org already has a run that day (the stored one stays). */
  createManifest(manifest: OrgRunManifest): Promise<boolean> {
    return this.create(this.key(manifest.orgId, manifest.date, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
  }

  async getManifest(orgId: string, date: string): Promise<OrgRunManifest | null> {
    const key = this.key(orgId, date, 'manifest.json');
    const value = await this.getJson(key);
    return value === null ? null : parseManifest(value, this.uri(key));
  }

  // ---- account records ------------------------------------------------------------------------------------------

  putRecord(record: OrgAccountRecord): Promise<void> {
    return this.put(this.recordKey(record.orgId, record.date, record.accountId), `${JSON.stringify(record)}\n`);
  }

  async getRecord(orgId: string, date: string, accountId: string): Promise<OrgAccountRecord | null> {
    const key = this.recordKey(orgId, date, accountId);
    const value = await this.getJson(key);
    return value === null ? null : parseAccountRecord(value, this.uri(key));
  }

  /** Account ids that have a record. */
  async recordIds(orgId: string, date: string): Promise<Set<string>> {
    const prefix = `${this.runPrefix(orgId, date)}accounts/`;
    const ids = new Set<string>();
    for (const key of await this.listKeys(prefix)) {
      const m = /^(\d{12})\.json$/.exec(key.slice(prefix.length));
      if (m?.[1]) ids.add(m[1]);
    }
    return ids;
  }

  /** Calls `fold` with every account's record (8 reads at a time, never all held at once by the store). */
  async forEachRecord(orgId: string, date: string, accountIds: readonly string[], fold: (id: string, record: OrgAccountRecord | null) => void): Promise<void> {
    const limit = pLimit(8);
    await Promise.all(accountIds.map((id) => limit(async () => fold(id, await this.getRecord(orgId, date, id)))));
  }

  // ---- aggregation ----------------------------------------------------------------------------------------------

  /** Claims the run's aggregation: true for exactly one caller (S3 conditional write). */
  claimAggregation(orgId: string, date: string, lock: LockInfo): Promise<boolean> {
    return this.create(this.key(orgId, date, 'aggregated.lock'), `${JSON.stringify(lock)}\n`);
  }

  async getLock(orgId: string, date: string): Promise<LockInfo | null> {
    return (await this.getJson(this.key(orgId, date, 'aggregated.lock'))) as LockInfo | null;
  }

  async getDone(orgId: string, date: string): Promise<DoneMarker | null> {
    return (await this.getJson(this.key(orgId, date, 'aggregated.json'))) as DoneMarker | null;
  }

  putDone(orgId: string, date: string, done: DoneMarker): Promise<void> {
    return this.put(this.key(orgId, date, 'aggregated.json'), `${JSON.stringify(done, null, 2)}\n`);
  }

  async putOrgReports(orgId: string, date: string, files: Record<keyof typeof ORG_REPORT_FILES, string>): Promise<Record<keyof typeof ORG_REPORT_FILES, string>> {
    const keys = Object.fromEntries(Object.entries(ORG_REPORT_FILES).map(([k, f]) => [k, this.key(orgId, date, f)])) as Record<keyof typeof ORG_REPORT_FILES, string>;
    await Promise.all((Object.keys(ORG_REPORT_FILES) as Array<keyof typeof ORG_REPORT_FILES>).map((k) => this.put(keys[k], files[k], ORG_REPORT_TYPES[k])));
    return keys;
  }

  // ---- listing --------------------------------------------------------------------------------------------------

  /** Organization ids that have runs under the prefix. */
  async orgIds(): Promise<string[]> {
    const prefix = this.orgsPrefix;
    return (await listFolders(this.s3, this.bucket, prefix)).map((p) => p.slice(prefix.length).replace(/\/$/, '')).filter((id) => /^o-[a-z0-9]{10,32}$/.test(id));
  }

  private async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

}
