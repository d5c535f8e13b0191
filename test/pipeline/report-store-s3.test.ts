// The S3 side of the local AWS endpoint (test/aws-endpoint/s3.ts), driven by the real S3 client, and the report
// archive (src/pipeline/report-store-s3.ts) on top of it.
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ServiceException, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3Client, isNoSuchKey, ReportArchive } from '../../src/pipeline/report-store-s3.js';
import { FakeAccount, startAwsEndpoint, type AwsEndpoint } from '../aws-endpoint/index.js';
import { decodeAwsChunked } from '../aws-endpoint/s3.js';
import { FAKE_ACCESS_KEY_ID } from '../fixtures/fake-credentials.js';

let ep: AwsEndpoint;
let s3: S3Client;

beforeAll(async () => {
  ep = await startAwsEndpoint(new FakeAccount('123456789012'));
  s3 = new S3Client({ ...ep.clientConfig, forcePathStyle: true, maxAttempts: 1 });
});
afterAll(async () => {
  s3.destroy();
  await ep.close();
});
beforeEach(() => {
  ep.s3.deleteBucket('reports').deleteBucket('other').createBucket('reports');
  ep.clearFaults();
  ep.resetCalls();
});

async function caught(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (e) {
    return e as S3ServiceException;
  }
  throw new Error('expected a rejection');
}

