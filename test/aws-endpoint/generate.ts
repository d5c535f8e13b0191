// A deterministic generator of large, varied accounts for benchmarks and scale tests:
//
//   const acct = generateAccount({ users: 5000, roles: 10000, policies: 5000, seed: 7 });
//
// Same options → same account, byte for byte. The mix aims at what an audit should find in a real account:
// users without MFA, stale and unused access keys, console users who never signed in, inline policies, direct
// attachments of AdministratorAccess, roles with cross-account trust (with and without ExternalId, a few with
// Principal "*"), GitHub OIDC trust with wildcard subjects, never-used roles, wildcard customer policies
// ("*", "iam:*", iam:PassRole on "*", NotAction), multi-version policies, permissions boundaries, tags.
import { FakeAccount } from './account.js';
import type { AccessKeyInput, InlinePolicyInput, PasswordPolicyOptions } from './account-options.js';
import { chance, mulberry32, pick, randInt, type Rng } from './prng.js';

export interface GenerateOptions {
  users: number;
  roles: number;
  /** Customer managed policies. */
  policies: number;
  /** Default: max(3, users / 50). */
  groups?: number;
  seed?: number;
  accountId?: string;
  /** Model clock; default 2026-01-01T00:00:00Z. */
  now?: string;
}

const DAY = 86_400_000;
const TEAMS = ['platform', 'data', 'payments', 'web', 'mobile', 'security', 'ml', 'ops', 'billing', 'search'];
const FIRST = ['ana', 'ben', 'chen', 'dara', 'eli', 'fatima', 'goran', 'hana', 'ivan', 'jo', 'kai', 'lena', 'mo', 'nia', 'omar', 'pia', 'quinn', 'raj', 'sara', 'tom'];
const SERVICES = ['s3', 'dynamodb', 'sqs', 'sns', 'lambda', 'ec2', 'kms', 'logs', 'secretsmanager', 'ssm', 'ecr', 'cloudwatch'];
const READ_VERBS = ['Get*', 'List*', 'Describe*'];
const WRITE_ACTIONS: Record<string, string[]> = {
  s3: ['s3:PutObject', 's3:DeleteObject', 's3:GetObject'],
  dynamodb: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
  sqs: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
  sns: ['sns:Publish'],
  lambda: ['lambda:InvokeFunction', 'lambda:UpdateFunctionCode'],
  ec2: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:RunInstances'],
  kms: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
  logs: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  secretsmanager: ['secretsmanager:GetSecretValue'],
  ssm: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:PutParameter'],
  ecr: ['ecr:BatchGetImage', 'ecr:PutImage', 'ecr:GetAuthorizationToken'],
  cloudwatch: ['cloudwatch:PutMetricData'],
};
const REGIONS = ['us-east-1', 'us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const KEY_SERVICES = ['s3', 'sts', 'iam', 'ec2', 'dynamodb', 'lambda', 'ecr', 'logs'];
const PARTNER_ACCOUNTS = ['210987654321', '333344445555', '444455556666', '777788889999', '111122223333'];

function pad(n: number, width = 5): string {
  return String(n).padStart(width, '0');
}

export function generateAccount(options: GenerateOptions): FakeAccount {
  const rng: Rng = mulberry32(options.seed ?? 1);
  const accountId = options.accountId ?? '123456789012';
  const acct = new FakeAccount(accountId, { now: options.now ?? '2026-01-01T00:00:00Z' });
  const now = Date.parse(acct.now);
  const ago = (minDays: number, maxDays: number): string => new Date(now - randInt(rng, minDays * 86_400, maxDays * 86_400) * 1000).toISOString();
  const after = (startIso: string, maxDays: number): string => {
    const start = Date.parse(startIso);
    const span = Math.max(0, Math.min(now - start, maxDays * DAY));
    return new Date(start + Math.floor(rng() * span)).toISOString();
  };
  /** A date between `minDays` and `maxDays` ago, but not before `notBefore`. */
  const within = (notBefore: string, minDays: number, maxDays: number): string => {
    const lo = Math.max(Date.parse(notBefore), now - maxDays * DAY);
    const hi = Math.max(lo, now - minDays * DAY);
    return new Date(lo + Math.floor(rng() * (hi - lo))).toISOString();
  };
  const arnRes = (service: string, team: string, i: number): string => {
    switch (service) {
      case 's3':
        return `arn:aws:s3:::${team}-bucket-${i % 97}/*`;
      case 'dynamodb':
        return `arn:aws:dynamodb:us-east-1:${accountId}:table/${team}-table-${i % 53}`;
      case 'sqs':
        return `arn:aws:sqs:us-east-1:${accountId}:${team}-queue-${i % 41}`;
      case 'kms':
        return `arn:aws:kms:us-east-1:${accountId}:key/${team}-${i % 13}`;
      case 'secretsmanager':
        return `arn:aws:secretsmanager:us-east-1:${accountId}:secret:${team}/*`;
      default:
        return `arn:aws:${service}:us-east-1:${accountId}:*`;
    }
  };

  // ---- customer managed policies ----
  const policyNames: string[] = [];
  const scopedDoc = (team: string, i: number): Record<string, unknown> => {
    const service = pick(rng, SERVICES);
    const statements: Record<string, unknown>[] = [
      { Sid: 'Read', Effect: 'Allow', Action: READ_VERBS.slice(0, randInt(rng, 1, 3)).map((v) => `${service}:${v}`), Resource: arnRes(service, team, i) },
    ];
    if (chance(rng, 0.6)) {
      const writes = WRITE_ACTIONS[service]!;
      statements.push({ Sid: 'Write', Effect: 'Allow', Action: writes.slice(0, randInt(rng, 1, writes.length)), Resource: arnRes(service, team, i + 1) });
    }
    if (chance(rng, 0.15)) {
      statements.push({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': team } } });
    }
    if (chance(rng, 0.05)) statements.push({ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' });
    return { Version: '2012-10-17', Statement: statements };
  };
  const wildcardDoc = (): Record<string, unknown> => {
    const r = rng();
    if (r < 0.25) return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    if (r < 0.5) return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `${pick(rng, ['s3', 'iam', 'ec2', 'kms', 'dynamodb'])}:*`, Resource: '*' }] };
    if (r < 0.7) {
      return {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
        ],
      };
    }
    if (r < 0.85) return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }] };
    return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:AttachUserPolicy', 'iam:PutUserPolicy'], Resource: '*' }] };
  };
  if (options.policies > 0) {
    acct.managedPolicy(
      'permissions-boundary',
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
          { Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey'], Resource: '*' },
        ],
      },
      { path: '/boundaries/', description: 'Boundary for delegated roles', created: ago(900, 1000) },
    );
    policyNames.push('permissions-boundary');
  }
  for (let i = 1; i < options.policies; i++) {
    const team = pick(rng, TEAMS);
    const name = `${team}-policy-${pad(i)}`;
    const created = ago(30, 1500);
    const wildcard = chance(rng, 0.08);
    const previous = chance(rng, 0.2) ? Array.from({ length: randInt(rng, 1, 3) }, () => scopedDoc(team, i)) : undefined;
    acct.managedPolicy(name, wildcard ? wildcardDoc() : scopedDoc(team, i), {
      path: chance(rng, 0.3) ? `/teams/${team}/` : '/',
      description: chance(rng, 0.5) ? `Access for ${team} workloads` : undefined,
      created,
      updated: previous ? after(created, 400) : created,
      previousVersions: previous,
    });
    policyNames.push(name);
  }
  const somePolicies = (min: number, max: number): string[] => {
    if (policyNames.length <= 1) return [];
    const out = new Set<string>();
    const n = randInt(rng, min, max);
    for (let k = 0; k < n; k++) out.add(policyNames[randInt(rng, 1, policyNames.length - 1)]!);
    return [...out];
  };
  const inlineDoc = (team: string, i: number): Record<string, unknown> => (chance(rng, 0.1) ? wildcardDoc() : scopedDoc(team, i));

  // ---- groups ----
  const groupCount = options.groups ?? Math.max(3, Math.round(options.users / 50));
  const groupNames: string[] = [];
  for (let g = 0; g < groupCount; g++) {
    const team = TEAMS[g % TEAMS.length]!;
    const name = g === 0 ? 'admins' : g === 1 ? 'readonly' : `${team}-${pad(g, 3)}`;
    const attached = g === 0 ? ['AdministratorAccess'] : g === 1 ? ['ReadOnlyAccess'] : [...somePolicies(1, 2), ...(chance(rng, 0.1) ? ['PowerUserAccess'] : [])];
    const inline: InlinePolicyInput[] = chance(rng, 0.2) ? [{ name: `${team}-inline`, document: inlineDoc(team, g) }] : [];
    acct.group(name, { attached, inline, created: ago(400, 1800), path: g > 1 && chance(rng, 0.3) ? `/${team}/` : '/' });
    groupNames.push(name);
  }

  // ---- users ----
  const makeKey = (created: string): AccessKeyInput => {
    const keyCreated = after(created, 1200);
    const used = chance(rng, 0.7);
    return {
      active: chance(rng, 0.85),
      created: keyCreated,
      lastUsed: used ? after(keyCreated, 2000) : null,
      lastUsedRegion: pick(rng, REGIONS),
      lastUsedService: pick(rng, KEY_SERVICES),
    };
  };
  for (let i = 1; i <= options.users; i++) {
    const team = pick(rng, TEAMS);
    const isService = chance(rng, 0.25);
    const name = isService ? `svc-${team}-${pad(i)}` : `${pick(rng, FIRST)}.${team}.${pad(i)}`;
    const created = ago(10, 2000);
    const console = !isService && chance(rng, 0.8);
    const r = rng();
    const passwordLastUsed = !console ? undefined : r < 0.7 ? within(created, 0, 120) : r < 0.85 ? within(created, 200, 800) : null;
    const m = rng();
    const mfa = console ? (m < 0.72 ? 'virtual' : m < 0.8 ? 'hardware' : false) : chance(rng, 0.05) ? 'virtual' : false;
    const k = rng();
    const keyCount = isService ? (k < 0.1 ? 0 : k < 0.8 ? 1 : 2) : k < 0.45 ? 0 : k < 0.9 ? 1 : 2;
    const keys = Array.from({ length: keyCount }, () => makeKey(created));
    const groups = new Set<string>();
    const gc = isService ? randInt(rng, 0, 1) : randInt(rng, 1, 3);
    for (let j = 0; j < gc; j++) groups.add(chance(rng, 0.03) ? 'admins' : groupNames[randInt(rng, 1, groupNames.length - 1)]!);
    const attached = chance(rng, 0.15) ? somePolicies(1, 2) : [];
    if (chance(rng, 0.02)) attached.push('AdministratorAccess');
    acct.user(name, {
      path: isService ? '/service/' : '/',
      created,
      console,
      passwordLastUsed,
      passwordLastChanged: console ? after(created, 1000) : undefined,
      mfa,
      keys,
      groups: [...groups],
      attached,
      inline: chance(rng, 0.1) ? [{ name: `${name}-inline`, document: inlineDoc(team, i) }] : undefined,
      tags: chance(rng, 0.3) ? { team, ...(isService ? { owner: `${pick(rng, FIRST)}@example.com` } : {}) } : undefined,
      boundary: policyNames.length && chance(rng, 0.03) ? 'permissions-boundary' : undefined,
    });
  }

  // ---- roles ----
  const serviceTrust = (service: string): Record<string, unknown> => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
  for (let i = 1; i <= options.roles; i++) {
    const team = pick(rng, TEAMS);
    const kind = rng();
    let name: string;
    let trust: Record<string, unknown>;
    let attached: string[];
    let path = '/';
    let instanceProfile = false;
    if (kind < 0.6) {
      const service = pick(rng, ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com', 'states.amazonaws.com', 'codebuild.amazonaws.com']);
      const short = service.split('.')[0];
      name = `${team}-${short}-role-${pad(i)}`;
      trust = serviceTrust(service);
      attached = somePolicies(1, 3);
      if (short === 'lambda') attached.push('AWSLambdaBasicExecutionRole');
      if (short === 'ec2') instanceProfile = chance(rng, 0.8);
      path = chance(rng, 0.3) ? '/service-role/' : '/';
    } else if (kind < 0.85) {
      const partner = pick(rng, PARTNER_ACCOUNTS);
      name = `${team}-cross-account-${pad(i)}`;
      const t = rng();
      const principal = t < 0.03 ? '*' : t < 0.5 ? { AWS: `arn:aws:iam::${partner}:root` } : { AWS: `arn:aws:iam::${partner}:role/${team}-deployer` };
      const stmt: Record<string, unknown> = { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' };
      if (chance(rng, 0.5)) stmt.Condition = { StringEquals: { 'sts:ExternalId': `ext-${team}-${i}` } };
      else if (chance(rng, 0.2)) stmt.Condition = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
      trust = { Version: '2012-10-17', Statement: [stmt] };
      attached = chance(rng, 0.05) ? ['AdministratorAccess'] : chance(rng, 0.2) ? ['ReadOnlyAccess'] : somePolicies(1, 2);
    } else if (kind < 0.95) {
      name = `${team}-github-actions-${pad(i)}`;
      const repo = `example-org/${team}-${i % 17}`;
      const sub = chance(rng, 0.25) ? 'repo:example-org/*' : chance(rng, 0.5) ? `repo:${repo}:*` : `repo:${repo}:ref:refs/heads/main`;
      trust = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
              StringLike: { 'token.actions.githubusercontent.com:sub': sub },
            },
          },
        ],
      };
      attached = chance(rng, 0.1) ? ['AdministratorAccess'] : somePolicies(1, 3);
    } else {
      name = `${team}-sso-${pad(i)}`;
      trust = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/corp-idp` },
            Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
            Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
          },
        ],
      };
      attached = chance(rng, 0.3) ? ['AdministratorAccess'] : ['ReadOnlyAccess'];
    }
    const created = ago(5, 2000);
    const u = rng();
    acct.role(name, {
      path,
      created,
      description: chance(rng, 0.5) ? `Role for ${team}` : undefined,
      trust,
      lastUsed: u < 0.6 ? ago(0, 90) : u < 0.8 ? ago(91, 700) : null,
      lastUsedRegion: pick(rng, REGIONS),
      attached,
      inline: chance(rng, 0.2) ? { [`${team}-inline`]: inlineDoc(team, i) } : undefined,
      boundary: policyNames.length && chance(rng, 0.05) ? 'permissions-boundary' : undefined,
      tags: chance(rng, 0.3) ? { team, env: pick(rng, ['prod', 'staging', 'dev']) } : undefined,
      maxSessionDuration: chance(rng, 0.15) ? 43200 : 3600,
      instanceProfile,
    });
  }

  // ---- account level ----
  acct.root({
    mfa: pick(rng, ['hardware', 'virtual', 'virtual', false] as const),
    keys: chance(rng, 0.1) ? [{ active: true, created: ago(500, 1500), lastUsed: ago(30, 400) }] : [],
    passwordLastUsed: ago(1, 200),
  });
  const pw: PasswordPolicyOptions | null = chance(rng, 0.8)
    ? {
        minimumPasswordLength: pick(rng, [8, 12, 14, 16]),
        requireSymbols: chance(rng, 0.7),
        requireNumbers: chance(rng, 0.8),
        requireUppercaseCharacters: chance(rng, 0.8),
        requireLowercaseCharacters: chance(rng, 0.8),
        allowUsersToChangePassword: true,
        maxPasswordAge: chance(rng, 0.5) ? 90 : undefined,
        passwordReusePrevention: chance(rng, 0.5) ? 24 : undefined,
      }
    : null;
  acct.passwordPolicy(pw);
  for (let d = 0; d < Math.max(1, Math.round(options.users / 500)); d++) acct.virtualMfa(`unassigned-${pad(d, 3)}`);
  return acct;
}
