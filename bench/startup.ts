// Start-up of the CLI: `hardening-audit --help` and `--version` against the 150 ms budget, beside `node -e 0` (what
// starting Node alone costs on this machine). Each is run `runs` times, interleaved so that a busy moment of the
// machine spreads over all three; medians are reported.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { measuredRun, type MeasuredRun } from './measured-run.js';

export const STARTUP_BUDGET_MS = 150;

export interface StartupFigures {
  runs: number;
  rows: { label: string; command: string; runs: MeasuredRun[] }[];
  loadAverage: number[];
  date: string;
}

export async function measureStartup(root: string, runs: number): Promise<StartupFigures> {
  const cli = join(root, 'dist/src/entry/cli.js');
  const rows = [
    { label: 'node -e 0 (the floor)', command: 'node -e 0', args: ['-e', '0'] },
    { label: '`hardening-audit --help`', command: 'node dist/src/entry/cli.js --help', args: [cli, '--help'] },
    { label: '`hardening-audit --version`', command: 'node dist/src/entry/cli.js --version', args: [cli, '--version'] },
  ].map((r) => ({ ...r, runs: [] as MeasuredRun[] }));
  const loadAverage = loadavg();
  for (let i = 0; i < runs + 1; i++) {
    for (const row of rows) {
      const run = await measuredRun(row.args, { cwd: root, limitMs: 30_000 });
      if (run.exitCode !== 0) throw new Error(`${row.command} exited with ${run.exitCode}: ${run.stderr}`);
      if (i > 0) row.runs.push(run); // the first round warms the file cache
    }
  }
  return { runs, rows: rows.map(({ label, command, runs: r }) => ({ label, command, runs: r })), loadAverage, date: new Date().toISOString() };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? Number.NaN) + (s[m] ?? Number.NaN)) / 2;
};
const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;

export function startupMarkdown(f: StartupFigures): string[] {
  const lines = ['## Start-up: `--help` and `--version`', ''];
  lines.push(`Taken ${f.date}, load average ${f.loadAverage.map((x) => x.toFixed(2)).join(' ')} at the start. Each command ${f.runs} times in a fresh`);
  lines.push('process (after one unmeasured round), interleaved; wall = spawn to exit as seen by the bench, CPU = user + system of');
  lines.push('that process, peak RSS its maxRSS. The CLI loads only commander and its option definitions for these two');
  lines.push('(test/entry/startup.test.ts checks which modules); the SDK, the action catalogue and the checks load when a command runs.', '');
  lines.push('| command | wall, median (min–max) | CPU, median | CPU above `node -e 0` | peak RSS | budget (wall) |  |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  const floorCpu = median(f.rows[0]?.runs.map((r) => r.cpuMs) ?? []);
  for (const row of f.rows) {
    const wall = row.runs.map((r) => r.wallMs);
    const cpu = median(row.runs.map((r) => r.cpuMs));
    const floor = row === f.rows[0];
    const within = median(wall) <= STARTUP_BUDGET_MS;
    lines.push(
      `| ${row.label} | ${ms(median(wall))} (${ms(Math.min(...wall))}–${ms(Math.max(...wall))}) | ${ms(cpu)} | ${floor ? '' : ms(cpu - floorCpu)} | ` +
        `${((Math.max(...row.runs.map((r) => r.maxRssKiB)) * 1024) / 1e6).toFixed(0)} MB | ${floor ? '' : ms(STARTUP_BUDGET_MS)} | ${floor ? '' : within ? 'within' : '**OVER BUDGET**'} |`,
    );
  }
  lines.push('');
  if ((f.loadAverage[0] ?? 0) > availableParallelism() / 2) {
    lines.push(`The machine was busy (load average above half its ${availableParallelism()} cores): every process, \`node -e 0\` too, waited for a core, so`);
    lines.push('the wall times are inflated and the verdict is not that of a quiet machine. The CPU the CLI adds to starting Node');
    lines.push('(column 4) is the figure that carries over; re-take this section on a quiet machine for the wall-time verdict.', '');
  }
  return lines;
}
