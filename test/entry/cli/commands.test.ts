// The explain and check-agent-env commands through the CLI entry point, on the shipped example and sample files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/entry/cli/main.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../../fixtures/fake-credentials.js';

const root = join(import.meta.dirname, '../../..');
const example = join(root, 'examples/sample-account.snapshot.json');
const agentEnv = join(root, 'test/fixtures/agent-env');
let out = '';
let err = '';

beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
});
afterEach(() => {
  out = '';
  err = '';
  vi.unstubAllEnvs();
});
afterAll(() => vi.restoreAllMocks());

const cli = (...args: string[]) => main(['node', 'hardening-audit', ...args]);

describe('hardening-audit explain', () => {
  it('explains one action with every layer, on a saved snapshot', async () => {
    expect(await cli('explain', '--snapshot', example, '--principal', 'review-agent', '--action', 's3:DeleteObject', '-q')).toBe(0);
    expect(out).toContain('EXPLICITLY DENIED: s3:DeleteObject on *');
    expect(out).toContain('explicitly denied by identity policy deny-destructive (attached to role review-agent), statement "DenyDestructiveActions"');
    expect(out).toMatch(/permissions boundary: no-allow/);
  });

  it('prints a table for several actions, and JSON with --json', async () => {
    expect(await cli('explain', '--snapshot', example, '--principal', 'arn:aws:iam::123456789012:role/coding-agent', '--action', 'ec2:TerminateInstances', '--action', 'iam:CreateUser', '-q')).toBe(0);
    expect(out).toMatch(/^ec2:TerminateInstances +ALLOWED +identity policy +PowerUserAccess #0$/m);
    expect(out).toMatch(/^iam:CreateUser +IMPLICITLY DENIED +identity policy +-$/m);
    out = '';
    expect(await cli('explain', '--snapshot', example, '--principal', 'coding-agent', '--action', 'ec2:TerminateInstances', '--json', '-q')).toBe(0);
    const json = JSON.parse(out);
    expect(json.rows[0]).toMatchObject({ action: 'ec2:TerminateInstances', decision: 'ALLOWED', decidedBy: 'identity' });
  });

  it('applies a session policy and a resource policy from files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-explain-'));
    const session = join(dir, 'session.json');
    writeFileSync(session, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }));
    expect(await cli('explain', '--snapshot', example, '--principal', 'coding-agent', '--action', 'ec2:TerminateInstances', '--session-policy', session, '-q')).toBe(0);
    expect(out).toContain('IMPLICITLY DENIED: ec2:TerminateInstances on *');
    expect(out).toContain('the session policy does not allow ec2:TerminateInstances');
    out = '';
    const bucket = join(dir, 'bucket.json');
    writeFileSync(bucket, JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'ProtectData', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::data/*' }] }));
    expect(await cli('explain', '--snapshot', example, '--principal', 'coding-agent', '--action', 's3:DeleteObject', '--resource', 'arn:aws:s3:::data/x', '--resource-policy', bucket, '-q')).toBe(0);
    expect(out).toContain('explicitly denied by resource policy resource policy, statement "ProtectData"');
  });

  it('exits 2 with one line for an unknown principal or a bad file', async () => {
    expect(await cli('explain', '--snapshot', example, '--principal', 'nobody', '--action', 's3:GetObject', '-q')).toBe(2);
    expect(err).toMatch(/^hardening-audit: --principal nobody: no such user or role in account 123456789012/);
    err = '';
    const dir = mkdtempSync(join(tmpdir(), 'ha-explain-'));
    writeFileSync(join(dir, 'bad.json'), '{"Statement": [{"Effect": "Maybe"}]}');
    expect(await cli('explain', '--snapshot', example, '--principal', 'coding-agent', '--action', 's3:GetObject', '--session-policy', join(dir, 'bad.json'), '-q')).toBe(2);
    expect(err).toMatch(/bad\.json: Statement\[0\]\.Effect must be "Allow" or "Deny"/);
    expect(await cli('explain', '--snapshot', example, '--action', 's3:GetObject')).toBe(2);
  });
});

describe('hardening-audit check-agent-env', () => {
  it('reports on the files and exits 1 on a high finding, printing no secret', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_PROFILE', '');
    const code = await cli('check-agent-env', '--config', join(agentEnv, 'config'), '--credentials', join(agentEnv, 'credentials'), '--expect-profile', 'agent-*');
    expect(code).toBe(1);
    expect(out).toMatch(/^HIGH +static-keys +agent-env\.static-keys: long-lived access key \(AKIA…\)/m);
    expect(out).not.toContain(FAKE_SECRET_ACCESS_KEY);
    expect(out).not.toContain(FAKE_ACCESS_KEY_ID);
    out = '';
    expect(await cli('check-agent-env', '--config', join(agentEnv, 'config'), '--credentials', join(agentEnv, 'credentials'), '--fail-on', 'none', '--json')).toBe(0);
    expect(JSON.parse(out).profiles).toContain('agent-dev');
  });
});
