// A real local SES v2 server (aws-ses-v2-local, the package's own CLI) as a child process on a free loopback port.
// GET /store returns what was sent: { emails: [{ messageId, from, destination: { to, cc, bcc }, subject,
// body: { html, text }, attachments: [{ filename, contentType, content (base64), size }], at }] }; raw messages
// (what nodemailer's SES transport sends) are parsed by the server with mailparser.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join } from 'node:path';

export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: Array<{ filename: string; contentType: string; content: string; size: number }>;
  at: number;
}

export interface SesLocal {
  url: string;
  port: number;
  emails(): Promise<StoredEmail[]>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** A loopback port nothing listens on (just released by the OS). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const require = createRequire(import.meta.url);

export async function startSesLocal(): Promise<SesLocal> {
  const pkgPath = require.resolve('aws-ses-v2-local/package.json');
  const bin = join(dirname(pkgPath), (require(pkgPath) as { bin: Record<string, string> }).bin['aws-ses-v2-local']);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [bin, '--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test' }, // no SMTP_TRANSPORT: nothing is relayed anywhere
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`aws-ses-v2-local did not start in 15 s: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('server running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`aws-ses-v2-local exited (${code}): ${output}`));
    });
  });
  // Never outlive the test process (a crashed run must not leave a server behind).
  const killChild = () => child.kill('SIGTERM');
  process.once('exit', killChild);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    emails: async () => ((await (await fetch(`${url}/store`)).json()) as { emails: StoredEmail[] }).emails,
    clear: async () => {
      await fetch(`${url}/clear-store`, { method: 'POST' });
    },
    close: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killChild);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
