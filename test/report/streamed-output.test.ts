// JSON and CSV are written piece by piece (src/report/json/json.ts renderJsonChunks, src/report/csv/csv.ts
// renderCsvChunks, src/util/fs.ts): the pieces must make exactly the bytes of the one-string renderers, and a
// failure while writing them must leave nothing behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCsv, renderCsvChunks } from '../../src/report/csv/csv.js';
import { renderJson, renderJsonChunks } from '../../src/report/json/json.js';
import type { AuditReport } from '../../src/report/model.js';
import { writeFilesAtomically } from '../../src/util/fs.js';
import { hostileReport } from '../fixtures/hostile-report.js';
import { sampleReport, suppressedReport } from '../fixtures/report.js';

const reports: [string, () => AuditReport][] = [
  ['sample', sampleReport],
  ['suppressed', suppressedReport],
  ['hostile', hostileReport],
  ['empty arrays', () => ({ ...sampleReport(), findings: [], gaps: [], checks: [] })],
];

describe('pieces make the same bytes', () => {
  it.each(reports)('JSON: %s', (_name, make) => {
    const report = make();
    const pieces = [...renderJsonChunks(report)];
    expect(pieces.length).toBeGreaterThan(report.findings.length);
    expect(pieces.join('')).toBe(renderJson(report));
  });

  it.each(reports)('CSV: %s', (_name, make) => {
    const report = make();
    expect([...renderCsvChunks(report)].join('')).toBe(renderCsv(report));
    expect([...renderCsvChunks(report, { bom: false })].join('')).toBe(renderCsv(report, { bom: false }));
  });
});

describe('writeFilesAtomically with pieces', () => {
  it('writes every piece, across its 1 MB write batches, multi-byte characters included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-pieces-'));
    const piece = (i: number) => `${i}:${'é€😀'.repeat(200)}\n`;
    const pieces = Array.from({ length: 3000 }, (_, i) => piece(i));
    await writeFilesAtomically([{ path: join(dir, 'r.json'), content: () => pieces }]);
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe(pieces.join(''));
  });

  it('a piece that throws leaves no report and no temp file, and no other file of the set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-pieces-'));
    function* failing() {
      yield 'x'.repeat(2 << 20); // past one write batch: something is on disk when it fails
      throw new Error('out of memory, say');
    }
    await expect(
      writeFilesAtomically([
        { path: join(dir, 'a.html'), content: 'ok' },
        { path: join(dir, 'b.json'), content: () => failing() },
      ]),
    ).rejects.toThrow('out of memory, say');
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'a.html'))).toBe(false);
  });
});
