// Bad options exit 2 with a message naming the option, before any AWS call or input file is read, and never print a
// secret. Each case runs against a local endpoint that would answer: the endpoint's call log proves nothing was sent.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/entry/cli/main.js';
import { FakeAccount, startAwsEndpoint, type AwsEndpoint } from '../../aws-endpoint/index.js';
import { useFakeAwsEnvironment } from '../../helpers/cli-env.js';

const io = useFakeAwsEnvironment();
let ep: AwsEndpoint;
let out: string;
beforeAll(async () => {
  ep = await startAwsEndpoint(new FakeAccount('123456789012', { now: '2026-11-25T00:00:00Z' }));
  out = mkdtempSync(join(tmpdir(), 'ha-opts-'));
});
afterAll(async () => ep?.close());

const audit = (...args: string[]) => main(['node', 'hardening-audit', '--endpoint-url', ep.url, '--out', out, '-q', ...args]);

describe('options are checked before the audit', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a format given twice', ['--format', 'json,json'], /--format.*json given more than once/],
    ['zero IAM concurrency', ['--iam-concurrency', '0'], /--iam-concurrency.*at least 1/],
    ['zero attempts', ['--max-attempts', '0'], /--max-attempts.*at least 1/],
    ['an unknown check id', ['--exclude-check', 'iam.root.mfaa'], /--exclude-check: no check "iam.root.mfaa"; did you mean iam.root.mfa\?/],
    ['an unknown id in a comma list', ['--exclude-check', 'iam.root.mfa,iam.user.nope'], /no check "iam.user.nope"/],
  ];
  for (const [name, args, message] of cases) {
    it(`exits 2 on ${name}, with no AWS call`, async () => {
      const calls = ep.log.length;
      expect(await audit(...args)).toBe(2);
      expect(io.stderr).toMatch(message);
      expect(io.stderr).not.toContain('internal error');
      expect(ep.log.length).toBe(calls);
    });
  }

  it('--smtp-url with a port out of range says so (the URL is otherwise well formed)', async () => {
    expect(await audit('--email-to', 'sec@example.com', '--email-from', 'audit@example.com', '--smtp-url', 'smtp://mailer:Sup3rSecret@smtp.example.com:99999')).toBe(2);
    expect(io.stderr).toContain('--smtp-url smtp://***@smtp.example.com:99999: port 99999 is not between 1 and 65535');
  });

  it('--out naming a file exits 2 before the audit, and writes nothing', async () => {
    const file = join(out, 'not-a-folder');
    writeFileSync(file, 'x');
    const calls = ep.log.length;
    expect(await main(['node', 'hardening-audit', '--endpoint-url', ep.url, '--out', file, '-q'])).toBe(2);
    expect(io.stderr).toContain(`--out ${file}: is a file, not a folder`);
    expect(ep.log.length).toBe(calls);
    expect(readdirSync(out)).toEqual(['not-a-folder']);
  });

  for (const url of ['smtp://mailer:Sup3rSecret@smtp.example.com:99999', 'http://mailer:Sup3rSecret@smtp.example.com:25', 'mailer:Sup3rSecret@smtp.example.com:25']) {
    it(`a malformed --smtp-url (${url.split(':')[0]}) exits 2 before the audit and never shows the password`, async () => {
      const calls = ep.log.length;
      expect(await audit('--email-to', 'sec@example.com', '--email-from', 'audit@example.com', '--smtp-url', url)).toBe(2);
      expect(io.stderr).toContain('--smtp-url');
      expect(io.stderr + io.stdout).not.toContain('Sup3rSecret');
      expect(ep.log.length).toBe(calls);
    });
  }

  it('a good set of options still audits', async () => {
    expect(await audit('--format', 'json', '--exclude-check', 'iam.root.mfa,iam.user.console-without-mfa', '--fail-on', 'none', '--now', '2026-11-25T00:00:00Z', '--no-agent-discovery')).toBe(0);
    expect(readdirSync(out)).toContain('123456789012-2026-11-25.json');
  });
});

describe('input accepted with a warning', () => {
  it('an auth-details export with an unknown field is audited, and the field is named on stderr even with -q', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-warn-'));
    const file = join(dir, 'auth.json');
    writeFileSync(
      file,
      JSON.stringify({
        UserDetailList: [{ UserName: 'alice', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::123456789012:user/alice', Path: '/', CreateDate: '2025-01-01T00:00:00Z', GroupList: [], AttachedManagedPolicies: [], FavouriteColour: 'blue' }],
        GroupDetailList: [],
        RoleDetailList: [],
        Policies: [],
      }),
    );
    const code = await main(['node', 'hardening-audit', '--auth-details', file, '--out', dir, '--format', 'json', '--fail-on', 'none', '-q', '--now', '2026-11-25T00:00:00Z']);
    expect([0, 3]).toContain(code);
    expect(io.stderr).toMatch(/warning: .*FavouriteColour/);
  });
});
