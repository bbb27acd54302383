/**
 * The `analyze --json` document: `{summary, anomalies, trends, input}`. Field names follow the
 * on-disk formats (snake_case); this is the contract scripts read, so it only ever grows.
 */
import type {Anomaly} from '../model/anomaly.js'
import {causeOfDeathOf, memoryLimitKbOf, type CauseOfDeath} from '../model/cause-of-death.js'
import {severityRank} from '../model/anomaly.js'
import type {SkippedLine} from '../model/skipped-line.js'
import type {FieldIssue} from './field-checker.js'
import {summaryFieldsOf, type Analysis} from './trace-analyzer.js'
import type {Trends} from './trends.js'
import type {SessionSignalsView, SignalRecord} from '../model/signal-record.js'

export interface KindCount {
  kind: string
  severity: string
  count: number
  first_seq: number
  last_seq: number
}

export interface AnalyzeResult {
  summary: {pid: number} & ReturnType<typeof summaryFieldsOf> &
    Pick<Analysis, 'modal_comm' | 'expected_comm' | 'comm_counts' | 'first_ts' | 'last_ts' | 'duration_seconds'> & {
      identity_drift: boolean
      anomalies_by_kind: KindCount[]
      /** Rows that were the launch of the workload, not the workload (docs/formats.md). */
      launch_rows: number
    }
  anomalies: Anomaly[]
  trends: Trends
  input: {
    path: string
    kind: string
    trace_path: string
    lines: number
    snapshots: number
    skipped: SkippedLine[]
    skipped_count: number
    torn_tail: boolean
    field_issues: FieldIssue[]
    field_issue_count: number
    warnings: string[]
  }
  written?: string[]
  /** signal-sender: the signals the workload received (signals.jsonl) and who sent the fatal one. */
  signals?: SignalsResult
  /** From the session's summary.json, when it has one (docs/cause-of-death.md). */
  cause_of_death?: CauseOfDeath
  /** The workload's memory cgroup limit in KiB, when the summary recorded one (for charts). */
  memory_limit_kb?: number
}

export interface SignalsResult {
  /** traced, partial, unavailable; `unknown` for a session that predates signal tracing. */
  status: string
  count: number
  sender: string | null
  reason?: string
  fix?: string
  records: SignalRecord[]
}

function signalsResult(view: SessionSignalsView): SignalsResult {
  const t = view.trace
  return {
    status: t?.status ?? 'unknown',
    count: view.records.length,
    sender: t?.sender ?? null,
    ...(t?.reason === undefined ? {} : {reason: t.reason}),
    ...(t?.fix === undefined ? {} : {fix: t.fix}),
    records: view.records,
  }
}

/** What `toAnalyzeResult` needs of one streaming pass over an input (input/analyze-input.ts). */
export interface AnalysisRun {
  pid: number
  analysis: Analysis
  /** `summary`: the session's summary.json when the input is a session (its cause of death is shown). */
  input: {path: string; kind: string; tracePath: string; warnings: string[]; summary?: object | undefined}
  stats: {lines: number; records: number; skipped: SkippedLine[]; skippedCount: number; tornTail: boolean}
  /** signal-sender: the signals the input carries, if any. */
  signals?: SessionSignalsView
}

export function toAnalyzeResult(r: AnalysisRun): AnalyzeResult {
  const a = r.analysis
  const raw = r.input.summary as Record<string, unknown> | undefined
  const cause = causeOfDeathOf(raw)
  const limitKb = memoryLimitKbOf(raw)
  return {
    ...(cause === undefined ? {} : {cause_of_death: cause}),
    ...(limitKb === undefined ? {} : {memory_limit_kb: limitKb}),
    summary: {
      pid: r.pid,
      ...summaryFieldsOf(a),
      modal_comm: a.modal_comm,
      expected_comm: a.expected_comm,
      identity_drift: a.anomalies.some((x) => x.kind === 'identity_drift'),
      comm_counts: a.comm_counts,
      first_ts: a.first_ts,
      last_ts: a.last_ts,
      duration_seconds: a.duration_seconds,
      anomalies_by_kind: countByKind(a.anomalies),
      launch_rows: a.launch_rows,
    },
    anomalies: a.anomalies,
    trends: a.trends,
    input: {
      path: r.input.path,
      kind: r.input.kind,
      trace_path: r.input.tracePath,
      lines: r.stats.lines,
      snapshots: r.stats.records,
      skipped: r.stats.skipped,
      skipped_count: r.stats.skippedCount,
      torn_tail: r.stats.tornTail,
      field_issues: a.field_issues,
      field_issue_count: a.field_issue_count,
      warnings: r.input.warnings,
    },
    ...(r.signals === undefined ? {} : {signals: signalsResult(r.signals)}),
  }
}

/** Anomalies grouped by kind, most severe first, then by first appearance. */
export function countByKind(anomalies: readonly Anomaly[]): KindCount[] {
  const byKind = new Map<string, KindCount>()
  for (const a of anomalies) {
    const entry = byKind.get(a.kind)
    if (entry === undefined) byKind.set(a.kind, {kind: a.kind, severity: a.severity, count: 1, first_seq: a.seq, last_seq: a.seq})
    else {
      entry.count++
      entry.first_seq = Math.min(entry.first_seq, a.seq)
      entry.last_seq = Math.max(entry.last_seq, a.seq)
    }
  }
  return [...byKind.values()].sort((x, y) => severityRank(y.severity) - severityRank(x.severity) || x.first_seq - y.first_seq)
}

/** The worst severity rank among the anomalies (0 when none). */
export function worstSeverityRank(anomalies: readonly Anomaly[]): number {
  return anomalies.reduce((worst, a) => Math.max(worst, severityRank(a.severity)), 0)
}
