// The IAM credential report: its CSV (AWS's exact columns and value tokens) and the Generate/Get state machine.
import type { RCert, RKey, ResolvedAccount } from './resolved.js';
import { AwsError } from './errors.js';
import { isoOffset } from './xml.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;
export const CREDENTIAL_REPORT_HEADER = CREDENTIAL_REPORT_COLUMNS.join(',');

const DAY = 86_400_000;

function keyCells(k: RKey | undefined): string[] {
  if (!k) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = k.lastUsed !== null;
  return [
    String(k.active),
    isoOffset(k.created),
    used ? isoOffset(k.lastUsed as number) : 'N/A',
    used ? k.lastUsedRegion : 'N/A',
    used ? k.lastUsedService : 'N/A',
  ];
}

function certCells(c: RCert | undefined): string[] {
  return c ? [String(c.active), isoOffset(c.lastRotated)] : ['false', 'N/A'];
}

function lastUsedCell(v: number | 'N/A' | 'no_information'): string {
  return typeof v === 'number' ? isoOffset(v) : v;
}

/** The report as IAM renders it: header line, `<root_account>` row, then one row per user; rows joined by "\n". */
export function credentialReportCsv(model: ResolvedAccount): string {
  const lines: string[] = [CREDENTIAL_REPORT_HEADER];
  const root = model.root;
  lines.push(
    [
      '<root_account>',
      root.arn,
      isoOffset(root.created),
      'not_supported',
      lastUsedCell(root.passwordLastUsed),
      'not_supported',
      'not_supported',
      String(root.mfa !== null),
      ...keyCells(root.keys[0]),
      ...keyCells(root.keys[1]),
      ...certCells(root.certs[0]),
      ...certCells(root.certs[1]),
    ].join(','),
  );
  const maxAge = model.passwordPolicy?.maxPasswordAge;
  for (const u of model.users) {
    const changed = u.passwordLastChanged;
    lines.push(
      [
        u.name,
        u.arn,
        isoOffset(u.created),
        String(u.console),
        lastUsedCell(u.passwordLastUsed),
        changed === null ? 'N/A' : isoOffset(changed),
        changed !== null && maxAge ? isoOffset(changed + maxAge * DAY) : 'N/A',
        String(u.mfa !== null),
        ...keyCells(u.keys[0]),
        ...keyCells(u.keys[1]),
        ...certCells(u.certs[0]),
        ...certCells(u.certs[1]),
      ].join(','),
    );
  }
  return lines.join('\n');
}

export interface CredentialReportOptions {
  /** Generate/Get calls after the starting GenerateCredentialReport before the report is ready (default 1). */
  pollsUntilReady?: number;
  /** Wall-clock milliseconds after the start before the report is ready (default 0). Both conditions must hold. */
  readyAfterMs?: number;
  /** 'absent' (default): no report until generated. 'complete': a fresh report already exists. */
  initial?: 'absent' | 'complete';
}

export type ReportState = 'absent' | 'generating' | 'complete' | 'expired';

export class CredentialReportState {
  state: ReportState;
  private polls = 0;
  private startedAt = 0;
  private csv: string | undefined;
  private generatedTime = 0;
  pollsUntilReady: number;
  readyAfterMs: number;

  constructor(options: CredentialReportOptions = {}) {
    this.pollsUntilReady = options.pollsUntilReady ?? 1;
    this.readyAfterMs = options.readyAfterMs ?? 0;
    this.state = options.initial === 'complete' ? 'complete' : 'absent';
  }

  configure(options: CredentialReportOptions): void {
    if (options.pollsUntilReady !== undefined) this.pollsUntilReady = options.pollsUntilReady;
    if (options.readyAfterMs !== undefined) this.readyAfterMs = options.readyAfterMs;
    if (options.initial !== undefined) this.reset(options.initial);
  }

  /** Forget any report ('absent'), or pretend one is ready now ('complete'). */
  reset(to: 'absent' | 'complete' = 'absent'): void {
    this.state = to;
    this.csv = undefined;
    this.polls = 0;
  }

  /** Make the existing report expired (older than four hours): Get → ReportExpired, Generate starts anew. */
  expire(): void {
    this.state = 'expired';
    this.csv = undefined;
  }

  generate(model: ResolvedAccount): { state: 'STARTED' | 'INPROGRESS' | 'COMPLETE'; description?: string } {
    switch (this.state) {
      case 'absent':
      case 'expired':
        this.state = 'generating';
        this.polls = 0;
        this.startedAt = Date.now();
        this.csv = credentialReportCsv(model);
        this.generatedTime = model.now;
        return { state: 'STARTED', description: 'No report exists. Starting a new report generation task' };
      case 'generating':
        this.polls++;
        if (this.ready()) {
          this.state = 'complete';
          return { state: 'COMPLETE' };
        }
        return { state: 'INPROGRESS' };
      case 'complete':
        return { state: 'COMPLETE' };
    }
  }

  get(model: ResolvedAccount): { csv: string; generatedTime: number } {
    switch (this.state) {
      case 'absent':
        throw new AwsError('ReportNotPresent', 410, 'Credential report not present. Use GenerateCredentialReport to generate a report.');
      case 'expired':
        throw new AwsError('ReportExpired', 410, 'Credential report has expired. Use GenerateCredentialReport to generate a new report.');
      case 'generating':
        this.polls++;
        if (!this.ready()) throw new AwsError('ReportInProgress', 404, 'Credential report generation is in progress.');
        this.state = 'complete';
        break;
      case 'complete':
        break;
    }
    if (this.csv === undefined) {
      this.csv = credentialReportCsv(model);
      this.generatedTime = model.now;
    }
    return { csv: this.csv, generatedTime: this.generatedTime };
  }

  private ready(): boolean {
    return this.polls >= this.pollsUntilReady && Date.now() - this.startedAt >= this.readyAfterMs;
  }
}
