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
//
// Options (after `npm run bench --`): --users N --roles N --policies N --seed N --latency-ms N --runs N
//   --out FILE (default BENCHMARKS.md at the package root) --skip-profile --keep-profile
//   --only account,startup,sizes (default all; a part not run keeps its section of the existing file)
//   --sizes 10,35,70,135 (MB of the synthetic exports) --startup-runs N
import { batchJitFlag } from '../src/entry/batch-jit.js';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { curveMarkdown, measureSizeCurve } from './size-curve.js';
import { measureStartup, startupMarkdown } from './startup.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../test/fixtures/fake-credentials.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = findPackageRoot(HERE);
const BUDGET = { analysisCpuMs: 2000, analysisRssBytes: 500e6, cliRssBytes: 600e6 };
const LIMITS = { totalMs: 60 * 60_000, endpointStartMs: 5 * 60_000, childMs: 5 * 60_000 };
const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY };

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'report-templates'))) return dir;
    if (dirname(dir) === dir) throw new Error(`package root not found above ${from}`);
  }
}

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

// ---------------------------------------------------------------- CPU profile summary

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
interface Hotspot {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
}

const sourceMaps = new Map<string, SourceMap | null>();

/** "src/policy/analysis.ts:81" for a frame in dist/ (through the .js.map tsc writes), else the file as it ran. */
function whereOf(url: string, line: number, column = 0): string {
  if (!url) return '(native)';
  let path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (path.startsWith(join(ROOT, 'dist') + '/')) {
    let map = sourceMaps.get(path);
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
      } catch {
        map = null;
      }
      sourceMaps.set(path, map);
    }
    const entry = map?.findEntry(line, column);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      return `${relative(ROOT, resolve(dirname(path), entry.originalSource))}:${entry.originalLine + 1}`;
    }
  }
  if (path.startsWith(ROOT)) path = relative(ROOT, path);
  return `${path}:${line + 1}`;
}

/** Self and total time by function (recursion counted once), from the sampled profile. */
function summariseProfile(profile: CpuProfile): { hotspots: Hotspot[]; byFile: { file: string; selfMs: number }[]; totalMs: number; idleMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'}\u0000${whereOf(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber)}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const files = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    // (idle): the main thread waiting, e.g. on the catalogue's file reads; not CPU time of the analysis.
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    totalUs += us;
    self.set(key(node), (self.get(key(node)) ?? 0) + us);
    const file = node.callFrame.url ? whereOf(node.callFrame.url, node.callFrame.lineNumber, node.callFrame.columnNumber).replace(/:\d+$/, '') : node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : `(native ${node.callFrame.functionName})`;
    files.set(file, (files.get(file) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur) as ProfileNode);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const hotspots = [...self.entries()]
    .map(([k, us]) => {
      const [name = '', where = ''] = k.split('\u0000');
      return { name, where, selfMs: us / 1000, totalMs: (total.get(k) ?? us) / 1000 };
    })
    .sort((a, b) => b.selfMs - a.selfMs);
  const byFile = [...files.entries()].map(([file, us]) => ({ file, selfMs: us / 1000 })).sort((a, b) => b.selfMs - a.selfMs);
  return { hotspots, byFile, totalMs: totalUs / 1000, idleMs: idleUs / 1000 };
}

// ---------------------------------------------------------------- formatting

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${int(n)} ms`;
const mb = (kib: number) => `${((kib * 1024) / 1e6).toFixed(0)} MB`;
const bytes = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`);
const range = (xs: number[], f: (n: number) => string) => (xs.length > 1 ? ` (${f(Math.min(...xs))}–${f(Math.max(...xs))})` : '');

const iamCalls = (c: CallCounts): number => Object.entries(c.byAction).reduce((n, [action, k]) => (action.startsWith('iam:') ? n + k : n), 0);
/** "40 IAM of 45" — the IAM calls, and every call (STS, CloudTrail, ... too). */
const callsCell = (c: CallCounts): string => `${iamCalls(c)} IAM / ${c.total} all`;

function callsText(c: CallCounts): string {
  return Object.entries(c.byAction)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([action, n]) => `${action} ×${n}`)
    .join(', ');
}

