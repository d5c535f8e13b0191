// `explain` through the CLI: exit 2 for a principal that is not in a complete inventory or an action IAM does not
// know; exit 3 when the answer cannot be given or trusted because data it needs was not collected.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/entry/cli/main.js';
import type { AccountSnapshot } from '../../src/snapshot/snapshot.js';
import { startAwsEndpoint, type AwsEndpoint } from '../aws-endpoint/index.js';
import { seededAccount } from '../fixtures/seeded-account.js';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';

const example = join(import.meta.dirname, '../../examples/sample-account.snapshot.json');
const io = useFakeAwsEnvironment();
const cli = (...args: string[]) => main(['node', 'hardening-audit', 'explain', ...args]);
let ep: AwsEndpoint | undefined;
afterEach(async () => {
  await ep?.close();
  ep = undefined;
});

describe('hardening-audit explain: exit codes that name the cause', () => {
  it('live, the inventory could not be collected: exit 3, the API and why — not "no such user or role"', async () => {
    ep = await startAwsEndpoint(seededAccount(), { accessDenied: ['iam:GetAccountAuthorizationDetails'] });
    expect(await cli('--endpoint-url', ep.url, '--principal', 'ghost', '--action', 's3:GetObject', '--max-attempts', '1', '-q')).toBe(3);
    expect(io.stderr).toMatch(/--principal ghost: not found, but the users and roles of account \d{12} could not be collected, so it may exist: iam:GetAccountAuthorizationDetails: access denied to iam:GetAccountAuthorizationDetails \(AccessDenied\)\. Allow iam:GetAccountAuthorizationDetails/);
    expect(io.stderr).not.toContain('no such user or role');
    expect(io.stdout).toBe('');
  });

  it('live, a complete inventory without the principal: exit 2, no such user or role', async () => {
    ep = await startAwsEndpoint(seededAccount());
    expect(await cli('--endpoint-url', ep.url, '--principal', 'ghost', '--action', 's3:GetObject', '-q')).toBe(2);
    expect(io.stderr).toMatch(/--principal ghost: no such user or role in account \d{12} \(the inventory is complete: \d+ users, \d+ roles/);
  });

  it('offline, an export without the roles: exit 3, names what is missing and the flag that supplies it', async () => {
    const file = join(import.meta.dirname, '../fixtures/auth-details/example-no-role-list.json');
    expect(await cli('--auth-details', file, '--principal', 'ghost', '--action', 's3:GetObject', '-q')).toBe(3);
    expect(io.stderr).toContain('--principal ghost: not found, but the roles of account 123456789012 are not in this input, so it may exist: iam:GetAccountAuthorizationDetails: offline audit: the export has no RoleDetailList (NotProvided). Not in this export: export with aws iam get-account-authorization-details (no --filter)');
  });

  it('an action IAM does not know: exit 2 naming the closest action, no verdict on stdout', async () => {
    expect(await cli('--snapshot', example, '--principal', 'coding-agent', '--action', 's3:DeleteBuckets', '-q')).toBe(2);
    expect(io.stderr).toMatch(/^hardening-audit: --action s3:DeleteBuckets: no such action in the IAM action catalogue; did you mean s3:DeleteBucket\b/m);
    expect(io.stdout).toBe('');
  });

  it('a found principal with an unreadable input: the answer, a warning, exit 3', async () => {
    const snap = JSON.parse(readFileSync(example, 'utf8')) as AccountSnapshot;
    const role = snap.roles.find((r) => r.name === 'coding-agent')!;
    snap.gaps.push({ part: 'roles', api: 'iam:GetAccountAuthorizationDetails', error: 'DependsOnUnreadable', message: 'the permissions boundary arn:aws:iam::123456789012:policy/x could not be read', resource: role.arn, field: 'PermissionsBoundary' });
    const file = join(mkdtempSync(join(tmpdir(), 'ha-explain-')), 'gap.snapshot.json');
    writeFileSync(file, JSON.stringify(snap));
    expect(await cli('--snapshot', file, '--principal', 'coding-agent', '--action', 'ec2:TerminateInstances', '-q')).toBe(3);
    expect(io.stdout).toContain('ALLOWED: ec2:TerminateInstances on *');
    expect(io.stdout).toContain('Warning: incomplete, the answer may lack permissions or denies: iam:GetAccountAuthorizationDetails: the permissions boundary');
    expect(io.stderr).toContain(`hardening-audit: warning: the answer for ${role.arn} is incomplete`);
  });
});
