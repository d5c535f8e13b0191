// Runs a command in a fresh Node process and measures it: wall time from spawn to exit (as a user waits for it), CPU
// time (user + system) and peak RSS of that process, read at its exit by child-usage.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE_HOOK = join(dirname(fileURLToPath(import.meta.url)), 'child-usage.js');

export interface MeasuredRun {
  exitCode: number | null;
  wallMs: number;
  cpuMs: number;
  userMs: number;
  systemMs: number;
  maxRssKiB: number;
  stdout: string;
  /** The first and the last 4,000 characters. */
  stderrHead: string;
  stderr: string;
}

/** `node <nodeArgs...>` with the usage hook preloaded; killed after limitMs. */
export async function measuredRun(nodeArgs: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; limitMs: number }): Promise<MeasuredRun> {
  const dir = mkdtempSync(join(os.tmpdir(), 'ha-bench-usage-'));
  const usageFile = join(dir, 'usage.json');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', USAGE_HOOK, ...nodeArgs], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), HARDENING_AUDIT_BENCH_USAGE: usageFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stderrHead = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderrHead.length < 4000) stderrHead = (stderrHead + d.toString('utf8')).slice(0, 4000);
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.limitMs);
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code));
    });
    const wallMs = performance.now() - started;
    clearTimeout(timer);
    let usage = { userMs: Number.NaN, systemMs: Number.NaN, maxRssKiB: Number.NaN };
    try {
      usage = JSON.parse(readFileSync(usageFile, 'utf8')) as typeof usage;
    } catch {
      // killed or crashed before its exit handler ran: no usage figures
    }
    return { exitCode, wallMs, cpuMs: usage.userMs + usage.systemMs, ...usage, stdout, stderrHead, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
