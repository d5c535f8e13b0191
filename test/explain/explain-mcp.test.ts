// `explain --via-mcp`: the call as forwarded by an AWS-managed MCP server (the MCP keys in the request context).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/entry/cli/main.js';
import { explain, renderExplainText } from '../../src/explain/explain.js';
import { snapshot } from '../fixtures/snapshot-builder.js';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const io = useFakeAwsEnvironment();

function account() {
  return snapshot()
    .managedPolicy('agent-boundary', doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'NoDeletesViaMcp', Effect: 'Deny', Action: ['s3:DeleteBucket', 'ec2:TerminateInstances'], Resource: '*', Condition: { Bool: { 'aws:ViaAWSMCPService': 'true' } } }))
    .role('agent', { tags: { Purpose: 'ai-agent' }, inline: { admin: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }, boundary: 'agent-boundary' })
    .build();
}

describe('explain --via-mcp', () => {
  it('direct: allowed; through MCP: the MCP-keyed Deny of the boundary decides', () => {
    const snap = account();
    expect(explain(snap, { principal: 'agent', actions: ['s3:DeleteBucket'] }).rows[0]).toMatchObject({ decision: 'ALLOWED', decidedBy: 'identity' });
    const viaMcp = explain(snap, { principal: 'agent', actions: ['s3:DeleteBucket'], viaMcp: 'aws-mcp.amazonaws.com' });
    expect(viaMcp.rows[0]).toMatchObject({ decision: 'EXPLICITLY_DENIED', decidedBy: 'boundary', mcpKeyedDeny: true, statements: [{ policy: 'agent-boundary', sid: 'NoDeletesViaMcp' }] });
    const text = renderExplainText(viaMcp);
    expect(text).toContain('Called through the AWS-managed MCP server aws-mcp.amazonaws.com (aws:ViaAWSMCPService=true, aws:CalledViaAWSMCP=aws-mcp.amazonaws.com)');
    expect(text).toContain('explicitly denied by permissions boundary agent-boundary, statement "NoDeletesViaMcp" (a Deny keyed on the MCP condition keys)');
  });

  it('a Deny without MCP keys is not marked as MCP-keyed', () => {
    const snap = snapshot().role('agent', { inline: { p: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }) } }).build();
    const row = explain(snap, { principal: 'agent', actions: ['s3:DeleteBucket'], viaMcp: 'aws-mcp.amazonaws.com' }).rows[0];
    expect(row).toMatchObject({ decision: 'EXPLICITLY_DENIED' });
    expect(row?.mcpKeyedDeny).toBeUndefined();
  });

  it('the CLI flag sets the keys (default server aws-mcp.amazonaws.com, or the one given) for a table of actions', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ha-explain-mcp-')), 'mcp.snapshot.json');
    writeFileSync(file, JSON.stringify(account()));
    const cli = (...args: string[]) => main(['node', 'hardening-audit', 'explain', '--snapshot', file, '--principal', 'agent', '-q', ...args]);
    expect(await cli('--action', 's3:DeleteBucket', '--action', 's3:GetObject', '--via-mcp')).toBe(0);
    expect(io.stdout).toMatch(/s3:DeleteBucket\s+EXPLICITLY DENIED\s+permissions boundary\s+agent-boundary\/NoDeletesViaMcp \(MCP-keyed\)/);
    expect(io.stdout).toMatch(/s3:GetObject\s+ALLOWED/);
    io.stdout = '';
    expect(await cli('--action', 's3:DeleteBucket', '--via-mcp', 'eks-mcp.amazonaws.com', '--json')).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({ viaMcp: 'eks-mcp.amazonaws.com', rows: [{ decision: 'EXPLICITLY_DENIED', mcpKeyedDeny: true }] });
  });
});
