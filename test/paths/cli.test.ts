// `hardening-audit paths` through the CLI entry point, on a saved snapshot of the 2-hop scenario.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/entry/cli/main.js';
import { arn, assumeThenPassRole } from './scenarios.js';

let out = '';
let err = '';
const dir = mkdtempSync(join(tmpdir(), 'paths-cli-'));
const file = join(dir, 'two-hops.snapshot.json');

beforeAll(() => {
  writeFileSync(file, JSON.stringify(assumeThenPassRole()));
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
});
afterEach(() => {
  out = '';
  err = '';
});
afterAll(() => vi.restoreAllMocks());

const cli = (...args: string[]) => main(['node', 'hardening-audit', 'paths', '--snapshot', file, '-q', ...args]);

describe('hardening-audit paths', () => {
  it('refuses an account larger than --max-principals, naming the count, instead of running out of memory', async () => {
    expect(await cli('--max-principals', '1')).toBe(2);
    expect(err).toMatch(/this account has \d+ users and roles, more than --max-principals 1/);
    expect(out).toBe('');
  });

  it('prints one block per principal, one line per hop with its statements', async () => {
    expect(await cli()).toBe(0);
    expect(out).toContain(`${arn('user', 'developer')} -> admin: 2 hops`);
    expect(out).toContain(`  1. ${arn('user', 'developer')} -> ${arn('role', 'deploy')} [sts-assume-role]`);
    expect(out).toContain(`sts:AssumeRole on ${arn('role', 'deploy')}: assume (inline on user developer), statement "AssumeDeploy"`);
    expect(out).toContain(`sts:AssumeRole on ${arn('role', 'deploy')}: trust policy of ${arn('role', 'deploy')}, statement #0`);
    expect(out).toContain(`  2. ${arn('role', 'deploy')} -> ${arn('role', 'lambda-admin')} [passrole-lambda-create-invoke]`);
  });

  it('prints the documented JSON with --json, --from and --to', async () => {
    expect(await cli('--json', '--from', arn('user', 'developer'))).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ principal: arn('user', 'developer'), target: 'admin', conditional: false });
    expect(parsed[0].hops.map((h: { from: string; to: string; method: string; grantedBy: unknown[] }) => [h.to, h.method, h.grantedBy.length > 0])).toEqual([
      [arn('role', 'deploy'), 'sts-assume-role', true],
      [arn('role', 'lambda-admin'), 'passrole-lambda-create-invoke', true],
    ]);
    out = '';
    expect(await cli('--json', '--to', arn('role', 'deploy'))).toBe(0);
    // The admin role (Action "*") may assume it too: the trust delegates to the account.
    expect(JSON.parse(out).map((p: { principal: string }) => p.principal)).toEqual([arn('role', 'lambda-admin'), arn('user', 'developer')]);
  });

  it('refuses a --from the snapshot does not have (exit 2)', async () => {
    expect(await cli('--from', arn('user', 'nobody'))).toBe(2);
    expect(err).toContain('--from');
  });
});
