// Full administrative access: an Allow of Action "*" (or "*:*") on Resource "*" with no condition. Judged where it
// reaches someone: each user, group and role (service-linked roles excepted: AWS owns them) and every policy attached
// to it directly — inline, customer managed, or AWS managed (AdministratorAccess). A user who gets admin through a
// group is reported once, on the group (evidence lists its members). A customer managed admin policy attached to
// nothing is reported on the policy itself at severity 'low' ('info' when it serves as a permissions boundary).
//
// Judged by what really applies (IAM's evaluation logic): a policy whose own unconditional Deny takes back part of
// its "*" grant is not full admin (document-denies.ts); a user or role is reported only when its effective access is
// full admin — identity policies (a user's groups too), explicit Denies and the permissions boundary, as the
// iam.principal.* checks see it (principal-risk.ts) — and a group only when its own policies leave it full admin and it
// has no members (one add away) or some member is effectively full admin. What the Denies or the boundary leave is judged by iam.policy.wildcard-actions
// and iam.principal.*. A known AdministratorAccess whose document is missing is still reported (cannot tell).
import type { Check, CheckResult } from '../types.js';
import type { PolicyDocument, PolicyStatement } from '../../snapshot/snapshot.js';
import { fullAdminStatements } from '../../policy/analysis.js';
import { actionIndex, type ActionIndex } from '../../policy/action-index.js';
import { documentDenies } from '../../policy/document-denies.js';
import { riskAnalysis, riskAnalyzer, type PrincipalRisk } from '../../policy/principal-risk.js';
import { allPrincipals, policyIndex, reachablePolicies, type ReachablePolicy } from '../../policy/reachable.js';
import { isServiceLinkedRole } from '../util/arn.js';
import { detachDraft } from '../util/drafts.js';
import { draft, sh } from '../util/shell.js';
import { fullAdminPopulation } from '../util/populations.js';

const ADMIN_ARN = /^arn:[^:]+:iam::aws:policy\/AdministratorAccess$/;

type AdminStatements = { index: number; statement: PolicyStatement }[];
// A managed policy's document is judged once, however many principals it is attached to.
const adminStatementsOf = new WeakMap<PolicyDocument, AdminStatements>();

/** The admin statements of a policy; for an AWS managed AdministratorAccess whose document is not in the snapshot,
 * its well-known single statement. undefined when the document is unknown (cannot judge). */
