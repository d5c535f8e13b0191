// NOT_APPLICABLE beyond the account report: the org report's per-account and per-check counts, and the resource index
// the diff uses to tell "resource gone" from "check stopped seeing it".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/pipeline/audit.js';
import { accountEntry, OrgReportBuilder } from '../../src/org/summary.js';
import { resourceExistsIn } from '../../src/pipeline/resource-index.js';
import { renderOrgHtml } from '../../src/report/html/org-html.js';
import { renderOrgJson } from '../../src/report/json/org-json.js';
import { ACCOUNT, snapshot } from '../fixtures/snapshot-builder.js';
import { C } from '../fixtures/report.js';
import { notApplicableReport } from '../fixtures/not-applicable.js';
import { orgModel } from '../fixtures/organization.js';

const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../org-report-schema.json'), 'utf8')));
const errorsOf = (v: unknown) => (validate(v) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const model = orgModel();

describe('organization report', () => {
  it('names NOT_APPLICABLE checks per account and counts the accounts per check; they make no account incomplete', () => {
    const b = new OrgReportBuilder(model, { assumeRole: 'HardeningAudit', accountsInOrganization: 2, productionOus: [] }, []);
    // Account 1: the agent check had nothing to judge. Account 2: it failed.
    const none = notApplicableReport();
    const failing = notApplicableReport();
    failing.checks[1] = { ...failing.checks[1], status: 'FAIL', evaluated: 1, failed: 1 };
    delete failing.checks[1].reason;
    failing.findings.push({ ...failing.findings[0], id: 'aaaaaaaaaaaaaaaa', checkId: C.agentEscalation.id, severity: 'high' });
    expect(exitCodeFor(none, 'high')).toBe(0);
    const e1 = accountEntry(none, { id: '111111111111', name: 'one', ouPath: 'Root' }, exitCodeFor(none, 'high'), [], []);
    const e2 = accountEntry(failing, { id: '222222222222', name: 'two', ouPath: 'Root' }, 1, [], []);
    b.addAudited(e1, none);
    b.addAudited(e2, failing);
    const r = b.build('2026-11-25T00:00:00.000Z', []);
    expect(e1.notApplicableChecks).toEqual([C.agentEscalation.id]);
    expect(e2.notApplicableChecks).toEqual([]);
    const agent = r.byCheck.find((c) => c.checkId === C.agentEscalation.id);
    expect(agent).toMatchObject({ findings: 1, accounts: 1, notAssessedAccounts: 0, notApplicableAccounts: 1 });
    expect(r.summary.accounts.incomplete).toBe(0);
    expect(errorsOf(JSON.parse(renderOrgJson(r)))).toEqual([]);
    const html = renderOrgHtml(r);
    expect(html).toContain('Accounts not applicable');
  });
});

describe('resourceExistsIn (the diff\'s "is the resource gone?")', () => {
  const snap = () =>
    snapshot()
      .role('agent-runner', { managed: [] })
      .user('alice');

  it('knows the entities of the snapshot and the root; a deleted role is gone', () => {
    const exists = resourceExistsIn(snap().build());
    expect(exists(`arn:aws:iam::${ACCOUNT}:role/agent-runner`)).toBe(true);
    expect(exists(`arn:aws:iam::${ACCOUNT}:user/alice`)).toBe(true);
    expect(exists(`arn:aws:iam::${ACCOUNT}:root`)).toBe(true);
    expect(exists(`arn:aws:iam::${ACCOUNT}:role/deleted-agent`)).toBe(false);
  });

  it('with a part of the account not collected, nothing is known to be gone', () => {
    const exists = resourceExistsIn(snap().gap('roles', 'AccessDenied', 'iam:GetAccountAuthorizationDetails').build());
    expect(exists(`arn:aws:iam::${ACCOUNT}:role/deleted-agent`)).toBe(true);
  });
});
