// One measured audit, in a fresh process so that its peak RSS (process.resourceUsage().maxRSS) and CPU time are the
// audit's alone. Started by bench.ts with fork(); argv[2] is an AuditTask as JSON; the result goes back over IPC.
// Credentials are the fake static keys bench.ts puts in the environment; the only peer is the loopback endpoint.
// As the CLI and the Lambda run: with their V8 tier-up thresholds (src/entry/batch-jit.ts), set before any audit code runs.
import '../src/entry/batch-jit.js';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { auditSnapshot } from '../src/pipeline/audit.js';
import { createClients, destroyClients, DEFAULT_MAX_ATTEMPTS } from '../src/aws/clients.js';
import { ALL_CHECKS } from '../src/checks/index.js';
import type { Check } from '../src/checks/types.js';
import { DEFAULT_THRESHOLDS } from '../src/vocabulary.js';
import { main as cliMain } from '../src/entry/cli/main.js';
import { collectSnapshot } from '../src/collect/index.js';
import { loadActionCatalog } from '../src/policy/catalog.js';
import { renderCsv } from '../src/report/csv/csv.js';
import { renderHtml } from '../src/report/html/html.js';
import { renderJson } from '../src/report/json/json.js';
import type { AuditReport } from '../src/report/model.js';
import { gapsFor, type AccountSnapshot } from '../src/snapshot/snapshot.js';
import type {
  AnalysisFigures,
  AuditMessage,
  AuditResult,
  AuditTask,
  PerCheckResult,
  PhaseTime,
  RenderFigures,
  SnapshotFigures,
} from './protocol.js';

/** Measures CPU (process.cpuUsage: user + system, every thread of the process, GC included) and wall time. */
async function timed<T>(fn: () => T | Promise<T>): Promise<[T, PhaseTime]> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return [value, { cpuMs: (cpu.user + cpu.system) / 1000, userMs: cpu.user / 1000, systemMs: cpu.system / 1000, wallMs }];
}

const maxRssKiB = (): number => process.resourceUsage().maxRSS;

function addTimes(a: PhaseTime, b: PhaseTime): PhaseTime {
  return { cpuMs: a.cpuMs + b.cpuMs, userMs: a.userMs + b.userMs, systemMs: a.systemMs + b.systemMs, wallMs: a.wallMs + b.wallMs };
}

function snapshotFigures(s: AccountSnapshot): SnapshotFigures {
  return {
    users: s.users.length,
    groups: s.groups.length,
    roles: s.roles.length,
    policies: s.policies.length,
    credentialReportRows: s.credentialReport?.rows.length ?? 0,
    gaps: s.gaps.map((g) => ({ part: g.part, api: g.api, error: g.error })),
  };
}

async function analyse(snapshot: AccountSnapshot, now: string, cpuProfile?: string): Promise<[AuditReport, AnalysisFigures]> {
  // The same V8 profiler as `node --cpu-prof`, started and stopped around the analysis so the profile shows only it.
  const session = cpuProfile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const [, catalog] = await timed(() => loadActionCatalog());
  const [report, checks] = await timed(() => auditSnapshot(snapshot, { thresholds: DEFAULT_THRESHOLDS, now }));
  if (session && cpuProfile) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(cpuProfile, JSON.stringify(profile));
  }
  const findingsBySeverity: Record<string, number> = {};
  for (const f of report.findings) findingsBySeverity[f.severity] = (findingsBySeverity[f.severity] ?? 0) + 1;
  return [
    report,
    {
      catalog,
      checks,
      total: addTimes(catalog, checks),
      findings: report.findings.length,
      findingsBySeverity,
      checksRun: report.checks.length,
      maxRssKiB: maxRssKiB(),
    },
  ];
}

async function render(report: AuditReport): Promise<RenderFigures> {
  const one = async (fn: (r: AuditReport) => string) => {
    const [text, time] = await timed(() => fn(report));
    return { ...time, bytes: Buffer.byteLength(text) };
  };
  // In the CLI's order; the strings are dropped as soon as they are measured.
  const json = await one(renderJson);
  const html = await one(renderHtml);
  const csv = await one(renderCsv);
  return { json, html, csv };
}