function adminStatements(p: ReachablePolicy): AdminStatements | undefined {
  if (p.document) {
    let statements = adminStatementsOf.get(p.document);
    if (!statements) adminStatementsOf.set(p.document, (statements = fullAdminStatements(p.document)));
    return statements;
  }
  if (p.arn && ADMIN_ARN.test(p.arn)) return [{ index: 0, statement: { Effect: 'Allow', Action: ['*'], Resource: ['*'] } }];
  return undefined;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const NO_ADMIN = 'The policy grants no full admin access.';

/** Why a document's admin statements are cancelled by its own Denies, or undefined. */
function ownDenies(doc: PolicyDocument | undefined, index: ActionIndex, now: string): string | undefined {
  if (!doc) return undefined;
  const d = documentDenies(doc, index, now);
  if (d.denied.isEmpty) return undefined;
  return `its own Deny statement${d.denies.length === 1 ? '' : 's'} (${d.denies.map((x) => x.sid ?? `#${x.index}`).join(', ')}) take${d.denies.length === 1 ? 's' : ''} back ${d.denied.size} action${d.denied.size === 1 ? '' : 's'}`;
}

/** Why a user's or role's effective access is not full admin though an admin statement reaches it. */
function notEffective(r: PrincipalRisk, index: ActionIndex): string {
  const free = Object.values(r.analysis.profile.effective.free).reduce((a, b) => a + b, 0);
  const boundary = r.analysis.boundary?.resolved ? 'its permissions boundary and ' : '';
  return `${boundary}explicit Denies leave ${free} of ${index.size} actions allowed unconditionally on "*"`;
}
const NO_EVIDENCE: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

const label = (p: ReachablePolicy) =>
  p.type === 'inline' ? `the inline policy ${p.name}` : `the ${p.awsManaged ? 'AWS' : 'customer'} managed policy ${p.name}`;

export const policyFullAdmin: Check = {
  id: 'iam.policy.full-admin',
  title: 'No policy grants full "*:*" administrative access',
  severity: 'critical',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'permissions'],
  population: fullAdminPopulation,
  remediation:
    'Detach the policy and grant only the permissions needed; keep administrator access for a few break-glass roles with MFA, ideally through IAM Identity Center.',
  run: (snap, ctx) => {
    const index = policyIndex(snap);
    const actions = actionIndex(ctx.catalog);
    const risks = new Map(riskAnalysis(snap, ctx.catalog, ctx.now).principals.map((r) => [r.analysis.principal.entity.arn, r]));
    const out: CheckResult[] = [];
    for (const principal of allPrincipals(snap)) {
      if (principal.kind === 'role' && isServiceLinkedRole(principal.entity)) continue;
      const { entity, kind } = principal;
      const policies = reachablePolicies(snap, principal, { viaGroups: false, index });
      const names = policies.map((p) => p.name);
      for (const p of policies) {
        const statements = adminStatements(p);
        if (!statements) continue; // attached managed policy missing from the snapshot: nothing to judge
        // An inline and a managed policy may share a name on one principal: keep `detail` unique.
        const detail = p.type === 'inline' && names.filter((n) => n === p.name).length > 1 ? `${p.name} (inline)` : p.name;
        if (statements.length === 0) {
          // PASS results are only counted by the runner: keep them light (this runs for every attached policy).
          out.push({ resourceArn: entity.arn, detail, status: 'PASS', message: NO_ADMIN, evidence: NO_EVIDENCE });
          continue;
        }
        const cancelled = ownDenies(p.document, actions, ctx.now);
        if (cancelled) {
          out.push({ resourceArn: entity.arn, detail, status: 'PASS', message: `${cap(label(p))} allows "*" on "*" but ${cancelled}: not full admin.`, evidence: { policy: p.name } });
          continue;
        }
        const risk = kind === 'group' ? undefined : risks.get(entity.arn);
        if (p.document && risk && !risk.fullAdmin) {
          out.push({ resourceArn: entity.arn, detail, status: 'PASS', message: `${cap(label(p))} allows "*" on "*" but ${notEffective(risk, actions)}: not full admin.`, evidence: { policy: p.name } });
          continue;
        }
        if (kind === 'group' && p.document && !riskAnalyzer(snap, ctx.catalog).analyze(principal).profile.fullAdmin) {
          out.push({ resourceArn: entity.arn, detail, status: 'PASS', message: `${cap(label(p))} allows "*" on "*" but the group's other policies deny part of it: not full admin.`, evidence: { policy: p.name } });
          continue;
        }
        const allMembers = kind === 'group' ? snap.users.filter((u) => u.groups.includes(entity.name)) : undefined;
        const adminMembers = allMembers?.filter((u) => !p.document || risks.get(u.arn)?.fullAdmin !== false);
        if (allMembers && adminMembers && allMembers.length > 0 && adminMembers.length === 0) {
          out.push({ resourceArn: entity.arn, detail, status: 'PASS', message: `${cap(label(p))} allows "*" on "*" but no member of the group has full admin access (Denies or permissions boundaries).`, evidence: { policy: p.name } });
          continue;
        }
        const members = adminMembers?.map((u) => u.name);
        const limited = allMembers?.filter((u) => !adminMembers!.includes(u)).map((u) => u.name) ?? [];
        const evidence = {
          principalType: kind,
          principalName: entity.name,
          policy: { type: p.type, name: p.name, ...(p.arn ? { arn: p.arn, awsManaged: p.awsManaged } : {}) },
          ...(statements.length ? { statements: statements.map((s) => ({ index: s.index, ...s.statement })) } : {}),
          ...(members ? { groupMembers: members } : {}),
          ...(limited.length ? { membersWithoutFullAdmin: limited } : {}),
          ...(p.document ? {} : { note: 'document not in the snapshot; AdministratorAccess is known to allow * on *' }),
        };
        out.push({
          resourceArn: entity.arn,
          detail,
          status: 'FAIL',
          message: `The ${kind} ${entity.name} has full administrative access (Action "*" on Resource "*") through ${label(p)}${
            members ? (members.length === 1 ? ', and so does its 1 member' : `, and so do its ${members.length} members`) : ''
          }.`,
          evidence,
          remediation: draft(
            `# Give ${entity.name} a policy scoped to its job first, then remove the admin grant:`,
            detachDraft(kind, entity.name, p),
          ),
        });
      }
    }
    // Customer managed admin policies attached to nothing: harmless today, one attach away from not being.
    for (const p of snap.policies) {
      if (p.awsManaged || p.attachmentCount > 0) continue;
      const statements = ownDenies(p.document, actions, ctx.now) ? [] : fullAdminStatements(p.document);
      const evidence = {
        policy: { type: 'managed', name: p.name, arn: p.arn, awsManaged: false },
        attachmentCount: 0,
        permissionsBoundaryUsageCount: p.permissionsBoundaryUsageCount,
        ...(statements.length ? { statements: statements.map((s) => ({ index: s.index, ...s.statement })) } : {}),
      };
      if (statements.length === 0) {
        out.push({ resourceArn: p.arn, status: 'PASS', message: `The unattached policy ${p.name} grants no full admin access.`, evidence });
        continue;
      }
      const boundary = p.permissionsBoundaryUsageCount > 0;
      out.push({
        resourceArn: p.arn,
        status: 'FAIL',
        // As a permissions boundary it grants nothing; "*" on "*" there only means "no ceiling".
        severity: boundary ? 'info' : 'low',
        message: boundary
          ? `The customer managed policy ${p.name} allows Action "*" on Resource "*"; it is attached to nothing and used as a permissions boundary ${p.permissionsBoundaryUsageCount} time${p.permissionsBoundaryUsageCount === 1 ? '' : 's'}, where it sets no limit.`
          : `The customer managed policy ${p.name} allows Action "*" on Resource "*"; it is attached to nothing yet.`,
        evidence,
        remediation: boundary
          ? '# Used as a permissions boundary: a boundary allowing * on * sets no limit. If a limit was intended, publish a narrower version (aws iam create-policy-version ... --set-as-default); otherwise nothing to do.'
          : draft(
              '# Delete it if nothing needs it (non-default versions must be deleted first):',
              `aws iam list-policy-versions --policy-arn ${sh(p.arn)}`,
              `aws iam delete-policy-version --policy-arn ${sh(p.arn)} --version-id <each non-default VersionId>`,
              `aws iam delete-policy --policy-arn ${sh(p.arn)}`,
            ),
      });
    }
    return out;
  },
};
