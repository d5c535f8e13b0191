// `npm run bench`: audits a generated account (5,000 users, 10,000 roles, 5,000 customer managed policies) through
// the local AWS endpoint with 20 ms latency per call, and writes the figures, with the machine and the command that
// produced them, to BENCHMARKS.md (overwritten each run). Not a test: it measures, it does not assert; but it says
// plainly whether the analysis stays within its budget (2 s CPU, 500 MB peak RSS).
//
// Processes (all started with fork(); results travel over IPC; only 127.0.0.1 is used):
//   bench.ts             this driver: starts the others, one at a time, and writes the report
//   endpoint-process.ts  the generated account behind startAwsEndpoint, so its CPU and memory are not the audit's
//   audit-process.ts     one fresh process per measurement, so its peak RSS and CPU time are the audit's alone:
//                          collect  live collection (+ analysis + rendering, as the CLI does), per --iam-concurrency
//                          analyze  analysis + rendering of the saved snapshot, repeated (--runs), median reported
//                          per-check each check's CPU time; and one profiled analysis (V8 CPU profile)
//                          cli      the real CLI end to end, writing the three reports to a temporary folder
// Every child has a time limit and the whole run has one, so the benchmark always stops by itself.
//
//   startup.ts           `hardening-audit --help` / `--version` against their budget, beside `node -e 0`
//   size-curve.ts        offline audits of synthetic exports of growing size, beside a bare JSON.parse of each
//   report-markdown.ts   the account section of BENCHMARKS.md; profile-summary.ts the V8 profile's hotspots
//
// Options (after `npm run bench --`): --users N --roles N --policies N --seed N --latency-ms N --runs N
//   --out FILE (default BENCHMARKS.md at the package root) --skip-profile --keep-profile
//   --only account,startup,sizes (default all; a part not run keeps its section of the existing file)
//   --sizes 10,35,70,135 (MB of the synthetic exports) --startup-runs N
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type {
  AnalyzeResult,
  AuditMessage,
  AuditResult,
  AuditTask,
  CallCounts,
  CliResult,
  CollectResult,
  EndpointConfig,
  EndpointReady,
  EndpointReply,
  EndpointRequest,
  PerCheckResult,
} from './protocol.js';
import { composeBenchmarks, parseParts, sectionText } from './sections.js';
import { summariseProfile, type CpuProfile } from './profile-summary.js';
import { bytes, callsCell, type Figures, markdown, mb, ms } from './report-markdown.js';
import { HERE, ROOT } from './root.js';
import { curveMarkdown, measureSizeCurve } from './size-curve.js';
import { measureStartup, startupMarkdown } from './startup.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../test/fixtures/fake-credentials.js';

const LIMITS = { totalMs: 60 * 60_000, endpointStartMs: 5 * 60_000, childMs: 5 * 60_000 };
const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY };


// ---------------------------------------------------------------- child processes

const children = new Set<ChildProcess>();

function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function startChild(script: string, arg: unknown, env: NodeJS.ProcessEnv): { child: ChildProcess; stderr: () => string } {
  const child = fork(join(HERE, script), [JSON.stringify(arg)], { execArgv: [], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-4000);
  });
  child.stdout?.resume();
  return { child, stderr: () => stderr };
}

/** The environment of an audit: fake static keys, no profile or config file of the user's, no instance metadata. */
function auditEnv(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    ...FAKE_CREDENTIALS,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(tmp, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function runAudit<T extends AuditResult>(task: AuditTask, env: NodeJS.ProcessEnv): Promise<T> {
  const { child, stderr } = startChild('audit-process.js', task, env);
  return new Promise<T>((resolvePromise, reject) => {
    let result: AuditMessage | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`audit (${task.mode}) took longer than ${LIMITS.childMs / 1000} s; killed`));
    }, LIMITS.childMs);
    child.on('message', (m) => {
      result = m as AuditMessage;
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    // 'close' rather than 'exit': it comes after the stdio and IPC pipes are drained, so the result is in.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (result?.type === 'result') resolvePromise(result.result as T);
      else if (result?.type === 'error') reject(new Error(`audit (${task.mode}) failed: ${result.error}`));
      else reject(new Error(`audit (${task.mode}) exited with ${signal ?? code} and no result\n${stderr()}`));
    });
  });
}

