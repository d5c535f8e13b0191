// examples/sample-account.snapshot.json is what `npm run demo` audits. It is the seeded account collected through
// the real collectors, so it stays true to what a live audit produces. Regenerate it with:
//   UPDATE_EXAMPLE=1 npx vitest run test/entry/cli/example.test.ts
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useFakeAwsEnvironment } from '../../helpers/cli-env.js';
import { startAwsEndpoint } from '../../aws-endpoint/index.js';
import { SEEDED_NOW, seededAccount } from '../../fixtures/seeded-account.js';
import { main } from '../../../src/entry/cli/main.js';

const exampleFile = join(import.meta.dirname, '../../../examples/sample-account.snapshot.json');

useFakeAwsEnvironment();

it('the shipped example snapshot is what the collectors produce for the seeded account', async () => {
  const endpoint = await startAwsEndpoint(seededAccount(), { credentialReport: { pollsUntilReady: 0 } });
  const dir = mkdtempSync(join(tmpdir(), 'ha-example-'));
  const fresh = join(dir, 'snapshot.json');
  try {
    const code = await main(['node', 'hardening-audit', '--endpoint-url', endpoint.url, '--now', SEEDED_NOW, '--save-snapshot', fresh, '--out', dir, '--fail-on', 'none']);
    expect(code).toBe(0);
  } finally {
    await endpoint.close();
  }
  const collected = readFileSync(fresh, 'utf8');
  if (process.env.UPDATE_EXAMPLE) writeFileSync(exampleFile, collected);
  expect(existsSync(exampleFile), 'examples/sample-account.snapshot.json is missing: run with UPDATE_EXAMPLE=1').toBe(true);
  expect(JSON.parse(readFileSync(exampleFile, 'utf8'))).toEqual(JSON.parse(collected));
});

it('npm run demo audits the example offline', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ha-demo-'));
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8'));
  // The demo script's own arguments, with the output folder redirected.
  const args = (pkg.scripts.demo as string).replace(/^node dist\/src\/entry\/cli\.js /, '').replace('--out reports/', `--out ${out}`).split(' ');
  expect(await main(['node', 'hardening-audit', ...args])).toBe(0);
  const files = (await import('node:fs')).readdirSync(out);
  expect(files.filter((f) => /^123456789012-\d{4}-\d{2}-\d{2}\.(json|html|csv)$/.test(f))).toHaveLength(3);
});
