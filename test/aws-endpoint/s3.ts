// Amazon S3's REST protocol for the local AWS endpoint: PutObject, GetObject, HeadObject and ListObjectsV2 over an
// in-memory bucket store, path-style addressing only (http://127.0.0.1:port/bucket/key — clients set
// forcePathStyle: true).
//
//   const ep = await startAwsEndpoint(acct);
//   ep.s3.createBucket('reports');
//   const s3 = new S3Client({ ...ep.clientConfig, forcePathStyle: true });
//   ... ep.s3.getText('reports', 'a/b.json'), ep.s3.keys('reports'), ep.count('PutObject') ...
//
// Wire format as S3 documents it:
// - errors: status + `application/xml` <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>
//   <Key>..</Key><RequestId>..</RequestId><HostId>..</HostId></Error> (NoSuchBucket carries <BucketName>); HEAD
//   errors have no body; throttling is 503 SlowDown;
// - PutObject with If-None-Match: * (conditional write): 412 <Error><Code>PreconditionFailed</Code><Message>At least
//   one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition>...</Error> when
//   the key exists;
// - PutObject: 200, ETag (quoted MD5 hex), x-amz-server-side-encryption AES256, the checksum the client sent
//   (x-amz-checksum-*, as a header or an aws-chunked trailer) echoed; aws-chunked bodies are decoded;
// - GetObject/HeadObject: Content-Type, Content-Length, ETag, Last-Modified (RFC 1123), Accept-Ranges; the stored
//   checksum only when the request says x-amz-checksum-mode: ENABLED (then the SDK validates it);
// - ListObjectsV2 (GET /bucket?list-type=2): prefix, delimiter (CommonPrefixes, each counting once against
//   max-keys), max-keys (default and limit 1000), start-after, continuation-token (opaque; here base64 of the last
//   key or common prefix returned), encoding-type=url (Key, Prefix, Delimiter, StartAfter URL-encoded), keys in
//   UTF-8 binary order, <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">.
// Anything else (other operations, virtual-hosted style, presigned URLs) is answered 501 NotImplemented and recorded
// in `refused`.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { CallRecord } from './server.js';
import { AwsError } from './errors.js';
import { esc } from './xml.js';

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export interface S3Object {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: number;
  /** e.g. { 'x-amz-checksum-crc32': 'AAAAAA==' } as the client sent it. */
  checksum?: { header: string; value: string };
  metadata: Record<string, string>;
}

/** The buckets the endpoint serves. Keys are compared in UTF-8 binary order, like S3 lists them. */
export class FakeS3 {
  readonly buckets = new Map<string, Map<string, S3Object>>();

  constructor(private readonly clock: () => number = Date.now) {}

  createBucket(name: string): this {
    if (!this.buckets.has(name)) this.buckets.set(name, new Map());
    return this;
  }

  deleteBucket(name: string): this {
    this.buckets.delete(name);
    return this;
  }

  put(bucket: string, key: string, body: string | Buffer, options: { contentType?: string; lastModified?: number; checksum?: S3Object['checksum']; metadata?: Record<string, string> } = {}): S3Object {
    const objects = this.buckets.get(bucket);
    if (!objects) throw new Error(`FakeS3: no bucket ${bucket}`);
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const object: S3Object = {
      body: data,
      contentType: options.contentType ?? 'binary/octet-stream',
      etag: `"${createHash('md5').update(data).digest('hex')}"`,
      lastModified: options.lastModified ?? this.clock(),
      ...(options.checksum ? { checksum: options.checksum } : {}),
      metadata: options.metadata ?? {},
    };
    objects.set(key, object);
    return object;
  }

  get(bucket: string, key: string): S3Object | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  getText(bucket: string, key: string): string | undefined {
    return this.get(bucket, key)?.body.toString('utf8');
  }

  /** Keys of a bucket in listing order, optionally under a prefix. */
  keys(bucket: string, prefix = ''): string[] {
    return [...(this.buckets.get(bucket)?.keys() ?? [])].filter((k) => k.startsWith(prefix)).sort(compareKeys);
  }

  clear(): void {
    for (const objects of this.buckets.values()) objects.clear();
  }
}

