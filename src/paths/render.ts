// The attack paths as the CLI prints them: JSON (the documented shape) or one block per principal, one line per hop.
import type { Grant } from './permission.js';
import type { AttackPath } from './query.js';

export interface PathJson {
  principal: string;
  target: string;
  conditional: boolean;
  hops: { from: string; to: string; method: string; title: string; conditional: boolean; grantedBy: Grant[] }[];
}

export function pathsJson(paths: readonly AttackPath[]): PathJson[] {
  return paths.map((p) => ({
    principal: p.principal,
    target: p.target,
    conditional: p.conditional,
    hops: p.hops.map((h) => ({ from: h.from, to: h.to, method: h.method, title: h.title, conditional: h.conditional, grantedBy: h.grantedBy })),
  }));
}

export function describeGrant(g: Grant): string {
  const statement = g.sid ? `statement "${g.sid}"` : `statement #${g.index}`;
  const where = g.layer === 'trust' ? g.policy : `${g.layer === 'identity' ? '' : `${g.layer} `}${g.policy}${g.via ? ` (${g.via})` : ''}`;
  const condition = g.condition ? ` if ${JSON.stringify(g.condition)}` : '';
  return `${g.effect === 'Deny' ? 'unless ' : ''}${g.action} on ${g.resource}: ${where}, ${statement}${condition}`;
}

export function renderPathsText(paths: readonly AttackPath[], target: string): string {
  if (paths.length === 0) return `No principal reaches ${target}.\n`;
  const blocks = paths.map((p) => {
    const n = p.hops.length;
    const lines = [`${p.principal} -> ${p.target}: ${n} hop${n === 1 ? '' : 's'}${p.conditional ? ', conditional' : ''}`];
    p.hops.forEach((h, i) => {
      lines.push(`  ${i + 1}. ${h.from} -> ${h.to} [${h.method}]${h.conditional ? ' (conditional)' : ''}`);
      for (const g of h.grantedBy) lines.push(`       ${describeGrant(g)}`);
    });
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
