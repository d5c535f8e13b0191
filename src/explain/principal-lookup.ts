// Finding `explain`'s principal, and telling apart the two reasons it can be missing: the inventory is complete and
// has no such user or role (an input error, exit 2), or the inventory is not complete — the users or roles could not
// be collected, or this very entity (or an entry that cannot be named) could not be read (exit 3, with which API
// failed and why). A principal that was found but whose own data is partly unreadable (an attached policy, its
// boundary, a group) is answered, with those gaps, since the verdict may lack permissions or denies.
import { gapAdvice } from '../collect/classify.js';
import { InputError } from '../errors.js';
import type { Principal } from '../policy/reachable.js';
import type { AccountSnapshot, Gap, SnapshotPart } from '../snapshot/snapshot.js';

export type FoundPrincipal = Principal & { kind: 'user' | 'role' };

/** The answer cannot be given (or trusted): data it needs was not collected. The CLI exits 3, like an incomplete audit. */
export class ExplainIncompleteError extends Error {
  override name = 'ExplainIncompleteError';
  readonly exitCode = 3;
  constructor(
    message: string,
    readonly gaps: Gap[],
  ) {
    super(message);
  }
}

interface Reference {
  /** The parts the principal could be in. */
  parts: Array<'users' | 'roles'>;
  name: string;
  arn?: string;
}

const KIND_PART = { user: 'users', role: 'roles' } as const;

function parseReference(ref: string): Reference {
  const session = /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\//.exec(ref);
  if (session) return { parts: ['roles'], name: session[1] as string };
  const iam = /^arn:[^:]+:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/.exec(ref);
  if (iam) return { parts: [KIND_PART[iam[1] as 'user' | 'role']], name: iam[2] as string, arn: ref };
  return { parts: ['users', 'roles'], name: ref };
}

/** Which entity an entity-scoped gap names: its ARN's kind and name, or the [UserName=x] label of an ARN-less entry. */
function gapEntity(resource: string): { kind?: 'user' | 'role'; name?: string } {
  const arn = /^arn:[^:]+:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/.exec(resource);
  if (arn) return { kind: arn[1] as 'user' | 'role', name: arn[2] as string };
  if (resource.startsWith('arn:')) return { name: '' }; // another kind of entity (a policy, a group): not a principal
  const label = /\[(User|Role)Name=(.*)\]$/.exec(resource);
  if (label) return { kind: label[1] === 'User' ? 'user' : 'role', name: label[2] as string };
  return {}; // "UserDetailList[3]": an entry that cannot be named, it may be the one asked for
}

/** "<api>: <what failed> (<error>). <what to do>" — the cause and the advice that fits it (src/collect/classify.ts). */
export function describeGap(g: Gap): string {
  const message = g.message.replace(/\.$/, '');
  return `${message.includes(g.api) ? message : `${g.api}: ${message}`} (${g.error}). ${gapAdvice(g)}`;
}

export function findPrincipal(snapshot: AccountSnapshot, ref: string): FoundPrincipal {
  const { parts, name, arn } = parseReference(ref);
  const byName = !arn;
  const role = parts.includes('roles') ? snapshot.roles.find((r) => r.arn === ref || (byName && r.name === name)) : undefined;
  if (role) return { kind: 'role', entity: role };
  const user = parts.includes('users') ? snapshot.users.find((u) => u.arn === ref || (byName && u.name === name)) : undefined;
  if (user) return { kind: 'user', entity: user };

  const relevant = snapshot.gaps.filter((g) => (parts as SnapshotPart[]).includes(g.part));
  const whole = relevant.filter((g) => g.resource === undefined);
  const named = relevant.filter((g) => {
    if (g.resource === undefined) return false;
    if (arn) return g.resource === arn;
    const e = gapEntity(g.resource);
    return e.name === name && (e.kind === undefined || parts.includes(KIND_PART[e.kind]));
  });
  const unnamed = relevant.filter((g) => g.resource !== undefined && gapEntity(g.resource).name === undefined);
  const what = parts.length === 2 ? 'user or role' : parts[0] === 'users' ? 'user' : 'role';
  if (named.length) {
    const kinds = new Set(named.map((g) => (g.part === 'users' ? 'user' : 'role')));
    throw new ExplainIncompleteError(`--principal ${ref}: the ${kinds.size === 1 ? [...kinds][0] : what} is in account ${snapshot.accountId} but could not be read, so no answer: ${named.map(describeGap).join(' ')}`, named);
  }
  if (whole.length) {
    const lists = parts.filter((p) => whole.some((g) => g.part === p)).join(' and ');
    const offline = whole.every((g) => g.error === 'NotProvided' || g.error === 'NotInExport');
    throw new ExplainIncompleteError(
      `--principal ${ref}: not found, but the ${lists} of account ${snapshot.accountId} ${offline ? 'are not in this input' : 'could not be collected'}, so it may exist: ${dedupe(whole).map(describeGap).join(' ')}`,
      whole,
    );
  }
  if (unnamed.length) {
    throw new ExplainIncompleteError(
      `--principal ${ref}: not found, but ${unnamed.length} ${unnamed.length === 1 ? 'entry' : 'entries'} of the ${parts.filter((p) => unnamed.some((g) => g.part === p)).join(' and ')} could not be read and may be it: ${unnamed.map(describeGap).join(' ')}`,
      unnamed,
    );
  }
  throw new InputError(
    `--principal ${ref}: no such ${what} in account ${snapshot.accountId} (the inventory is complete: ${snapshot.users.length} users, ${snapshot.roles.length} roles; give a user or role ARN or name)`,
  );
}

/** One gap per API and error for whole parts (GetAccountAuthorizationDetails fails once for users, groups, roles...). */
function dedupe(gaps: Gap[]): Gap[] {
  const seen = new Set<string>();
  return gaps.filter((g) => {
    const key = `${g.api}\u0000${g.error}\u0000${g.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * The gaps that bear on a found principal's answer: its own entity gaps (an unreadable attached policy, boundary or
 * group is recorded on it by the loaders), and whole-part gaps of what it draws permissions from (the groups of a
 * user in groups, the managed policies of a principal with attachments or a boundary, the organization's SCPs).
 */
export function gapsOfPrincipal(snapshot: AccountSnapshot, principal: FoundPrincipal): Gap[] {
  const e = principal.entity;
  // The SCPs bound every principal of a member account: without them an ALLOWED may be wrong.
  const drawsFrom = new Set<SnapshotPart>(['organization']);
  if (principal.kind === 'user' && principal.entity.groups.length > 0) drawsFrom.add('groups');
  if (e.attachedManagedPolicies.length > 0 || e.permissionsBoundary) drawsFrom.add('policies');
  const own = snapshot.gaps.filter((g) => g.resource === e.arn);
  const parts = dedupe(snapshot.gaps.filter((g) => g.resource === undefined && drawsFrom.has(g.part)));
  return [...own, ...parts];
}