function machine(): { cpu: string; cores: number; memory: string; node: string; os: string } {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: os.cpus() it is
  }
  return {
    cpu,
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

// ---------------------------------------------------------------- the run

interface Figures {
  command: string;
  date: string;
  config: EndpointConfig;
  endpoint: EndpointReady;
  warmup: { result: CollectResult; calls: CallCounts };
  collect: { concurrency: number; result: CollectResult; calls: CallCounts }[];
  analyze: AnalyzeResult[];
  perCheck?: PerCheckResult;
  profile?: ReturnType<typeof summariseProfile> & { file?: string };
  cli?: { result: CliResult; calls: CallCounts };
  totalWallMs: number;
  /** os.loadavg() at the start: other work on the machine skews wall times (CPU times much less). */
  loadAverage: number[];
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

function markdown(f: Figures): string {
  const m = machine();
  const a = f.analyze;
  const totalCpu = median(a.map((r) => r.analysis.total.cpuMs));
  const checksCpu = median(a.map((r) => r.analysis.checks.cpuMs));
  const catalogCpu = median(a.map((r) => r.analysis.catalog.cpuMs));
  const analysisRss = Math.max(...a.map((r) => r.analysis.maxRssKiB));
  const cpuOk = totalCpu <= BUDGET.analysisCpuMs;
  const rssOk = analysisRss * 1024 <= BUDGET.analysisRssBytes;
  const first = a[0];
  if (!first) throw new Error('no benchmark runs to report');
  const c4 = f.collect.find((c) => c.concurrency === 4);
  const lines: string[] = [];
  const row = (...cells: string[]) => lines.push(`| ${cells.join(' | ')} |`);

  lines.push('# Benchmarks', '');
  lines.push('Written by `npm run bench` (bench/bench.ts); every run rewrites the parts it takes (all, or those of `--only`), so the');
  lines.push('figures always come with the command, machine, load and date that produced them.', '');
  lines.push('```sh', f.command, '```', '');
  lines.push(`- Date: ${f.date}`);
  lines.push(`- Machine: ${m.cpu}, ${m.cores} cores (nproc), ${m.memory} RAM, ${m.os}`);
  lines.push(
    `- Node.js ${m.node}; load average when the benchmark started ${f.loadAverage.map((x) => x.toFixed(2)).join(' ')}` +
      ((f.loadAverage[0] ?? 0) > m.cores / 2 ? ' — the machine was busy with other work: wall times are inflated (CPU times much less so).' : ''),
  );
  lines.push(
    `- Account: \`generateAccount({ users: ${f.config.users}, roles: ${f.config.roles}, policies: ${f.config.policies}, seed: ${f.config.seed} })\` ` +
      `— ${int(f.endpoint.entities.users)} users, ${int(f.endpoint.entities.groups)} groups, ${int(f.endpoint.entities.roles)} roles, ` +
      `${int(f.endpoint.entities.customerPolicies)} customer managed policies; served by test/aws-endpoint with ${f.config.latencyMs} ms latency per call, ` +
      `in a process of its own (its CPU and memory are not in the figures below).`,
  );
  const gaps = f.warmup.result.snapshot.gaps;
  lines.push(
    `- Snapshot collected: ${bytes(f.warmup.result.snapshotBytes ?? 0)} of JSON; ` +
      (gaps.length
        ? `gaps (services the local endpoint does not serve, so their checks are NOT_ASSESSED): ${gaps.map((g) => `${g.part} (${g.api} ${g.error})`).join(', ')}.`
        : 'no gaps.'),
  );
  lines.push(`- Whole benchmark: ${(f.totalWallMs / 1000).toFixed(0)} s wall.`, '');

  lines.push('## Budget: analysis of the generated account', '');
  lines.push(`Analysis = \`auditSnapshot\` in a fresh process (loading the IAM action catalogue, every check, policy analysis and`);
  lines.push(`wildcard expansion, report assembly); rendering and collection are not included. Median of ${a.length} fresh processes.`, '');
  row('', 'measured', 'budget', '');
  row('---', '---:', '---:', '---');
  row('analysis CPU time', ms(totalCpu) + range(a.map((r) => r.analysis.total.cpuMs), ms), ms(BUDGET.analysisCpuMs), cpuOk ? 'within' : '**OVER BUDGET**');
  row('peak RSS after analysis (max of runs)', mb(analysisRss), `${BUDGET.analysisRssBytes / 1e6} MB`, rssOk ? 'within' : '**OVER BUDGET**');
  lines.push('');
  lines.push('MB = 10^6 bytes. CPU time is `process.cpuUsage()` (user + system, every thread, GC included); peak RSS is');
  lines.push('`process.resourceUsage().maxRSS` of the audit process, which holds the parsed snapshot (it counts from process start).');
  lines.push('The audit processes run as the CLI and the Lambda do: with the JIT threshold of `src/entry/batch-jit.ts` (set at startup:');
  lines.push(`\`${batchJitFlag() ?? 'none on this V8'}\`). Without it, V8 optimizes hundreds of functions whose loop ends soon after: on this`);
  lines.push('account about a fifth more analysis CPU (background compilation) and a tenth more wall time.', '');

  lines.push('## Collection through the endpoint', '');
  lines.push('One fresh process per row: live collection (`collectSnapshot`, real SDK v3 clients over HTTP), then analysis and');
  lines.push('the three reports rendered in memory, as the CLI does.', '');
  row('--iam-concurrency', 'calls (IAM / all)', 'collection wall', 'collection CPU', 'peak RSS after collection', 'analysis CPU', 'rendering CPU', 'peak RSS (whole run)');
  row('---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:');
  for (const c of f.collect) {
    const r = c.result;
    const renderCpu = r.render ? r.render.json.cpuMs + r.render.html.cpuMs + r.render.csv.cpuMs : 0;
    row(String(c.concurrency), callsCell(c.calls), ms(r.collect.wallMs), ms(r.collect.cpuMs), mb(r.collectMaxRssKiB), r.analysis ? ms(r.analysis.total.cpuMs) : '', ms(renderCpu), mb(r.maxRssKiB));
  }
  lines.push('');
  lines.push('Calls by action (every request the endpoint received, retries included; "refused" = actions it does not serve):', '');
  for (const c of f.collect) lines.push(`- concurrency ${c.concurrency}: ${callsText(c.calls)} — ${c.calls.errors} error answers, ${c.calls.refused} refused`);
  lines.push(
    `- warm-up run (concurrency 4, endpoint caches cold, not otherwise reported): ${callsCell(f.warmup.calls)} calls, ${ms(f.warmup.result.collect.wallMs)} wall`,
  );
  lines.push('');
  lines.push('Paginated calls are sequential by nature (each page needs the previous Marker), and the credential report needs a');
  lines.push('poll interval between GenerateCredentialReport (STARTED) and the call that finds it COMPLETE: those chains, more than');
  lines.push('the number of calls, set the collection wall time; --iam-concurrency decides how many of them run side by side.', '');
  lines.push(`## Analysis and rendering of the saved snapshot (${a.length} fresh processes)`, '');
  row('phase', 'CPU, median (min–max)', 'wall, median', 'output');
  row('---', '---:', '---:', '---:');
  row('read + JSON.parse snapshot', ms(median(a.map((r) => r.load.cpuMs))) + range(a.map((r) => r.load.cpuMs), ms), ms(median(a.map((r) => r.load.wallMs))), bytes(f.warmup.result.snapshotBytes ?? 0));
  row('load IAM action catalogue', ms(catalogCpu) + range(a.map((r) => r.analysis.catalog.cpuMs), ms), ms(median(a.map((r) => r.analysis.catalog.wallMs))), '');
  row('checks (auditSnapshot, catalogue loaded)', ms(checksCpu) + range(a.map((r) => r.analysis.checks.cpuMs), ms), ms(median(a.map((r) => r.analysis.checks.wallMs))), `${int(first.analysis.findings)} findings, ${first.analysis.checksRun} checks`);
  row('**analysis total**', `**${ms(totalCpu)}**` + range(a.map((r) => r.analysis.total.cpuMs), ms), ms(median(a.map((r) => r.analysis.total.wallMs))), '');
  for (const fmt of ['json', 'html', 'csv'] as const) {
    row(`render ${fmt.toUpperCase()}`, ms(median(a.map((r) => r.render[fmt].cpuMs))) + range(a.map((r) => r.render[fmt].cpuMs), ms), ms(median(a.map((r) => r.render[fmt].wallMs))), bytes(first.render[fmt].bytes));
  }
  lines.push('');
  row('peak RSS', 'median (min–max)');
  row('---', '---:');
  row('after loading the snapshot', mb(median(a.map((r) => r.loadMaxRssKiB))) + range(a.map((r) => r.loadMaxRssKiB), mb));
  row('after analysis', mb(median(a.map((r) => r.analysis.maxRssKiB))) + range(a.map((r) => r.analysis.maxRssKiB), mb));
  row('after rendering the three reports', mb(median(a.map((r) => r.maxRssKiB))) + range(a.map((r) => r.maxRssKiB), mb));
  lines.push('');
  const sev = first.analysis.findingsBySeverity;
  lines.push(`Findings by severity: ${['critical', 'high', 'medium', 'low', 'info'].map((s) => `${int(sev[s] ?? 0)} ${s}`).join(', ')}.`, '');

  if (f.perCheck) {
    lines.push('## CPU time per check', '');
    lines.push('Each check run on its own after one warm-up run of all of them (so JIT and the catalogue\'s expansion caches are');
    lines.push(
      `warm: these add up to less than the cold figure above).${f.perCheck.notRun ? ` ${f.perCheck.notRun} checks not timed: their inputs are gaps (NOT_ASSESSED).` : ''}`,
      '',
    );
    row('check', 'CPU', 'results', 'FAIL');
    row('---', '---:', '---:', '---:');
    for (const c of [...f.perCheck.checks].sort((x, y) => y.cpuMs - x.cpuMs)) row(`\`${c.id}\``, ms(c.cpuMs), int(c.results), int(c.failed));
    lines.push('');
  }

  if (f.profile) {
    const p = f.profile;
    lines.push('## Where the analysis time goes (V8 CPU profile)', '');
    lines.push(`One more fresh process, sampled every 0.2 ms from the catalogue load to the end of \`auditSnapshot\`: ${ms(p.totalMs)} busy`);
    lines.push(`(plus ${ms(p.idleMs)} idle, waiting on I/O; the profiler adds some overhead). Self time by function, top 15:`, '');
    row('function', 'where', 'self', 'total');
    row('---', '---', '---:', '---:');
    for (const h of p.hotspots.slice(0, 15)) row(`\`${h.name}\``, `\`${h.where}\``, ms(h.selfMs), ms(h.totalMs));
    lines.push('');
    lines.push('Self time by file, top 10:', '');
    row('file', 'self');
    row('---', '---:');
    for (const x of p.byFile.slice(0, 10)) row(`\`${x.file}\``, ms(x.selfMs));
    lines.push('');
  }

  if (f.cli) {
    const r = f.cli.result;
    lines.push('## The CLI end to end', '');
    lines.push(`\`hardening-audit --endpoint-url <endpoint> --iam-concurrency 4 --now ${f.endpoint.now} --out <tmp> --fail-on none --quiet\``);
    lines.push('(src/entry/cli/main.ts `main`, in a fresh process): collect, analyse, render and write the three reports.', '');
    const cliRssOk = r.maxRssKiB * 1024 <= BUDGET.cliRssBytes;
    row('exit code', 'calls (IAM / all)', 'wall', 'CPU', 'peak RSS', 'budget (peak RSS)', '', 'reports');
    row('---:', '---:', '---:', '---:', '---:', '---:', '---', '---');
    row(
      String(r.exitCode),
      callsCell(f.cli.calls),
      ms(r.run.wallMs),
      ms(r.run.cpuMs),
      mb(r.maxRssKiB),
      `${BUDGET.cliRssBytes / 1e6} MB`,
      cliRssOk ? 'within' : '**OVER BUDGET**',
      r.reports.map((x) => `${x.file.replace(/^.*\./, '')} ${bytes(x.bytes)}`).join(', '),
    );
    lines.push('');
    lines.push('```', r.stdout.trim().replace(/^Report: .*$/gm, '').trim(), '```', '');
    if (r.exitCode === 3) lines.push('Exit code 3 = the audit is incomplete: the gaps listed at the top (services the local endpoint does not serve).', '');
  }

  lines.push('## Reading the figures', '');
  if (c4) {
    const c1 = f.collect.find((c) => c.concurrency === 1);
    lines.push(
      `- Collection: ${ms(c4.result.collect.wallMs)} wall for ${iamCalls(c4.calls)} IAM calls (${c4.calls.total} calls in all) at ${f.config.latencyMs} ms each (default --iam-concurrency 4)` +
        (c1 ? `; ${ms(c1.result.collect.wallMs)} at --iam-concurrency 1.` : '.') +
        ` Its CPU time (${ms(c4.result.collect.cpuMs)}) goes mostly to the SDK parsing the XML pages, GC, and decoding and validating the policy documents.`,
    );
  }
  lines.push(`- Analysis: ${ms(totalCpu)} CPU — ${cpuOk ? 'within' : '**over**'} the 2 s budget; peak RSS ${mb(analysisRss)} — ${rssOk ? 'within' : '**over**'} the 500 MB budget.`);
  if (f.perCheck) {
    const top = [...f.perCheck.checks].sort((x, y) => y.cpuMs - x.cpuMs).slice(0, 3);
    const sum = f.perCheck.checks.reduce((n, c) => n + c.cpuMs, 0);
    lines.push(`- Costliest checks (warm): ${top.map((c) => `\`${c.id}\` ${ms(c.cpuMs)}`).join(', ')} — of ${ms(sum)} for all ${f.perCheck.checks.length}.`);
  }
  if (f.profile?.hotspots[0]) {
    const h = f.profile.hotspots.find((x) => !x.name.startsWith('(')) ?? f.profile.hotspots[0];
    lines.push(`- Hottest function: \`${h.name}\` (${h.where}), ${ms(h.selfMs)} self, ${ms(h.totalMs)} with its callees.`);
  }
  if (f.cli) {
    const over = f.cli.result.maxRssKiB * 1024 > BUDGET.cliRssBytes;
    lines.push(
      `- The whole CLI run (collect + analyse + render + write) peaks at ${mb(f.cli.result.maxRssKiB)} RSS — ${over ? '**over**' : 'within'} its ${BUDGET.cliRssBytes / 1e6} MB budget; ` +
        `the three reports are ${bytes(f.cli.result.reports.reduce((n, r) => n + r.bytes, 0))} together (rendered one at a time into temp files, renamed together at the end; the report object with its findings stays in memory throughout).`,
    );
  }
  lines.push('');
  return lines.join('\n');
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
