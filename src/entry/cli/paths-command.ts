// `hardening-audit paths`: for each principal that can reach admin (or a given role), the shortest path, one hop per
// step with the statements that allow it.
import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { DEFAULT_MAX_ATTEMPTS } from '../../aws/clients.js';
import { InputError } from '../../errors.js';
import { ADMIN, PathGraph } from '../../paths/graph.js';
import { DEFAULT_MAX_HOPS, shortestPaths } from '../../paths/query.js';
import { pathsJson, renderPathsText } from '../../paths/render.js';
import { loadActionCatalog } from '../../policy/catalog.js';
import { snapshotFromSource } from './snapshot-source.js';

const PARTS_READ = new Set(['users', 'groups', 'roles', 'policies', 'credentialReport']);

const hops = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return Number(value);
};
const wholeNumber = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};

export function buildPathsCommand() {
  return new Command('paths')
    .description('Who can become admin (or reach a role), in how many steps, and through which statements?')
    .addOption(new Option('--to <admin|role-arn>', 'the target: admin (full administrative access) or a role ARN').default(ADMIN))
    .addOption(new Option('--from <arn>', 'only the path of this user or role'))
    .addOption(new Option('--max-hops <n>', 'longest path searched').argParser(hops).default(DEFAULT_MAX_HOPS))
    .addOption(new Option('--json', 'print the paths as JSON'))
    .addOption(new Option('--max-principals <n>', 'refuse accounts with more users and roles than this (the search is not yet built for large accounts)').argParser(wholeNumber).default(DEFAULT_MAX_PRINCIPALS))
    .addOption(new Option('--snapshot <file>', 'a snapshot saved with --save-snapshot'))
    .addOption(new Option('--auth-details <files...>', 'an `aws iam get-account-authorization-details` export'))
    .addOption(new Option('--now <iso-date>', 'judge conditions on the clock as of this time (default: the snapshot\'s collection time, or now when live)'))
    .addOption(new Option('--profile <name>', 'AWS profile (live account)'))
    .addOption(new Option('--region <region>', 'AWS region for the clients'))
    .addOption(new Option('--endpoint-url <url>', 'send AWS calls to this endpoint instead'))
    .addOption(new Option('--max-attempts <n>', 'attempts per AWS call').argParser(wholeNumber).default(DEFAULT_MAX_ATTEMPTS))
    .addOption(new Option('-q, --quiet', 'no progress on stderr'));
}

/** Exit codes: 0 answered; 2 usage or input error (a --from or --to the snapshot does not have); 3 the snapshot
 * lacks some users, groups, roles or policies, so paths through them may be missing. */
/** Users + roles above which the command refuses unless told otherwise (see the README, Attack paths: speed). */
export const DEFAULT_MAX_PRINCIPALS = 1000;

export async function runPaths(argv: string[]): Promise<number> {
  const command = buildPathsCommand().exitOverride();
  command.parse(argv, { from: 'user' });
  const opts = command.opts();
  const progress = opts.quiet ? () => {} : (m: string) => process.stderr.write(`${m}\n`);
  let now = new Date().toISOString();
  if (opts.now !== undefined) {
    if (Number.isNaN(Date.parse(opts.now))) throw new InputError(`--now ${opts.now}: expected an ISO 8601 date, e.g. 2026-01-31T00:00:00Z`);
    now = new Date(opts.now).toISOString();
  }
  const catalog = await loadActionCatalog();
  const loaded = await snapshotFromSource(opts, now, opts.now !== undefined, progress);
  const principals = loaded.snapshot.users.length + loaded.snapshot.roles.length;
  if (principals > opts.maxPrincipals) {
    // Measured: 2,295 users and 3,213 roles exhausted a 4 GB heap after 2.5 minutes. A clear refusal beats a V8 abort.
    throw new InputError(
      `this account has ${principals} users and roles, more than --max-principals ${opts.maxPrincipals}: the path search needs time and memory that grow with users × roles and does not yet scale to accounts this size; raise --max-principals to try anyway`,
    );
  }
  const graph = new PathGraph(loaded.snapshot, catalog, loaded.now);
  for (const [flag, arn] of [['--to', opts.to], ['--from', opts.from]] as const) {
    if (arn !== undefined && arn !== ADMIN && !graph.has(arn)) throw new InputError(`${flag} ${arn}: no such user or role in the snapshot (give its full ARN)`);
  }
  const paths = shortestPaths(graph, { to: opts.to, maxHops: opts.maxHops, ...(opts.from !== undefined ? { from: opts.from } : {}) });
  process.stdout.write(opts.json ? `${JSON.stringify(pathsJson(paths), null, 2)}\n` : renderPathsText(paths, opts.to));
  const gaps = loaded.snapshot.gaps.filter((g) => PARTS_READ.has(g.part));
  if (gaps.length === 0) return 0;
  process.stderr.write(`hardening-audit: warning: ${gaps.length} part${gaps.length === 1 ? '' : 's'} of the inventory could not be read (${[...new Set(gaps.map((g) => g.api))].join(', ')}): paths through them may be missing; exit 3\n`);
  return 3;
}
