// JIT tuning for a batch run. Imported first by the entry points (src/entry/cli.ts, src/entry/lambda.ts) for its side effect.
//
// An audit runs ~40 checks, each looping once over thousands of users, roles and policies, and then renders the
// reports once. V8's default tier-up thresholds suit long-running servers: here they have TurboFan compile, on
// background threads, hundreds of functions whose loop is over soon after (with TurboFan off entirely, the analysis
// of the 10,000-role benchmark account takes a quarter less CPU and only a tenth more wall time). Raising the
// threshold 4x leaves TurboFan the code that stays hot (the policy set algebra, the rendering loops): measured on that
// account, analysis CPU -17% and wall -12% on Node 20, CPU -15% (wall about the same) on Node 22. The output is the
// same: only when code gets optimized changes.
//
// The knob differs by V8 version: Node 20 (V8 11.3) counts an interrupt budget, Node 22 (V8 12.4) invocations. A flag
// the user passed on the command line wins (ours is not set then).
import v8 from 'node:v8';

/** The flag to set on this V8, or undefined when it has neither knob (or the user set it). */
export function batchJitFlag(v8Version: string = process.versions.v8, execArgv: readonly string[] = process.execArgv): string | undefined {
  const [major = 0, minor = 0] = v8Version.split('.').map(Number);
  const flag =
    major >= 12
      ? { name: 'invocation-count-for-turbofan', value: 4 * 3000 } // default 3000
      : major === 11 && minor <= 3
        ? { name: 'interrupt-budget', value: 4 * 66 * 1024 } // default 66 KB
        : undefined; // other versions: not measured, left alone
  if (!flag) return undefined;
  const given = (arg: string) => arg.replace(/_/g, '-').startsWith(`--${flag.name}`);
  if (execArgv.some(given)) return undefined;
  return `--${flag.name}=${flag.value}`;
}

const flag = batchJitFlag();
if (flag) v8.setFlagsFromString(flag);
