import { describe, expect, it } from 'vitest';
import { AUDITOR_POLICY_ADVICE, classifyAwsError, gapAdvice, redactSecrets } from '../../src/collect/classify.js';
import { FAKE_SECRET_ACCESS_KEY } from '../fixtures/fake-credentials.js';

describe('classifyAwsError', () => {
  it('no credentials with a profile suggests aws sso login for that profile', () => {
    const c = classifyAwsError(Object.assign(new Error('The SSO session associated with this profile has expired'), { name: 'TokenProviderError' }), { api: 'sts:GetCallerIdentity', profile: 'prod' });
    expect(c.kind).toBe('NoCredentials');
    expect(c.advice).toContain('aws sso login --profile prod');
  });

  it('never repeats a secret from the error message', () => {
    const e = Object.assign(new Error(`bad url smtp://user:hunter2@mail.example.com:99999 with secretAccessKey=${FAKE_SECRET_ACCESS_KEY}`), { name: 'Weird' });
    const c = classifyAwsError(e, { api: 'iam:GetAccountSummary' });
    expect(c.message).not.toContain('hunter2');
    expect(c.message).not.toContain(FAKE_SECRET_ACCESS_KEY);
    expect(redactSecrets(`key ${FAKE_SECRET_ACCESS_KEY} end`)).toBe('key *** end');
  });
});

describe('gapAdvice', () => {
  it('points at the auditor policy only for AccessDenied', () => {
    expect(gapAdvice({ part: 'credentialReport', api: 'iam:GetCredentialReport', error: 'AccessDenied' })).toContain(AUDITOR_POLICY_ADVICE);
    expect(gapAdvice({ part: 'accountSummary', api: 'iam:GetAccountSummary', error: 'MalformedAnswer' })).not.toContain('auditor-policy');
    expect(gapAdvice({ part: 'accountSummary', api: 'iam:GetAccountSummary', error: 'ServiceFailure' })).not.toContain('auditor-policy');
  });

  it('offline: names the flag that supplies the part', () => {
    expect(gapAdvice({ part: 'credentialReport', api: 'iam:GetCredentialReport', error: 'NotProvided' })).toMatch(/^Not in this export: .*--credential-report/);
    expect(gapAdvice({ part: 'passwordPolicy', api: 'iam:GetAccountPasswordPolicy', error: 'NotProvided' })).toMatch(/^Not in this export: a live audit/);
  });
});
