// The size curve: synthetic auth-details exports of growing size (synthetic-export.ts), each audited offline by the
// real CLI in a fresh process with every report format, beside the floor of reading and JSON.parse-ing the same file.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { measuredRun, type MeasuredRun } from './measured-run.js';
import { readTemplate, writeSyntheticExport, type SyntheticExport } from './synthetic-export.js';

export const CURVE_NOW = '2026-12-01T00:00:00Z';

export interface CurvePoint {
  input: SyntheticExport;
  floor: MeasuredRun;
  cli: MeasuredRun;
  /** The CLI loaded every generated user and role (its "loaded authorization details" line), so nothing merged. */
  loaded: { users: number; roles: number } | undefined;
  findings: number | undefined;
  reports: { suffix: string; bytes: number }[];
}

export interface CurveFigures {
  points: CurvePoint[];
  command: string;
  loadAverage: number[];
  date: string;
}

export async function measureSizeCurve(root: string, tmp: string, sizesMb: number[], log: (m: string) => void): Promise<CurveFigures> {
  const template = readTemplate(join(root, 'test/fixtures/auth-details'));
  const cli = join(root, 'dist/src/entry/cli.js');
  const loadAverage = loadavg();
  const command = `node dist/src/entry/cli.js --auth-details <export> --out <tmp> --format json,html,csv --now ${CURVE_NOW} --fail-on none`;
  const points: CurvePoint[] = [];
  for (const mb of sizesMb) {
    const input = writeSyntheticExport(template, join(tmp, `export-${mb}mb.json`), mb * 1e6);
    log(`export of ${(input.bytes / 1e6).toFixed(1)} MB: ${input.copies} copies, ${input.entities.UserDetailList} users, ${input.entities.RoleDetailList} roles`);
    const floor = await measuredRun([join(root, 'dist/bench/parse-floor.js'), input.path], { cwd: root, limitMs: 10 * 60_000 });
    const out = join(tmp, `reports-${mb}mb`);
    mkdirSync(out);
    const run = await measuredRun([cli, '--auth-details', input.path, '--out', out, '--format', 'json,html,csv', '--now', CURVE_NOW, '--fail-on', 'none'], {
      cwd: root,
      limitMs: 30 * 60_000,
    });
    const reports = readdirSync(out)
      .filter((f) => !f.includes('.tmp-'))
      .map((f) => ({ suffix: f.replace(/^.*\./, ''), bytes: statSync(join(out, f)).size }));
    rmSync(out, { recursive: true, force: true });
    rmSync(input.path, { force: true });
    const loadedLine = /loaded authorization details of account \d+: (\d+) users, (\d+) roles/.exec(run.stderrHead);
    const loaded = loadedLine ? { users: Number(loadedLine[1]), roles: Number(loadedLine[2]) } : undefined;
    const findingsLine = /^Findings: (.*)$/m.exec(run.stdout);
    const findings = findingsLine?.[1]?.split(',').reduce((n, part) => n + Number.parseInt(part, 10), 0);
    points.push({ input, floor, cli: run, loaded, findings, reports });
    log(`  CLI exit ${run.exitCode}, ${Math.round(run.wallMs)} ms wall, ${Math.round(run.cpuMs)} ms CPU, peak RSS ${((run.maxRssKiB * 1024) / 1e6).toFixed(0)} MB; JSON.parse floor ${Math.round(floor.wallMs)} ms, ${((floor.maxRssKiB * 1024) / 1e6).toFixed(0)} MB`);
  }
  return { points, command, loadAverage, date: new Date().toISOString() };
}

const ms = (n: number) => (Number.isNaN(n) ? '–' : `${Math.round(n).toLocaleString('en-US')} ms`);
const mb = (kib: number) => (Number.isNaN(kib) ? '–' : `${((kib * 1024) / 1e6).toFixed(0)} MB`);
const size = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const int = (n: number) => n.toLocaleString('en-US');

/** "ok", or what went wrong: the exit code, its last stderr line, or entities the CLI did not load. */
function outcome(p: CurvePoint): string {
  const { cli } = p;
  if (cli.exitCode === null || ![0, 1, 3].includes(cli.exitCode)) {
    const last = cli.stderr.trim().split('\n').filter(Boolean).at(-1) ?? '';
    return `**failed** (exit ${cli.exitCode ?? 'killed'}: ${last.replace(/\|/g, '\\|').slice(0, 160)})`;
  }
  const missing = ['json', 'html', 'csv'].filter((s) => !p.reports.some((r) => r.suffix === s));
  if (missing.length) return `**no ${missing.join(', ')} report**`;
  if (!p.loaded || p.loaded.users !== p.input.entities.UserDetailList || p.loaded.roles !== p.input.entities.RoleDetailList) return '**entities lost in loading**';
  return 'all 3 reports';
}

export function curveMarkdown(f: CurveFigures): string[] {
  const lines = ['## Size curve: offline audits of large exports', ''];
  lines.push(`Taken ${f.date}, load average ${f.loadAverage.map((x) => x.toFixed(2)).join(' ')} at the start. Inputs: bench/synthetic-export.ts — the four`);
  lines.push('public exports of test/fixtures/auth-details merged into one account and copied, every copy with its own names, ids');
  lines.push('and ARNs (AWS managed policies once). Each row: one fresh process of the real CLI, all three formats, written to a');
  lines.push('temporary folder (no credential report: exit 3, audit incomplete):', '');
  lines.push('```sh', f.command, '```', '');
  lines.push('| export | users / groups / roles / policies | findings | CLI wall | CLI CPU | CLI peak RSS | reports (JSON + HTML + CSV) | JSON.parse wall | JSON.parse peak RSS | outcome |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const p of f.points) {
    const e = p.input.entities;
    const bySuffix = (s: string) => p.reports.find((r) => r.suffix === s)?.bytes ?? 0;
    const total = p.reports.reduce((n, r) => n + r.bytes, 0);
    lines.push(
      `| ${size(p.input.bytes)} | ${int(e.UserDetailList)} / ${int(e.GroupDetailList)} / ${int(e.RoleDetailList)} / ${int(e.Policies)} | ${p.findings === undefined ? '–' : int(p.findings)} | ` +
        `${ms(p.cli.wallMs)} | ${ms(p.cli.cpuMs)} | ${mb(p.cli.maxRssKiB)} | ${size(total)} (${size(bySuffix('json'))} + ${size(bySuffix('html'))} + ${size(bySuffix('csv'))}) | ` +
        `${ms(p.floor.wallMs)} | ${mb(p.floor.maxRssKiB)} | ${outcome(p)} |`,
    );
  }
  lines.push('');
  lines.push('Wall includes starting Node; CPU is user + system of the process (all its threads: GC, the file writes). The floor');
  lines.push('is `readFileSync` + `JSON.parse` of the same file in a fresh process (bench/parse-floor.ts): the least any audit of');
  lines.push('the export holds in memory. Other work on this machine inflates wall times much more than CPU times.', '');
  return lines;
}