describe('local S3 endpoint (real S3 client, path-style)', () => {
  it('puts and gets objects, with content type, ETag, checksum and unicode keys', async () => {
    const key = 'a b/ü+é/report.json';
    const put = await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: key, Body: '{"ok":true}', ContentType: 'application/json' }));
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(ep.s3.getText('reports', key)).toBe('{"ok":true}');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: key }));
    expect(await got.Body?.transformToString()).toBe('{"ok":true}');
    expect(got.ContentType).toBe('application/json');
    expect(got.ETag).toBe(put.ETag);
    expect(got.ContentLength).toBe(11);
    expect(got.LastModified).toBeInstanceOf(Date);
    // The SDK sends a flexible checksum by default; the endpoint stores it and returns it when asked (validated by
    // the SDK: a wrong one would fail the GetObject).
    expect(ep.s3.get('reports', key)?.checksum?.header).toMatch(/^x-amz-checksum-/);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'reports', Key: key }));
    expect(head.ContentLength).toBe(11);
    expect(ep.count('PutObject')).toBe(1);
    expect(ep.count('GetObject')).toBe(1);
  });

  it('stores binary and multi-megabyte bodies exactly', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 0);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 256;
    await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'big.bin', Body: big }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'big.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(big)).toBe(true);
  });

  it('answers NoSuchKey and NoSuchBucket in S3 error XML, mapped by the SDK', async () => {
    const e = await caught(s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'missing.json' })));
    expect(e.name).toBe('NoSuchKey');
    expect(e.$metadata.httpStatusCode).toBe(404);
    expect(e.message).toBe('The specified key does not exist.');
    expect(isNoSuchKey(e)).toBe(true);
    const b = await caught(s3.send(new ListObjectsV2Command({ Bucket: 'nope' })));
    expect(b.name).toBe('NoSuchBucket');
    const h = await caught(s3.send(new HeadObjectCommand({ Bucket: 'reports', Key: 'missing.json' })));
    expect(h.$metadata.httpStatusCode).toBe(404);
  });

  it('speaks the exact error document', async () => {
    const res = await fetch(`${ep.url}/reports/missing.json`, {
      headers: { authorization: `AWS4-HMAC-SHA256 Credential=${FAKE_ACCESS_KEY_ID}/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(res.headers.get('x-amz-request-id')).toBeTruthy();
    expect(await res.text()).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>missing.json<\/Key><RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/,
    );
  });

  it('lists with prefix, delimiter, max-keys and continuation tokens', async () => {
    const keys = ['p/111/2026-11-01/report.json', 'p/111/2026-11-01/summary.json', 'p/111/2026-11-02/report.json', 'p/111/2026-11-03/report.json', 'p/111/loose.txt', 'p/222/2026-11-01/report.json', 'q.txt'];
    for (const k of keys) ep.s3.put('reports', k, k);

    const flat = await s3.send(new ListObjectsV2Command({ Bucket: 'reports', Prefix: 'p/111/' }));
    expect(flat.Contents?.map((c) => c.Key)).toEqual(keys.slice(0, 5));
    expect(flat.KeyCount).toBe(5);
    expect(flat.IsTruncated).toBe(false);
    expect(flat.Contents?.[0].Size).toBe(keys[0].length);
    expect(flat.Contents?.[0].StorageClass).toBe('STANDARD');

    const folders = await s3.send(new ListObjectsV2Command({ Bucket: 'reports', Prefix: 'p/111/', Delimiter: '/' }));
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['p/111/2026-11-01/', 'p/111/2026-11-02/', 'p/111/2026-11-03/']);
    expect(folders.Contents?.map((c) => c.Key)).toEqual(['p/111/loose.txt']);
    expect(folders.KeyCount).toBe(4);
    expect(folders.Delimiter).toBe('/');

    // one item (a key or a common prefix) per page
    const pages: string[][] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 1 }, { Bucket: 'reports', Prefix: 'p/111/', Delimiter: '/' })) {
      pages.push([...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!)]);
    }
    expect(pages).toEqual([['p/111/2026-11-01/'], ['p/111/2026-11-02/'], ['p/111/2026-11-03/'], ['p/111/loose.txt']]);

    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'reports', StartAfter: 'p/222/2026-11-01/report.json' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['q.txt']);
    expect(after.StartAfter).toBe('p/222/2026-11-01/report.json');
  });

  it('counts S3 calls, injects faults, and refuses operations it does not serve', async () => {
    ep.setFaults({ accessDenied: ['s3:PutObject'] });
    const denied = await caught(s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'k', Body: 'x' })));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata.httpStatusCode).toBe(403);
    ep.clearFaults();
    const res = await fetch(`${ep.url}/reports/k`, {
      method: 'DELETE',
      headers: { authorization: `AWS4-HMAC-SHA256 Credential=${FAKE_ACCESS_KEY_ID}/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x` },
    });
    expect(res.status).toBe(501);
    expect(ep.refused.map((r) => r.service)).toEqual(['s3']);
  });

  it('decodes aws-chunked bodies with trailers', () => {
    const raw = Buffer.from('5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    expect(decodeAwsChunked(raw)).toEqual({ data: Buffer.from('hello world'), trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' } });
  });
});

describe('ReportArchive', () => {
  const files = (tag: string) => ({ json: `{"tag":"${tag}"}`, html: `<p>${tag}</p>`, csv: `id\r\n${tag}\r\n`, summary: '{}' });

  it('lays out <prefix>/<account>/<date>/ and overwrites the same keys on a rerun', async () => {
    const archive = new ReportArchive(createS3Client({ endpointUrl: ep.url, region: 'us-east-1', credentials: ep.clientConfig.credentials, maxAttempts: 1 }), 'reports', '/nightly/');
    const loc = await archive.putRun('123456789012', '2026-11-25', files('a'));
    expect(loc.keys).toEqual({
      json: 'nightly/123456789012/2026-11-25/report.json',
      html: 'nightly/123456789012/2026-11-25/report.html',
      csv: 'nightly/123456789012/2026-11-25/report.csv',
      sarif: 'nightly/123456789012/2026-11-25/report.sarif',
      ocsf: 'nightly/123456789012/2026-11-25/report.ocsf.json',
      asff: 'nightly/123456789012/2026-11-25/report.asff.json',
      summary: 'nightly/123456789012/2026-11-25/summary.json',
    });
    expect(ep.s3.get('reports', loc.keys.html)?.contentType).toBe('text/html; charset=utf-8');
    await archive.putRun('123456789012', '2026-11-25', files('b'));
    expect(ep.s3.keys('reports')).toHaveLength(4);
    expect(ep.s3.getText('reports', loc.keys.json)).toBe('{"tag":"b"}');
    // summary.json is written last: it marks a complete run
    const puts = ep.log.filter((r) => r.action === 'PutObject').map((r) => r.params.Key);
    expect(puts[puts.length - 1]).toBe(loc.keys.summary);
  });

  it('finds the previous run: the latest date before today with a report.json', async () => {
    const archive = new ReportArchive(createS3Client({ endpointUrl: ep.url, credentials: ep.clientConfig.credentials }), 'reports', 'x');
    expect(await archive.previousReport('123456789012', '2026-11-25')).toBeNull();
    await archive.putRun('123456789012', '2026-11-20', files('20'));
    await archive.putRun('123456789012', '2026-11-25', files('25'));
    await archive.putRun('123456789012', '2026-11-26', files('26'));
    ep.s3.put('reports', 'x/123456789012/2026-11-23/report.html', 'half-written run without report.json');
    ep.s3.put('reports', 'x/123456789012/notes/readme.txt', 'not a date folder');
    ep.s3.put('reports', 'x/999999999999/2026-11-24/report.json', '{"tag":"other account"}');
    expect(await archive.listRunDates('123456789012')).toEqual(['2026-11-20', '2026-11-23', '2026-11-25', '2026-11-26']);
    expect(await archive.previousReport('123456789012', '2026-11-25')).toEqual({ date: '2026-11-20', report: { tag: '20' } });
  });

  it('reads the last N summaries, falling back to report.json', async () => {
    const archive = new ReportArchive(createS3Client({ endpointUrl: ep.url, credentials: ep.clientConfig.credentials }), 'reports');
    const open = { critical: 1, high: 2, medium: 0, low: 0, info: 0 };
    for (const d of ['2026-11-21', '2026-11-22', '2026-11-23']) {
      await archive.putRun('123456789012', d, { ...files(d), summary: JSON.stringify({ accountId: '123456789012', date: d, generatedAt: `${d}T03:00:00.000Z`, open, incomplete: false }) });
    }
    // an older run archived without summary.json
    ep.s3.put(
      'reports',
      '123456789012/2026-11-20/report.json',
      JSON.stringify({ generatedAt: '2026-11-20T03:00:00.000Z', account: { id: '123456789012' }, findings: [{ status: 'FAIL', severity: 'low' }], gaps: [], summary: { notAssessed: 0 } }),
    );
    const all = await archive.summariesBefore('123456789012', '2026-11-24', 10);
    expect(all.map((s) => s.date)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
    expect(all[0].open.low).toBe(1);
    expect((await archive.summariesBefore('123456789012', '2026-11-23', 2)).map((s) => s.date)).toEqual(['2026-11-21', '2026-11-22']);
  });
});
