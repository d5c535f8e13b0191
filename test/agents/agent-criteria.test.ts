import { describe, expect, it } from 'vitest';
import { AGENT_CRITERIA } from '../../src/agents/posture.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { agentCandidatesCheck } from '../../src/checks/agent/candidates.js';

describe('the AI agents section', () => {
  it('has one column per agent check of the run, named by the check objects', () => {
    const agentChecks = ALL_CHECKS.filter((c) => c.id.startsWith('agent.') && c !== agentCandidatesCheck).map((c) => c.id);
    expect(AGENT_CRITERIA.map((c) => c.checkId).sort()).toEqual([...agentChecks].sort());
  });
});
