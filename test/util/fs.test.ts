import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFilesAtomically } from '../../src/util/fs.js';

describe('writeFilesAtomically', () => {
  it('writes every file, rendering lazy content one at a time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-fs-'));
    const order: string[] = [];
    await writeFilesAtomically([
      { path: join(dir, 'a.json'), content: () => (order.push('a'), '{}') },
      { path: join(dir, 'sub/b.html'), content: '<p>b</p>' },
      { path: join(dir, 'c.csv'), content: () => (order.push('c'), 'x,y\r\n') },
    ]);
    expect(order).toEqual(['a', 'c']);
    expect(readFileSync(join(dir, 'sub/b.html'), 'utf8')).toBe('<p>b</p>');
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'c.csv', 'sub']);
  });

  it('leaves nothing behind when one rendering fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-fs-'));
    await expect(
      writeFilesAtomically([
        { path: join(dir, 'a.json'), content: '{}' },
        { path: join(dir, 'b.html'), content: () => { throw new Error('template broke'); } },
      ]),
    ).rejects.toThrow('template broke');
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'a.json'))).toBe(false);
  });
});

// A real process, killed by a real signal while it is writing. To be mid-write deterministically, its second temp
// file is a FIFO that the child itself holds open for reading and never drains: the write blocks after the pipe
// buffer, with report.json.tmp-<pid> fully written and report.html.tmp-<pid> half written.
const CHILD = `
import { openSync, statSync, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as fsUtil from './src/util/fs.ts';
const { writeFilesAtomically } = fsUtil;
// As src/entry/cli.ts does (optional here only so that the test shows the leftovers on code without it).
(fsUtil as { installTempFileCleanup?: () => void }).installTempFileCleanup?.();
const dir = process.argv[2];
const fifo = join(dir, 'report.html.tmp-' + process.pid);
execFileSync('mkfifo', [fifo]);
openSync(fifo, 'r+'); // a reader that never reads: the writer blocks once the pipe buffer is full
// WRITING once report.json.tmp-<pid> is complete (the html write comes next), whatever the machine's load.
const json = join(dir, 'report.json.tmp-' + process.pid);
const poll = setInterval(() => {
  let size = -1;
  try {
    size = statSync(json).size;
  } catch {}
  if (size === 2) {
    clearInterval(poll);
    writeSync(1, 'WRITING\\n');
  }
}, 5);
await writeFilesAtomically([
  { path: join(dir, 'report.json'), content: '{}' },
  { path: join(dir, 'report.html'), content: () => 'x'.repeat(4 << 20) },
]);
writeSync(1, 'DONE\\n');
`;

describe('interrupted runs leave no temp files', () => {
  let child = '';
  beforeAll(() => {
    child = join(mkdtempSync(join(tmpdir(), 'ha-fs-child-')), 'child.mjs');
    buildSync({ stdin: { contents: CHILD, resolveDir: join(import.meta.dirname, '../..'), loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile: child, logLevel: 'silent' });
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} mid-write removes this process's temp files and ends as the signal would`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ha-fs-'));
      const proc = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (c: Buffer) => (stderr += String(c)));
      await new Promise<void>((resolve, reject) => {
        proc.stdout.on('data', (c: Buffer) => (String(c).includes('WRITING') ? resolve() : reject(new Error(`child: ${String(c)}`))));
        proc.on('exit', (code) => reject(new Error(`child exited ${code} before writing: ${stderr}`)));
      });
      // Both temp files are there, mid-write: the situation Ctrl-C used to leave behind.
      expect(readdirSync(dir).sort()).toEqual([`report.html.tmp-${proc.pid}`, `report.json.tmp-${proc.pid}`]);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, sig) => resolve(sig)));
      proc.kill(signal);
      expect(await exited).toBe(signal);
      expect(readdirSync(dir)).toEqual([]);
    }, 5000);
  }
});

describe('stale temp files of dead runs', () => {
  it('are removed at the next write to the folder; a living process\'s and other files are kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-fs-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid as number;
    const alive = process.ppid;
    const names = [`a.json.tmp-${dead}`, `a.html.tmp-${dead}`, `snap.snapshot.json.tmp-${dead}`, `b.csv.tmp-${alive}`, `notes.txt.tmp-${dead}`, `a.json.tmp-x${dead}`, 'keep.json'];
    for (const n of names) writeFileSync(join(dir, n), 'partial');
    mkdirSync(join(dir, `dir.json.tmp-${dead}`));
    await writeFilesAtomically([{ path: join(dir, 'new.json'), content: '{}' }]);
    expect(readdirSync(dir).sort()).toEqual([`a.json.tmp-x${dead}`, `b.csv.tmp-${alive}`, `dir.json.tmp-${dead}`, 'keep.json', 'new.json', `notes.txt.tmp-${dead}`].sort());
    expect(removeStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });
});
