// --email-to: the CLI mails the summary and attaches the reports, through a real local SES v2 server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSesLocal, type SesLocal } from '../../helpers/ses-local.js';
import { main } from '../../../src/entry/cli/main.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../../fixtures/fake-credentials.js';

const example = join(import.meta.dirname, '../../../examples/sample-account.snapshot.json');
let ses: SesLocal;
let err = '';

beforeAll(async () => {
  ses = await startSesLocal();
  vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_ACCESS_KEY_ID);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_SECRET_ACCESS_KEY);
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
});
afterAll(async () => {
  await ses.close();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('--email-to', () => {
  it('mails the summary with the HTML and CSV reports attached', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ha-mail-'));
    const code = await main(['node', 'hardening-audit', '--snapshot', example, '--out', out, '--fail-on', 'none', '--email-to', 'secops@example.com', '--email-from', 'audit@example.com', '--ses-endpoint-url', ses.url]);
    expect(code).toBe(0);
    const [mail] = await ses.emails();
    expect(mail.destination.to).toEqual(['secops@example.com']);
    expect(mail.subject).toMatch(/123456789012 2026-11-25/);
    expect(mail.body.html).toContain('coding-agent');
    expect(mail.attachments.map((a) => a.filename).sort()).toEqual(['hardening-audit-123456789012-2026-11-25.csv', 'hardening-audit-123456789012-2026-11-25.html']);
  });

  it('a mail outage fails the run (exit 2) but leaves the reports written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ha-mail-'));
    err = '';
    const code = await main(['node', 'hardening-audit', '--snapshot', example, '--out', out, '--fail-on', 'none', '--email-to', 'secops@example.com', '--email-from', 'audit@example.com', '--smtp-url', 'smtp://user:s3cret@127.0.0.1:9', '-q']);
    expect(code).toBe(2);
    expect(err).toMatch(/the reports were written, but the email was not sent/);
    expect(err).not.toContain('s3cret');
    expect((await import('node:fs')).readdirSync(out).sort()).toEqual(['123456789012-2026-11-25.csv', '123456789012-2026-11-25.html', '123456789012-2026-11-25.json']);
  });

  it('needs --email-from', async () => {
    expect(await main(['node', 'hardening-audit', '--snapshot', example, '--email-to', 'a@example.com', '-q'])).toBe(2);
    expect(await main(['node', 'hardening-audit', '--snapshot', example, '--email-to', 'not-an-address', '-q'])).toBe(2);
  });
});
