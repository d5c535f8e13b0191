// The JIT threshold the entry points set: the right knob for each V8, and never over a flag the user gave.
import { describe, expect, it } from 'vitest';
import { batchJitFlag } from '../../src/entry/batch-jit.js';

describe('batchJitFlag', () => {
  it('raises the tier-up threshold 4x with the knob this V8 has', () => {
    expect(batchJitFlag('11.3.244.8-node.33', [])).toBe('--interrupt-budget=270336');
    expect(batchJitFlag('12.4.254.21-node.57', [])).toBe('--invocation-count-for-turbofan=12000');
    expect(batchJitFlag('13.6.233.10-node.24', [])).toBe('--invocation-count-for-turbofan=12000');
  });

  it('leaves versions it was not measured on alone', () => {
    expect(batchJitFlag('11.8.172.17-node.19', [])).toBeUndefined();
    expect(batchJitFlag('10.2.154.26-node.26', [])).toBeUndefined();
  });

  it('does not override the flag when the user passed it (either spelling)', () => {
    expect(batchJitFlag('12.4.254.21-node.57', ['--invocation-count-for-turbofan=100'])).toBeUndefined();
    expect(batchJitFlag('11.3.244.8-node.33', ['--enable-source-maps', '--interrupt_budget=1000'])).toBeUndefined();
    expect(batchJitFlag('11.3.244.8-node.33', ['--enable-source-maps'])).toBe('--interrupt-budget=270336');
  });

  it('is set on the V8 running these tests (Node 20 or 22)', () => {
    expect(batchJitFlag(process.versions.v8, [])).toMatch(/^--(interrupt-budget|invocation-count-for-turbofan)=\d+$/);
  });
});