/** UTF-8 binary order (S3's listing order). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The request is SigV4-signed for the s3 service. */
export function isS3Request(req: http.IncomingMessage): boolean {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/s3\/aws4_request/.test(String(req.headers.authorization ?? ''));
}

export interface S3RequestContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  body: Buffer;
  store: FakeS3;
  requestId: string;
  record: (service: string, action: string, params: Record<string, string>) => CallRecord;
  /** The endpoint's fault injection (throttling, AccessDenied, injected errors) for s3:<action>. */
  fault: (service: string, action: string) => AwsError | undefined;
  latency: (action: string) => number;
  refused: CallRecord[];
}

const S3_ERROR_MESSAGES: Record<string, string> = {
  NoSuchKey: 'The specified key does not exist.',
  NoSuchBucket: 'The specified bucket does not exist',
  AccessDenied: 'Access Denied',
  SlowDown: 'Please reduce your request rate.',
  NotImplemented: 'A header you provided implies functionality that is not implemented',
  InvalidArgument: 'Invalid Argument',
  IncompleteBody: 'You did not provide the number of bytes specified by the Content-Length HTTP header.',
  PreconditionFailed: 'At least one of the pre-conditions you specified did not hold',
};

class S3Error extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message = S3_ERROR_MESSAGES[code] ?? code,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Decodes an aws-chunked body (`<hex-size>[;chunk-signature=..]\r\n<data>\r\n ... 0\r\n<trailers>\r\n\r\n`). */
export function decodeAwsChunked(raw: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let pos = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', pos);
    if (eol < 0) throw new S3Error('IncompleteBody', 400);
    const size = parseInt(raw.subarray(pos, eol).toString('latin1').split(';')[0]!, 16);
    if (Number.isNaN(size)) throw new S3Error('InvalidArgument', 400, 'malformed aws-chunked body');
    pos = eol + 2;
    if (size === 0) break;
    parts.push(raw.subarray(pos, pos + size));
    pos += size + 2;
  }
  for (const line of raw.subarray(pos).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}

const hostId = (requestId: string) => createHash('sha256').update(requestId).digest('base64');

