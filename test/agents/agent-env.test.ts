import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAgentEnv, renderAgentEnvText } from '../../src/agents/agent-env.js';
import { InputError } from '../../src/errors.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../fixtures/fake-credentials.js';

const dir = join(import.meta.dirname, '../fixtures/agent-env');
const configFile = join(dir, 'config');
const credentialsFile = join(dir, 'credentials');
// Every secret-looking value in the fixtures: none may ever be printed.
const secrets = [FAKE_ACCESS_KEY_ID, 'ASIAIOSFODNN7EXAMPLE', FAKE_SECRET_ACCESS_KEY, 'aws_secret_access_key', 'tok\n', 'abc'];

const run = (extra: Parameters<typeof checkAgentEnv>[0] = {}) => checkAgentEnv({ configFile, credentialsFile, env: {}, ...extra });
const ids = (r: Awaited<ReturnType<typeof checkAgentEnv>>, profile: string) => r.findings.filter((f) => f.profile === profile).map((f) => f.id).sort();

describe('check-agent-env', () => {
  it('reads both files the way the SDK does', async () => {
    const r = await run();
    expect(r.profiles).toEqual(['agent-dev', 'default', 'proc', 'sso-admin', 'static-keys', 'temp']);
  });

  it('flags long-lived keys, chained static keys, credential_process, long sessions and missing regions', async () => {
    const r = await run();
    expect(ids(r, 'static-keys')).toEqual(['agent-env.static-keys']);
    expect(ids(r, 'agent-dev')).toEqual(['agent-env.chains-to-static-keys', 'agent-env.long-session', 'agent-env.missing-region']);
    expect(ids(r, 'proc')).toEqual(['agent-env.credential-process', 'agent-env.missing-region']);
    expect(ids(r, 'temp')).toEqual(['agent-env.missing-region', 'agent-env.stored-session']);
    expect(ids(r, 'default')).toEqual([]);
    expect(r.findings.find((f) => f.id === 'agent-env.static-keys')).toMatchObject({ severity: 'high', source: credentialsFile });
  });

  it('reports profiles beyond the expected agent set', async () => {
    const r = await run({ expectedProfiles: ['agent-*', 'default'] });
    const unexpected = r.findings.filter((f) => f.id === 'agent-env.unexpected-profile').map((f) => f.profile).sort();
    expect(unexpected).toEqual(['proc', 'sso-admin', 'static-keys', 'temp']);
  });

  it('looks at the environment the agent inherits; a region there satisfies every profile', async () => {
    const r = await run({ env: { AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY, AWS_REGION: 'eu-west-1', AWS_PROFILE: 'ghost' } });
    expect(r.findings.filter((f) => f.profile === 'environment' || f.profile === 'ghost').map((f) => f.id).sort()).toEqual(['agent-env.env-static-keys', 'agent-env.unknown-profile']);
    expect(r.findings.some((f) => f.id === 'agent-env.missing-region')).toBe(false);
    const temp = await run({ env: { AWS_ACCESS_KEY_ID: 'ASIAIOSFODNN7EXAMPLE', AWS_SESSION_TOKEN: 'tok' } });
    expect(temp.findings.find((f) => f.profile === 'environment')).toMatchObject({ id: 'agent-env.env-session', severity: 'info' });
  });

  it('never prints a secret, a token or a whole key id', async () => {
    const r = await run({ env: { AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: 'tok' } });
    const printed = renderAgentEnvText(r) + JSON.stringify(r);
    for (const s of secrets) expect(printed).not.toContain(s);
    expect(printed).toContain('AKIA…');
    // The fixture really holds those secrets, so the assertion above could fail.
    expect(readFileSync(credentialsFile, 'utf8')).toContain(FAKE_SECRET_ACCESS_KEY);
  });

  it('names a missing file', async () => {
    await expect(checkAgentEnv({ configFile: join(dir, 'nope'), credentialsFile, env: {} })).rejects.toThrow(InputError);
    await expect(checkAgentEnv({ configFile: join(dir, 'nope'), credentialsFile, env: {} })).rejects.toThrow(/nope: no such AWS config file/);
  });

  it('an AKIA key stays long-lived with a session token beside it; only ASIA keys are temporary', async () => {
    const env = await run({ env: { AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: 'tok' } });
    const finding = env.findings.find((f) => f.profile === 'environment');
    expect(finding).toMatchObject({ id: 'agent-env.env-static-keys', severity: 'high' });
    expect(finding?.message).toContain('is a long-lived key; the AWS_SESSION_TOKEN beside it does not make it temporary (only ASIA… keys are temporary credentials)');
    const noToken = await run({ env: { AWS_ACCESS_KEY_ID: 'ASIAIOSFODNN7EXAMPLE' } });
    expect(noToken.findings.find((f) => f.profile === 'environment')).toMatchObject({ id: 'agent-env.env-session', severity: 'low' });

    const dir = mkdtempSync(join(tmpdir(), 'ha-agent-env-'));
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, `[with-token]\naws_access_key_id = ${FAKE_ACCESS_KEY_ID}\naws_secret_access_key = ${FAKE_SECRET_ACCESS_KEY}\naws_session_token = tok\nregion = eu-west-1\n`);
    const file = await checkAgentEnv({ credentialsFile: credentials, env: { AWS_CONFIG_FILE: join(dir, 'config') } });
    expect(file.findings.filter((f) => f.profile === 'with-token')).toEqual([
      expect.objectContaining({ id: 'agent-env.static-keys', severity: 'high', message: expect.stringContaining('the aws_session_token beside it does not make it temporary') }),
    ]);
    expect(renderAgentEnvText(file)).not.toContain('tok\n');
  });

  it('default files that are not there: names them and says nothing was read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-agent-env-'));
    const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
    const r = await checkAgentEnv({ env });
    expect(r.missingFiles).toEqual([env.AWS_CONFIG_FILE, env.AWS_SHARED_CREDENTIALS_FILE]);
    const text = renderAgentEnvText(r);
    expect(text).toContain(`AWS config: ${env.AWS_CONFIG_FILE} (not found: nothing read)`);
    expect(text).toContain(`AWS credentials: ${env.AWS_SHARED_CREDENTIALS_FILE} (not found: nothing read)`);
    expect(text).toMatch(/Nothing was read: looked for .*config and .*credentials, neither exists/);
    expect(text).not.toMatch(/^No findings\.$/m);
    // With the files there, nothing is said to be missing.
    expect((await run()).missingFiles).toEqual([]);
  });
});
