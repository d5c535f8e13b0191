// Answers that are not AWS's: a proxy in front of the local endpoint that replaces chosen actions' answers with an
// HTML error page (as a corporate proxy or gateway does), and a port where nothing listens. For the error
// classification tests (src/collect/classify.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HtmlProxy {
  url: string;
  /** Actions (bare, e.g. 'GetAccountSummary' or 'DescribeOrganization') answered with the HTML page. */
  htmlFor: Set<string>;
  close(): Promise<void>;
}

const PAGE = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

function actionOf(req: http.IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  return new URLSearchParams(body).get('Action') ?? '';
}

/** A body to answer an action with, HTTP 200 (an AWS-shaped answer with content AWS would never give). */
export interface RawAnswer {
  body: string;
  contentType?: string;
}

/**
 * Forwards every request to `target` except the actions in htmlFor, which get `status` with an HTML body, and those
 * in `answers`, which get HTTP 200 with that body.
 */
export async function startHtmlProxy(
  target: string,
  options: { status?: number; htmlFor?: Iterable<string>; answers?: Record<string, RawAnswer> } = {},
): Promise<HtmlProxy> {
  const htmlFor = new Set(options.htmlFor ?? []);
  const answers = new Map(Object.entries(options.answers ?? {}));
  const status = options.status ?? 502;
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = actionOf(req, body.toString('utf8'));
      const raw = answers.get(action);
      if (raw) {
        res.writeHead(200, { 'Content-Type': raw.contentType ?? 'text/xml', 'Content-Length': Buffer.byteLength(raw.body) });
        res.end(raw.body);
        return;
      }
      if (htmlFor.has(action) || htmlFor.has('*')) {
        res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(PAGE) });
        res.end(PAGE);
        return;
      }
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(500);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    htmlFor,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback URL where nothing listens (a port that was just bound and released). */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
