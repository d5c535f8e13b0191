// Preloaded into a measured child (`node --import <this> ...`, see measured-run.ts): when the process exits, its own
// CPU time and peak RSS go to the file named by HARDENING_AUDIT_BENCH_USAGE (Node has no rusage of children).
import { writeFileSync } from 'node:fs';

const file = process.env.HARDENING_AUDIT_BENCH_USAGE;
if (file) {
  process.once('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssKiB: usage.maxRSS }));
  });
}
