// BENCHMARKS.md's account section: the figures of one `npm run bench` as markdown, and the formatting helpers the
// driver shares.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { batchJitFlag } from '../src/entry/batch-jit.js';
import type { summariseProfile } from './profile-summary.js';
import type { AnalyzeResult, CallCounts, CliResult, CollectResult, EndpointConfig, EndpointReady, PerCheckResult } from './protocol.js';

export const BUDGET = { analysisCpuMs: 2000, analysisRssBytes: 500e6, cliRssBytes: 600e6 };

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const ms = (n: number) => `${int(n)} ms`;
export const mb = (kib: number) => `${((kib * 1024) / 1e6).toFixed(0)} MB`;
export const bytes = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`);
export const range = (xs: number[], f: (n: number) => string) => (xs.length > 1 ? ` (${f(Math.min(...xs))}–${f(Math.max(...xs))})` : '');

export const iamCalls = (c: CallCounts): number => Object.entries(c.byAction).reduce((n, [action, k]) => (action.startsWith('iam:') ? n + k : n), 0);
/** "40 IAM of 45" — the IAM calls, and every call (STS, CloudTrail, ... too). */
export const callsCell = (c: CallCounts): string => `${iamCalls(c)} IAM / ${c.total} all`;

export function callsText(c: CallCounts): string {
  return Object.entries(c.byAction)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([action, n]) => `${action} ×${n}`)
    .join(', ');
}

export function machine(): { cpu: string; cores: number; memory: string; node: string; os: string } {
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

export interface Figures {
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


export function markdown(f: Figures): string {
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

