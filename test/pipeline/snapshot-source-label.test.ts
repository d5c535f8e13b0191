// A re-audited saved snapshot is not a live run: the report's source, the CLI summary and the HTML say it came from
// the snapshot file and when (and how) that snapshot was collected.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/entry/cli/main.js';
import { savedSnapshotLabel } from '../../src/pipeline/sources.js';
import type { AuditReport } from '../../src/report/model.js';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';

const example = join(import.meta.dirname, '../../examples/sample-account.snapshot.json');
const saved = JSON.parse(readFileSync(example, 'utf8')) as { source: string; collectedAt: string; accountId: string };
const io = useFakeAwsEnvironment();

describe('the source of a re-audited snapshot', () => {
  it('says "snapshot file …, collected live at …" in the JSON, the summary and the HTML, not "live"', async () => {
    expect(saved.source).toBe('live');
    const out = mkdtempSync(join(tmpdir(), 'ha-source-'));
    await main(['node', 'hardening-audit', '--snapshot', example, '--out', out, '--format', 'json,html', '--fail-on', 'none', '-q']);
    const label = `snapshot file sample-account.snapshot.json, collected live at ${new Date(saved.collectedAt).toISOString()}`;
    const json = readdirSync(out).find((f) => f.endsWith('.json'))!;
    const report = JSON.parse(readFileSync(join(out, json), 'utf8')) as AuditReport;
    expect(report.source).toBe(label);
    expect(io.stdout).toContain(`Account ${saved.accountId} (${label}):`);
    const html = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.html'))!), 'utf8');
    expect(html).toContain(`<dt>Source</dt><dd>${label}</dd>`);
  });

  it('names how the saved snapshot was made: live, an export, or generated', () => {
    const at = '2026-11-25T00:00:00Z';
    expect(savedSnapshotLabel('/tmp/a/b.json', { source: 'auth-details', collectedAt: at })).toBe('snapshot file b.json, loaded from an authorization-details export at 2026-11-25T00:00:00.000Z');
    expect(savedSnapshotLabel('x.json', { source: 'generated', collectedAt: at })).toBe('snapshot file x.json, generated at 2026-11-25T00:00:00.000Z');
  });
});