class EndpointProcess {
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: EndpointReply) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: EndpointReady,
  ) {
    child.on('message', (m) => {
      const reply = m as EndpointReply;
      if (reply.type !== 'reply') return;
      this.pending.get(reply.id)?.resolve(reply);
      this.pending.delete(reply.id);
    });
    child.once('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`endpoint process exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  static async start(config: EndpointConfig): Promise<EndpointProcess> {
    const { child, stderr } = startChild('endpoint-process.js', config, { ...process.env });
    const ready = await new Promise<EndpointReady>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error('the endpoint did not start in time')), LIMITS.endpointStartMs);
      child.once('message', (m) => {
        clearTimeout(timer);
        resolvePromise(m as EndpointReady);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the endpoint process exited (${code}) before it was ready\n${stderr()}`));
      });
    });
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(ready.url)) throw new Error(`the endpoint is not on loopback: ${ready.url}`);
    return new EndpointProcess(child, ready);
  }

  private request(type: EndpointRequest['type']): Promise<EndpointReply & { ok: true }> {
    const id = this.nextId++;
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`endpoint: no answer to ${type}`)), 30_000);
      this.pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          if (r.ok) resolvePromise(r);
          else reject(new Error(`endpoint: ${type} failed: ${r.error}`));
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, type } satisfies EndpointRequest);
    });
  }

  async reset(): Promise<void> {
    await this.request('reset');
  }

  async calls(): Promise<CallCounts> {
    const r = await this.request('calls');
    if (!r.calls) throw new Error('endpoint: no call counts');
    return r.calls;
  }

  async close(): Promise<void> {
    await this.request('close').catch(() => undefined);
    await new Promise<void>((resolvePromise) => {
      if (this.child.exitCode !== null) return resolvePromise();
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolvePromise();
      }, 5000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolvePromise();
      });
    });
  }
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function benchmark(opts: { config: EndpointConfig; runs: number; profile: boolean; keepProfile: boolean; command: string }, tmp: string): Promise<Figures> {
  const started = performance.now();
  const loadAverage = os.loadavg();
  const env = auditEnv(tmp);
  const { config } = opts;
  log(`generating ${config.users} users, ${config.roles} roles, ${config.policies} policies (seed ${config.seed}) in the endpoint process...`);
  const endpoint = await EndpointProcess.start(config);
  try {
    const ready = endpoint.ready;
    const now = ready.now;
    log(`endpoint ${ready.url} ready (account generated in ${ms(ready.generateMs)}), ${config.latencyMs} ms latency per call`);
    const snapshotPath = join(tmp, 'snapshot.json');

    // Warm-up: fills the endpoint's response caches, and saves the snapshot the analysis runs use.
    await endpoint.reset();
    const warm = await runAudit<CollectResult>({ mode: 'collect', endpointUrl: ready.url, iamConcurrency: 4, now, saveSnapshot: snapshotPath, analyse: false }, env);
    const warmup = { result: warm, calls: await endpoint.calls() };
    log(`warm-up collection: ${ms(warm.collect.wallMs)} wall, ${callsCell(warmup.calls)} calls, snapshot ${bytes(warm.snapshotBytes ?? 0)}`);
    // The endpoint serves IAM and STS: anything else (CloudTrail, Organizations) is an expected gap; an IAM or STS gap
    // means the endpoint and the collectors disagree, and the figures would not be those of a full IAM audit.
    const iamGaps = warm.snapshot.gaps.filter((g) => /^(iam|sts):/.test(g.api));
    if (iamGaps.length) throw new Error(`the collected snapshot has IAM gaps: ${iamGaps.map((g) => `${g.part} (${g.api} ${g.error})`).join(', ')}`);
    for (const g of warm.snapshot.gaps) log(`not served by the local endpoint: ${g.part} (${g.api} ${g.error})`);

    const collect: Figures['collect'] = [];
    for (const concurrency of [4, 1]) {
      await endpoint.reset();
      const result = await runAudit<CollectResult>({ mode: 'collect', endpointUrl: ready.url, iamConcurrency: concurrency, now, analyse: true }, env);
      const calls = await endpoint.calls();
      collect.push({ concurrency, result, calls });
      log(`collection at --iam-concurrency ${concurrency}: ${ms(result.collect.wallMs)} wall, ${ms(result.collect.cpuMs)} CPU, ${callsCell(calls)} calls`);
    }

    const analyze: AnalyzeResult[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const result = await runAudit<AnalyzeResult>({ mode: 'analyze', snapshotPath, now }, env);
      analyze.push(result);
      log(`analysis ${i + 1}/${opts.runs}: ${ms(result.analysis.total.cpuMs)} CPU, peak RSS ${mb(result.analysis.maxRssKiB)}, ${result.analysis.findings} findings`);
    }

    const perCheck = await runAudit<PerCheckResult>({ mode: 'per-check', snapshotPath, now }, env);
    let profile: Figures['profile'];
    if (opts.profile) {
      const profilePath = join(tmp, 'analysis.cpuprofile');
      await runAudit<AnalyzeResult>({ mode: 'analyze', snapshotPath, now, cpuProfile: profilePath }, env);
      profile = summariseProfile(JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile);
      if (opts.keepProfile) {
        const kept = join(os.tmpdir(), `hardening-audit-analysis-${Date.now()}.cpuprofile`);
        await copyFile(profilePath, kept);
        profile.file = kept;
        log(`CPU profile of the analysis: ${kept}`);
      }
    }

    await endpoint.reset();
    const outDir = join(tmp, 'reports');
    await mkdir(outDir);
    const cliResult = await runAudit<CliResult>({ mode: 'cli', endpointUrl: ready.url, iamConcurrency: 4, now, outDir }, env);
    const cli = { result: cliResult, calls: await endpoint.calls() };
    log(`CLI end to end: exit ${cliResult.exitCode}, ${ms(cliResult.run.wallMs)} wall, peak RSS ${mb(cliResult.maxRssKiB)}`);

    return {
      command: opts.command,
      date: new Date().toISOString(),
      config,
      endpoint: ready,
      warmup,
      collect,
      analyze,
      perCheck,
      profile,
      cli,
      totalWallMs: performance.now() - started,
      loadAverage,
    };
  } finally {
    await endpoint.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '5000' },
      roles: { type: 'string', default: '10000' },
      policies: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '7' },
      'latency-ms': { type: 'string', default: '20' },
      runs: { type: 'string', default: '3' },
      out: { type: 'string' },
      'skip-profile': { type: 'boolean', default: false },
      'keep-profile': { type: 'boolean', default: false },
      only: { type: 'string' },
      sizes: { type: 'string', default: '10,35,70,135' },
      'startup-runs': { type: 'string', default: '15' },
    },
    strict: true,
  });
  const num = (name: keyof typeof values, min: number): number => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be a whole number >= ${min}`);
    return v;
  };
  const config: EndpointConfig = {
    users: num('users', 0),
    roles: num('roles', 0),
    policies: num('policies', 0),
    seed: num('seed', 0),
    latencyMs: num('latency-ms', 0),
  };
  const runs = num('runs', 1);
  const parts = parseParts(values.only);
  const startupRuns = num('startup-runs', 1);
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((n) => !(n > 0))) throw new Error('--sizes: expected sizes in MB, e.g. 10,35,70,135');
  const out = resolve(values.out ?? join(ROOT, 'BENCHMARKS.md'));
  const passed = process.argv.slice(2);
  const command = `npm run build && npm run bench${passed.length ? ` -- ${passed.join(' ')}` : ''}`;
  if (!existsSync(join(ROOT, 'dist', 'bench', 'audit-process.js'))) throw new Error('dist/bench is missing: run `npm run build` first');

  const tmp = await mkdtemp(join(os.tmpdir(), 'hardening-audit-bench-'));
  const deadline = setTimeout(() => {
    log(`the benchmark ran past its ${LIMITS.totalMs / 60_000} min limit; stopping`);
    killChildren();
    void rm(tmp, { recursive: true, force: true }).finally(() => process.exit(1));
  }, LIMITS.totalMs);
  deadline.unref();
  try {
    const written: Parameters<typeof composeBenchmarks>[1] = {};
    if (parts.has('account')) {
      written.account = markdown(await benchmark({ config, runs, profile: !values['skip-profile'], keepProfile: values['keep-profile'], command }, tmp));
    }
    if (parts.has('startup')) {
      log(`start-up: --help, --version and node -e 0, ${startupRuns} runs each...`);
      const startup = await measureStartup(ROOT, startupRuns);
      written.startup = sectionText('startup', `npm run build && npm run bench -- --only startup --startup-runs ${startupRuns}`, startupMarkdown(startup));
    }
    if (parts.has('sizes')) {
      log(`size curve: exports of ${sizes.join(', ')} MB...`);
      const curve = await measureSizeCurve(ROOT, tmp, sizes, log);
      written.sizes = sectionText('sizes', `npm run build && npm run bench -- --only sizes --sizes ${sizes.join(',')}`, curveMarkdown(curve));
    }
    const md = composeBenchmarks(existsSync(out) ? readFileSync(out, 'utf8') : '', written);
    await writeFile(out, md);
    process.stdout.write(md);
    log(`written to ${relative(process.cwd(), out) || out}`);
    return 0;
  } finally {
    clearTimeout(deadline);
    killChildren();
    await rm(tmp, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killChildren();
    process.exit(130);
  });
}
main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    killChildren();
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
