/**
 * summary.json for a finalized session (docs/formats.md §5), from the caller's facts and the analysis.
 * Pure.
 */
import {summaryFieldsOf, type Analysis} from '../analyze/trace-analyzer.js'
import {roundTo} from '../analyze/round.js'
import {TRACER_TARGET_RESOLUTION_VERSION, type Summary, type TerminationReason} from '../model/summary.js'

export interface SummaryFacts {
  sessionId: string
  dirName: string
  pid: number
  cwd: string
  skillCommand: string
  success: boolean
  subtype: string
  exitCode: number | null
  startTs: string
  /** null: the session's end is its last snapshot (crash recovery); see durationOf. */
  endTs: string | null
  terminationReason: TerminationReason
  killReason?: string | null | undefined
  snapshotIntervalSeconds: number | null
  extraSummary?: Record<string, unknown> | undefined
}

export function buildSummary(facts: SummaryFacts, analysis: Analysis): Summary & Record<string, unknown> {
  const endTs = facts.endTs ?? analysis.last_ts
  return {
    // Extra fields first: they may add to the summary, never replace a field of the original format.
    ...facts.extraSummary,
    session_id: facts.sessionId,
    dir_name: facts.dirName,
    pid: facts.pid,
    cwd: facts.cwd,
    skill_command: facts.skillCommand,
    success: facts.success,
    subtype: facts.subtype,
    exit_code: facts.exitCode,
    start_ts: facts.startTs,
    end_ts: endTs,
    duration_seconds: durationOf(facts, analysis),
    snapshot_interval_seconds: facts.snapshotIntervalSeconds,
    ...summaryFieldsOf(analysis),
    termination_reason: facts.terminationReason,
    kill_reason: facts.killReason ?? null,
    tracer_target_resolution_version: TRACER_TARGET_RESOLUTION_VERSION,
    // --- drift (issue 9; docs/formats.md): the anomaly, beside the original flag, so the index can say it ---
    identity_drift: analysis.anomalies.some((a) => a.kind === 'identity_drift'),
  }
}

/**
 * end − start when the caller knows the end. Without an end (a crashed session, whose start_ts
 * is the trace file's mtime, i.e. roughly its last write), start → end would be ~0: the span of
 * the snapshots themselves is the useful duration then.
 */
export function durationOf(facts: Pick<SummaryFacts, 'startTs' | 'endTs'>, analysis: Pick<Analysis, 'duration_seconds'>): number | null {
  if (facts.endTs === null) return analysis.duration_seconds === null ? null : roundTo(analysis.duration_seconds, 3)
  const start = Date.parse(facts.startTs)
  const end = Date.parse(facts.endTs)
  if (Number.isNaN(start) || Number.isNaN(end)) return null
  return roundTo(Math.max(0, end - start) / 1000, 3)
}