export async function handleS3Request(ctx: S3RequestContext): Promise<void> {
  const { req, res, requestId } = ctx;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const segments = url.pathname.split('/');
  const bucket = decodeURIComponent(segments[1] ?? '');
  const key = segments.length > 2 ? segments.slice(2).map(decodeURIComponent).join('/') : '';
  const query = Object.fromEntries(url.searchParams);

  let action: string;
  if (bucket && key && method === 'PUT' && !req.headers['x-amz-copy-source'] && !('partNumber' in query) && !('uploadId' in query)) action = 'PutObject';
  else if (bucket && key && method === 'GET' && Object.keys(query).every((k) => k === 'x-id')) action = 'GetObject';
  else if (bucket && key && method === 'HEAD') action = 'HeadObject';
  else if (bucket && !key && method === 'GET' && query['list-type'] === '2') action = 'ListObjectsV2';
  else action = query['x-id'] ?? `${method} ${url.pathname}`;

  const record = ctx.record('s3', action, { Bucket: bucket, ...(key ? { Key: key } : {}), ...query });
  const baseHeaders = { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(requestId), Date: new Date().toUTCString(), Server: 'AmazonS3' };

  const send = (status: number, headers: Record<string, string | number>, payload?: Buffer | string) => {
    record.status = status;
    const body = payload === undefined ? undefined : typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    res.writeHead(status, { ...baseHeaders, ...(body && method !== 'HEAD' ? { 'Content-Length': body.length } : {}), ...headers });
    res.end(method === 'HEAD' ? undefined : body);
  };
  const fail = (e: S3Error) => {
    record.error = e.code;
    if (method === 'HEAD') {
      send(e.status, {});
      return;
    }
    const extra = Object.entries(e.extra).map(([k, v]) => `<${k}>${esc(v)}</${k}>`).join('');
    send(
      e.status,
      { 'Content-Type': 'application/xml' },
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(e.code)}</Code><Message>${esc(e.message)}</Message>${extra}<RequestId>${esc(requestId)}</RequestId><HostId>${esc(hostId(requestId))}</HostId></Error>`,
    );
  };

  const delay = ctx.latency(action);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

  try {
    if (!['PutObject', 'GetObject', 'HeadObject', 'ListObjectsV2'].includes(action)) {
      record.refused = true;
      ctx.refused.push(record);
      throw new S3Error('NotImplemented', 501, `${S3_ERROR_MESSAGES.NotImplemented} (the local endpoint serves PutObject, GetObject, HeadObject and ListObjectsV2, path-style)`);
    }
    const injected = ctx.fault('s3', action);
    if (injected) {
      if (injected.code === 'Throttling') throw new S3Error('SlowDown', 503);
      throw new S3Error(injected.code, injected.status, injected.code === 'AccessDenied' ? 'Access Denied' : injected.message);
    }
    const objects = ctx.store.buckets.get(bucket);
    if (!objects) throw new S3Error('NoSuchBucket', 404, undefined, { BucketName: bucket });

    if (action === 'PutObject') {
      // Conditional writes: If-None-Match: * creates the object only if the key is free (412 PreconditionFailed
      // otherwise); S3 accepts no other If-None-Match value on PutObject. The check and the store below run without
      // an await in between, so two racing requests cannot both succeed.
      const ifNoneMatch = req.headers['if-none-match'];
      if (ifNoneMatch !== undefined && ifNoneMatch !== '*') throw new S3Error('NotImplemented', 501, `${S3_ERROR_MESSAGES.NotImplemented} (If-None-Match on PutObject must be *)`);
      if (ifNoneMatch === '*' && objects.has(key)) throw new S3Error('PreconditionFailed', 412, undefined, { Condition: 'If-None-Match' });
      let data = ctx.body;
      let trailers: Record<string, string> = {};
      const encoding = String(req.headers['content-encoding'] ?? '');
      const sha = String(req.headers['x-amz-content-sha256'] ?? '');
      if (encoding.split(',').map((s) => s.trim()).includes('aws-chunked') || sha.startsWith('STREAMING-')) {
        ({ data, trailers } = decodeAwsChunked(ctx.body));
        const declared = req.headers['x-amz-decoded-content-length'];
        if (declared !== undefined && Number(declared) !== data.length) throw new S3Error('IncompleteBody', 400);
      }
      const checksumHeader = Object.keys({ ...req.headers, ...trailers }).find((h) => /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/.test(h));
      const checksumValue = checksumHeader ? String(trailers[checksumHeader] ?? req.headers[checksumHeader]) : undefined;
      const metadata = Object.fromEntries(
        Object.entries(req.headers)
          .filter(([h]) => h.startsWith('x-amz-meta-'))
          .map(([h, v]) => [h.slice('x-amz-meta-'.length), String(v)]),
      );
      const object = ctx.store.put(bucket, key, data, {
        contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'),
        ...(checksumHeader && checksumValue ? { checksum: { header: checksumHeader, value: checksumValue } } : {}),
        metadata,
      });
      send(200, {
        ETag: object.etag,
        'x-amz-server-side-encryption': 'AES256',
        ...(object.checksum ? { [object.checksum.header]: object.checksum.value } : {}),
      });
      return;
    }

    if (action === 'GetObject' || action === 'HeadObject') {
      const object = objects.get(key);
      if (!object) throw new S3Error('NoSuchKey', 404, undefined, { Key: key });
      const withChecksum = String(req.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED' && object.checksum;
      send(
        200,
        {
          'Content-Type': object.contentType,
          'Content-Length': object.body.length,
          ETag: object.etag,
          'Last-Modified': new Date(object.lastModified).toUTCString(),
          'Accept-Ranges': 'bytes',
          'x-amz-server-side-encryption': 'AES256',
          ...(withChecksum && object.checksum ? { [object.checksum.header]: object.checksum.value, 'x-amz-checksum-type': 'FULL_OBJECT' } : {}),
          ...Object.fromEntries(Object.entries(object.metadata).map(([k, v]) => [`x-amz-meta-${k}`, v])),
        },
        object.body,
      );
      return;
    }

    send(200, { 'Content-Type': 'application/xml' }, listObjectsV2(bucket, objects, url.searchParams));
  } catch (e) {
    if (e instanceof S3Error) fail(e);
    else if (e instanceof AwsError) fail(new S3Error(e.code, e.status, e.message));
    else {
      console.error('[aws-endpoint] s3 request failed:', e);
      fail(new S3Error('InternalError', 500, `local endpoint error: ${(e as Error).message}`));
    }
  }
}

function listObjectsV2(bucket: string, objects: Map<string, S3Object>, params: URLSearchParams): string {
  const prefix = params.get('prefix') ?? '';
  const delimiter = params.get('delimiter') ?? '';
  const startAfter = params.get('start-after') ?? '';
  const token = params.get('continuation-token');
  const encodingType = params.get('encoding-type');
  if (encodingType !== null && encodingType !== 'url') throw new S3Error('InvalidArgument', 400, 'Invalid Encoding Method specified in Request');
  const maxKeysParam = params.get('max-keys');
  if (maxKeysParam !== null && !/^\d+$/.test(maxKeysParam)) throw new S3Error('InvalidArgument', 400, 'Provided max-keys not an integer or within integer range');
  const maxKeys = Math.min(1000, maxKeysParam === null ? 1000 : Number(maxKeysParam));
  let marker = startAfter;
  if (token !== null) {
    marker = Buffer.from(token, 'base64').toString('utf8');
    if (!marker) throw new S3Error('InvalidArgument', 400, 'The continuation token provided is incorrect');
  }
  const encode = (s: string) => (encodingType === 'url' ? encodeURIComponent(s).replace(/%2F/g, '/') : s);

  const contents: Array<{ key: string; object: S3Object }> = [];
  const commonPrefixes: string[] = [];
  let last = '';
  let truncated = false;
  for (const key of [...objects.keys()].filter((k) => k.startsWith(prefix)).sort(compareKeys)) {
    if (marker && compareKeys(key, marker) <= 0) continue;
    if (marker && delimiter && marker.endsWith(delimiter) && key.startsWith(marker)) continue; // inside a returned common prefix
    const rest = key.slice(prefix.length);
    const at = delimiter ? rest.indexOf(delimiter) : -1;
    const common = at >= 0 ? key.slice(0, prefix.length + at + delimiter.length) : null;
    if (common !== null && common === commonPrefixes[commonPrefixes.length - 1]) continue;
    if (contents.length + commonPrefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (common !== null) {
      commonPrefixes.push(common);
      last = common;
    } else {
      contents.push({ key, object: objects.get(key) as S3Object });
      last = key;
    }
  }

  const el = (name: string, value: string | number | undefined | null) => (value === undefined || value === null ? '' : `<${name}>${typeof value === 'string' ? esc(value) : value}</${name}>`);
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${S3_NS}">`;
  xml += el('Name', bucket) + el('Prefix', encode(prefix));
  if (token !== null) xml += el('ContinuationToken', token);
  if (truncated) xml += el('NextContinuationToken', Buffer.from(last, 'utf8').toString('base64'));
  xml += el('KeyCount', contents.length + commonPrefixes.length) + el('MaxKeys', maxKeys);
  if (delimiter) xml += el('Delimiter', encode(delimiter));
  xml += el('IsTruncated', String(truncated));
  for (const { key, object } of contents) {
    xml +=
      '<Contents>' +
      el('Key', encode(key)) +
      el('LastModified', new Date(object.lastModified).toISOString()) +
      el('ETag', object.etag) +
      (object.checksum ? el('ChecksumAlgorithm', object.checksum.header.slice('x-amz-checksum-'.length).toUpperCase()) + el('ChecksumType', 'FULL_OBJECT') : '') +
      el('Size', object.body.length) +
      el('StorageClass', 'STANDARD') +
      '</Contents>';
  }
  for (const p of commonPrefixes) xml += `<CommonPrefixes>${el('Prefix', encode(p))}</CommonPrefixes>`;
  if (encodingType) xml += el('EncodingType', encodingType);
  if (startAfter) xml += el('StartAfter', encode(startAfter));
  return `${xml}</ListBucketResult>\n`;
}
