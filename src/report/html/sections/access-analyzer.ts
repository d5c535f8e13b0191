// The IAM Access Analyzer section of the HTML report: the analyzers' findings beside ours, disagreements first.
import type { AccessAnalyzerRow, AnalyzerComparison, AuditReport, OurVerdict } from '../../model.js';
import { dateView, plural } from '../common.js';

export interface AccessAnalyzerRowView {
  comparison: string;
  statusClass: string;
  findingType: string;
  resource: string;
  resourceType: string;
  where: string;
  created: string;
  updated: string;
  ours: string;
  linked: string;
  note: string;
  evidence: string | null;
}

export interface AccessAnalyzerView {
  summaryText: string;
  analyzersText: string;
  incomplete: Array<{ text: string }>;
  rows: AccessAnalyzerRowView[];
}

const COMPARISON_VIEW: Record<AnalyzerComparison, { text: string; statusClass: string }> = {
  DISAGREE: { text: 'disagree', statusClass: 'fail' },
  UNKNOWN: { text: 'unknown', statusClass: 'na' },
  AGREE: { text: 'agree', statusClass: 'pass' },
  NOT_COMPARABLE: { text: 'not compared', statusClass: 'none' },
};

const VERDICT_TEXT: Record<OurVerdict, string> = {
  PASS: 'passed',
  FAIL: 'failed',
  NOT_ASSESSED: 'not assessed',
  NOT_APPLICABLE: 'not applicable',
  NOT_JUDGED: 'not judged',
  NOT_RUN: 'excluded',
  NONE: 'no check of ours',
};

function rowView(r: AccessAnalyzerRow): AccessAnalyzerRowView {
  const c = COMPARISON_VIEW[r.comparison];
  const side = r.disagreement === 'analyzer-only' ? ': only Access Analyzer' : r.disagreement === 'ours-only' ? ': only ours' : '';
  return {
    comparison: `${c.text}${side}`,
    statusClass: c.statusClass,
    findingType: r.findingType,
    resource: r.resource,
    resourceType: r.resourceType,
    where: r.analyzer ? `${r.analyzer.name} (${r.analyzer.region})` : `silent: ${(r.silentAnalyzers ?? []).map((a) => a.slice(a.lastIndexOf('/') + 1)).join(', ')}`,
    created: r.analyzer ? dateView(r.analyzer.createdAt).text : '—',
    updated: r.analyzer ? dateView(r.analyzer.updatedAt).text : '—',
    ours: r.checks.length ? `${r.checks.join(', ')}: ${VERDICT_TEXT[r.ourVerdict]}` : VERDICT_TEXT[r.ourVerdict],
    linked: r.linkedFindings.join(', '),
    note: r.note,
    evidence: r.ourEvidence && Object.keys(r.ourEvidence).length ? JSON.stringify(r.ourEvidence, null, 2) : null,
  };
}

export function accessAnalyzerView(report: AuditReport): AccessAnalyzerView | null {
  const section = report.accessAnalyzer;
  if (!section) return null;
  const { counts } = section;
  const active = section.analyzers.filter((a) => a.status === 'ACTIVE');
  return {
    summaryText: `${plural(counts.disagreements, 'disagreement')}, ${plural(counts.imported, 'finding')} imported, ${counts.linked} linked to ours${counts.unknown ? `, ${counts.unknown} unknown` : ''}${section.incomplete.length ? ', lists incomplete' : ''}`,
    analyzersText: active.length
      ? `Active analyzers: ${active.map((a) => `${a.name} (${a.type}, ${a.region}${a.findingsComplete ? '' : ', findings incomplete'})`).join('; ')}.`
      : 'No analyzer is active: nothing was compared.',
    incomplete: section.incomplete.map((g) => ({ text: `${g.api} failed: ${g.error}${g.message ? ` (${g.message})` : ''}${g.resource ? ` [${g.resource}]` : ''}` })),
    rows: section.rows.map(rowView),
  };
}
