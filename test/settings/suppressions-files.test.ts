// Suppressions files as the loader reads them (YAML, JSON, a config file's suppressions: list, errors with file and
// line), and the CLI's --suppressions: exit code, warnings on stderr, precedence over the config file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { main } from '../../src/entry/cli/main.js';
import { loadConfigFile } from '../../src/settings/config-file.js';
import { InputError } from '../../src/errors.js';
import type { AuditReport } from '../../src/report/model.js';
import { loadSuppressionsFile } from '../../src/settings/suppressions.js';
import { ACCOUNT, snapshot } from '../fixtures/snapshot-builder.js';

const tmp = mkdtempSync(join(tmpdir(), 'ha-suppressions-'));
const write = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
// The IAM checks only: the snapshot builder models IAM; checks of other areas would be NOT_ASSESSED for want of data.
const NON_IAM_EXCLUDES = ALL_CHECKS.filter((c) => !c.id.startsWith('iam.')).flatMap((c) => ['--exclude-check', c.id]);

describe('suppressions files', () => {
  const load = (name: string, content: string) => loadSuppressionsFile(write(name, content));
  const rejects = async (name: string, content: string) => {
    const err = await load(name, content).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    return (err as Error).message;
  };

  it('reads a YAML list, a mapping with a suppressions: list, JSON, and an empty file', async () => {
    const yaml = [
      '# accepted findings',
      '- checkId: iam.user.*',
      '  resource: arn:aws:iam::111122223333:user/ci-*',
      '  reason: CI users are rotated by the pipeline',
      '  expires: 2026-12-31',
      '- checkId: iam.password-policy.missing',
      '  resource: "*"',
      '  reason: "  the IdP enforces passwords  "',
      '  notAssessed: true',
    ].join('\n');
    const expected = [
      { checkId: 'iam.user.*', resource: 'arn:aws:iam::111122223333:user/ci-*', reason: 'CI users are rotated by the pipeline', expires: '2026-12-31' },
      { checkId: 'iam.password-policy.missing', resource: '*', reason: 'the IdP enforces passwords', notAssessed: true },
    ];
    expect(await load('list.yaml', yaml)).toEqual({ source: join(tmp, 'list.yaml'), entries: expected });
    expect((await load('wrapped.yml', `suppressions:\n${yaml.split('\n').slice(1).map((l) => `  ${l}`).join('\n')}`)).entries).toEqual(expected);
    expect((await load('list.json', JSON.stringify({ suppressions: expected }))).entries).toEqual(expected);
    expect((await load('top.json', JSON.stringify(expected))).entries).toEqual(expected);
    expect((await load('empty.yaml', '')).entries).toEqual([]);
    expect((await load('comments.yaml', '# nothing yet\n')).entries).toEqual([]);
    expect((await load('date-time.yaml', '- {checkId: a, resource: "*", reason: r, expires: "2026-12-31T18:00:00+01:00"}')).entries[0].expires).toBe(
      '2026-12-31T18:00:00+01:00',
    );
  });

  it('names the file, the line, the entry and the field of a missing reason', async () => {
    const msg = await rejects(
      'no-reason.yaml',
      ['- checkId: iam.root.mfa', '  resource: "*"', '  reason: ok', '- checkId: iam.user.*', '  resource: "*"', '  expires: 2026-12-31'].join('\n'),
    );
    expect(msg).toBe(`${join(tmp, 'no-reason.yaml')}:4: suppression entry 1, field reason: required: why the finding is accepted`);
  });

  it('rejects an empty reason, bad dates, wrong types, unknown fields and non-ARN resources', async () => {
    const f = (name: string) => join(tmp, name);
    expect(await rejects('empty-reason.yaml', '- checkId: a\n  resource: "*"\n  reason: "   "\n')).toBe(
      `${f('empty-reason.yaml')}:3: suppression entry 0, field reason: must not be empty: why the finding is accepted`,
    );
    expect(await rejects('bad-date.yaml', '- checkId: a\n  resource: "*"\n  reason: r\n  expires: 2026-02-30\n')).toBe(
      `${f('bad-date.yaml')}:4: suppression entry 0, field expires: expected an ISO-8601 date (2026-12-31) or date-time with a time zone (2026-12-31T18:00:00Z)`,
    );
    expect(await rejects('word-date.yaml', '- checkId: a\n  resource: "*"\n  reason: r\n  expires: next week\n')).toMatch(
      /word-date\.yaml:4: suppression entry 0, field expires: expected an ISO-8601 date/,
    );
    expect(await rejects('no-zone.yaml', '- checkId: a\n  resource: "*"\n  reason: r\n  expires: 2026-12-31T10:00:00\n')).toMatch(/field expires/);
    expect(await rejects('number-date.json', JSON.stringify([{ checkId: 'a', resource: '*', reason: 'r', expires: 20261231 }]))).toMatch(
      /number-date\.json:1: suppression entry 0, field expires: expected an ISO-8601 date/,
    );
    expect(await rejects('reason-type.yaml', '- checkId: a\n  resource: "*"\n  reason: 42\n')).toBe(
      `${f('reason-type.yaml')}:3: suppression entry 0, field reason: expected a string: why the finding is accepted`,
    );
    expect(await rejects('entry-type.yaml', '- checkId: a\n  resource: "*"\n  reason: r\n- just a string\n')).toBe(
      `${f('entry-type.yaml')}:4: suppression entry 1: expected a mapping with checkId, resource, reason (and optionally expires, notAssessed)`,
    );
    expect(await rejects('flag-type.yaml', '- checkId: a\n  resource: "*"\n  reason: r\n  notAssessed: "yes"\n')).toBe(
      `${f('flag-type.yaml')}:4: suppression entry 0, field notAssessed: expected true or false`,
    );
    expect(await rejects('unknown.yaml', '- checkId: a\n  resource: "*"\n  reason: r\n  expire: 2026-01-01\n')).toBe(
      `${f('unknown.yaml')}:1: suppression entry 0: unknown field "expire" (allowed: checkId, resource, reason, expires, notAssessed)`,
    );
    expect(await rejects('not-arn.yaml', '- checkId: a\n  resource: alice\n  reason: r\n')).toMatch(
      /not-arn\.yaml:2: suppression entry 0, field resource: expected an ARN/,
    );
    expect(await rejects('missing-check.yaml', '- resource: "*"\n  reason: r\n')).toMatch(/missing-check\.yaml:1: suppression entry 0, field checkId: required/);
    expect(await rejects('na-glob.yaml', '- checkId: iam.password-policy.*\n  resource: "*"\n  reason: r\n  notAssessed: true\n')).toBe(
      `${f('na-glob.yaml')}:1: suppression entry 0, field checkId: an entry with notAssessed: true must name one check exactly (no * or ?)`,
    );
    expect(await rejects('wrapped-bad.yaml', 'suppressions:\n  - checkId: a\n    resource: "*"\n')).toMatch(
      /wrapped-bad\.yaml:2: suppression entry 0, field reason: required/,
    );
  });

  it('rejects a document of the wrong shape, bad YAML, bad JSON and an unreadable file', async () => {
    expect(await rejects('scalar.yaml', 'hello\n')).toMatch(/scalar\.yaml: expected a list of suppression entries/);
    expect(await rejects('other-key.yaml', 'entries: []\n')).toMatch(/other-key\.yaml: expected a list of suppression entries, or a mapping with only a "suppressions:" list \(found "entries"\)/);
    expect(await rejects('not-list.yaml', 'suppressions: {checkId: a}\n')).toBe(`${join(tmp, 'not-list.yaml')}:1: suppressions: expected a list of suppression entries`);
    expect(await rejects('bad.yaml', '- checkId: a\n  resource: [unclosed\n')).toMatch(/bad\.yaml: not valid YAML: .*line/);
    expect(await rejects('dup.yaml', '- checkId: a\n  checkId: b\n')).toMatch(/dup\.yaml: not valid YAML: Map keys must be unique/);
    expect(await rejects('bad.json', '[{"checkId": "a",]')).toMatch(/bad\.json: not valid JSON/);
    const err = await loadSuppressionsFile(join(tmp, 'missing.yaml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`${join(tmp, 'missing.yaml')}: cannot read suppressions file (ENOENT)`);
  });

  it('can live in the --config file, validated the same way', async () => {
    const config = await loadConfigFile(write('audit.yaml', 'failOn: high\nsuppressions:\n  - checkId: iam.root.mfa\n    resource: "*"\n    reason: token on order\n'));
    expect(config.suppressions).toEqual([{ checkId: 'iam.root.mfa', resource: '*', reason: 'token on order' }]);
    expect(config.failOn).toBe('high');
    const err = await loadConfigFile(write('audit-bad.yaml', 'failOn: high\nsuppressions:\n  - checkId: iam.root.mfa\n    resource: "*"\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`${join(tmp, 'audit-bad.yaml')}:3: suppression entry 0, field reason: required: why the finding is accepted`);
  });
});

describe('the CLI with --suppressions', () => {
  let stderr = '';
  beforeEach(() => {
    stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  const snapFile = write(
    'snap.json',
    JSON.stringify(snapshot().root({ mfaActive: false }).user('dave', { groups: ['devs'] }).group('devs').build()),
  );
  const cli = async (...args: string[]) => {
    const out = mkdtempSync(join(tmp, 'out-'));
    const code = await main(['node', 'hardening-audit', '--snapshot', snapFile, '--out', out, '--format', 'json', '--fail-on', 'high', '-q', ...NON_IAM_EXCLUDES, ...args]);
    const report = code === 2 ? undefined : (JSON.parse(readFileSync(join(out, `${ACCOUNT}-2026-09-01.json`), 'utf8')) as AuditReport);
    return { code, report };
  };

  it('changes the exit code and warns about expired and unmatched entries on stderr, even with -q', async () => {
    expect((await cli()).code).toBe(1);
    const file = write(
      's.yaml',
      [
        '- checkId: iam.root.mfa',
        `  resource: ${ROOT}`,
        '  reason: Hardware token on order',
        '  expires: 2026-09-30',
        '- checkId: iam.role.*',
        '  resource: "*"',
        '  reason: nothing fails here',
        '- checkId: iam.user.*',
        '  resource: "*"',
        '  reason: old waiver',
        '  expires: 2026-01-01',
      ].join('\n'),
    );
    const { code, report } = await cli('--suppressions', file);
    expect(code).toBe(0);
    expect(report!.summary.suppressed).toBe(1);
    expect(report!.suppressions).toMatchObject({ source: file, entries: 3, expired: [{ entry: 2 }], unmatched: [{ entry: 1 }] });
    expect(stderr.trim().split('\n')).toEqual([
      `hardening-audit: warning: ${file}: suppression entry 2 (iam.user.* on *) expired 2026-01-01; it suppresses nothing and 2 findings count again`,
      `hardening-audit: warning: ${file}: suppression entry 1 (iam.role.* on *) matched no finding`,
    ]);
  });

  it('uses the config file suppressions unless --suppressions is given', async () => {
    const config = write('c.yaml', `suppressions:\n  - checkId: iam.root.mfa\n    resource: "*"\n    reason: from the config\n`);
    const viaConfig = await cli('--config', config);
    expect(viaConfig.code).toBe(0);
    expect(viaConfig.report!.suppressions!.source).toBe(config);
    const other = write('other.yaml', '- checkId: iam.role.*\n  resource: "*"\n  reason: replaces the config list\n');
    const replaced = await cli('--config', config, '--suppressions', other);
    expect(replaced.code).toBe(1);
    expect(replaced.report!.suppressions).toMatchObject({ source: other, entries: 1 });
  });

  it('a bad suppressions file is one line on stderr and exit 2', async () => {
    const bad = write('bad-cli.yaml', '- checkId: iam.root.mfa\n  resource: "*"\n  reason: ""\n');
    const { code } = await cli('--suppressions', bad);
    expect(code).toBe(2);
    expect(stderr).toBe(`hardening-audit: ${bad}:3: suppression entry 0, field reason: must not be empty: why the finding is accepted\n`);
  });
});