async function perCheck(snapshot: AccountSnapshot, now: string): Promise<PerCheckResult> {
  const catalog = await loadActionCatalog();
  const context = { now, thresholds: DEFAULT_THRESHOLDS, catalog };
  // As runChecks does: a check whose inputs are in a gap is not run (NOT_ASSESSED), and one that throws is NOT_ASSESSED.
  const runnable = ALL_CHECKS.filter((check) => gapsFor(snapshot, check.needs).length === 0);
  const tryRun = (check: Check) => {
    try {
      return check.run(snapshot, context);
    } catch {
      return undefined;
    }
  };
  // Warm up (JIT, the catalogue's expansion caches) with one full run, then time each check on its own.
  for (const check of runnable) tryRun(check);
  const checks: PerCheckResult['checks'] = [];
  for (const check of runnable) {
    const [results, time] = await timed(() => tryRun(check));
    if (!results) continue;
    checks.push({ id: check.id, cpuMs: time.cpuMs, wallMs: time.wallMs, results: results.length, failed: results.filter((r) => r.status === 'FAIL').length });
  }
  return { mode: 'per-check', checks, notRun: ALL_CHECKS.length - checks.length };
}

async function run(task: AuditTask): Promise<AuditResult> {
  switch (task.mode) {
    case 'collect': {
      const [snapshot, collect] = await timed(async () => {
        const clients = createClients({ endpointUrl: task.endpointUrl, region: 'us-east-1', maxAttempts: DEFAULT_MAX_ATTEMPTS });
        try {
          return await collectSnapshot(clients, { iamConcurrency: task.iamConcurrency });
        } finally {
          destroyClients(clients);
        }
      });
      const collectMaxRssKiB = maxRssKiB();
      let analysis: AnalysisFigures | undefined;
      let rendered: RenderFigures | undefined;
      if (task.analyse) {
        const [report, figures] = await analyse(snapshot, task.now);
        analysis = figures;
        rendered = await render(report);
      }
      const endMaxRssKiB = maxRssKiB();
      let snapshotBytes: number | undefined;
      if (task.saveSnapshot) {
        const text = JSON.stringify(snapshot);
        snapshotBytes = Buffer.byteLength(text);
        await writeFile(task.saveSnapshot, text);
      }
      return {
        mode: 'collect',
        collect,
        collectMaxRssKiB,
        snapshot: snapshotFigures(snapshot),
        ...(snapshotBytes !== undefined ? { snapshotBytes } : {}),
        ...(analysis ? { analysis } : {}),
        ...(rendered ? { render: rendered } : {}),
        maxRssKiB: endMaxRssKiB,
      };
    }
    case 'analyze': {
      const [snapshot, load] = await timed(async () => JSON.parse(await readFile(task.snapshotPath, 'utf8')) as AccountSnapshot);
      const loadMaxRssKiB = maxRssKiB();
      const [report, analysis] = await analyse(snapshot, task.now, task.cpuProfile);
      const rendered = await render(report);
      return { mode: 'analyze', load, loadMaxRssKiB, snapshot: snapshotFigures(snapshot), analysis, render: rendered, maxRssKiB: maxRssKiB() };
    }
    case 'per-check': {
      const snapshot = JSON.parse(await readFile(task.snapshotPath, 'utf8')) as AccountSnapshot;
      return perCheck(snapshot, task.now);
    }
    case 'cli': {
      // The CLI prints its summary on stdout; keep it to return it rather than interleave it with the driver's output.
      let stdout = '';
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array) => {
        stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      }) as typeof process.stdout.write;
      let exitCode: number;
      let time: PhaseTime;
      try {
        [exitCode, time] = await timed(() =>
          cliMain([
            process.execPath,
            'hardening-audit',
            '--endpoint-url', task.endpointUrl,
            '--iam-concurrency', String(task.iamConcurrency),
            '--now', task.now,
            '--out', task.outDir,
            '--fail-on', 'none',
            '--quiet',
          ]),
        );
      } finally {
        process.stdout.write = write;
      }
      const reports = [];
      for (const file of (await readdir(task.outDir)).sort()) reports.push({ file, bytes: (await stat(join(task.outDir, file))).size });
      return { mode: 'cli', exitCode, run: time, maxRssKiB: maxRssKiB(), stdout, reports };
    }
  }
}

function reply(message: AuditMessage): void {
  process.send?.(message, () => process.exit(message.type === 'result' ? 0 : 1));
}

if (!process.send) {
  process.stderr.write('audit-process must be started by bench.ts (fork with an IPC channel)\n');
  process.exit(2);
}
run(JSON.parse(process.argv[2] ?? '') as AuditTask).then(
  (result) => reply({ type: 'result', result }),
  (e: unknown) => reply({ type: 'error', error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
