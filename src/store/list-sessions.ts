/**
 * `sessions`: the index's sessions (read by `readSessionsIndex`) newest first, filtered, and as
 * a terminal table. Pure.
 */
import type {IndexLineRead} from '../model/index-line.js'
import type {DriftReason} from './session-drift.js'
import {renderTable} from '../render/table.js'

export interface SessionFilter {
  failed?: boolean
  crashed?: boolean
  anomalies?: boolean
  drift?: boolean
  comm?: string
  /** Only sessions whose cause_of_death verdict is this (docs/cause-of-death.md). */
  cause?: string
  /** Epoch ms: sessions that started at or after it. */
  sinceMs?: number
  limit?: number
}

/** Newest first (by timestamp; lines without one sort last, later lines first on ties). */
export function filterSessions<T extends IndexLineRead & {drift_by?: DriftReason[]}>(lines: readonly T[], f: SessionFilter): T[] {
  const picked = lines
    .map((line, i) => ({line, i, ms: line.timestamp === undefined ? NaN : Date.parse(line.timestamp)}))
    .filter(({line, ms}) => {
      if (f.failed && line.success !== false) return false
      if (f.crashed && line.subtype !== 'crashed') return false
      if (f.anomalies && !((line.anomaly_count ?? 0) > 0)) return false
      // One meaning of drift (session-drift.ts): lines without drift_by fall back to the flag alone.
      if (f.drift && !(line.drift_by !== undefined ? line.drift_by.length > 0 : line.tracked_comm_drift === true)) return false
      if (f.comm !== undefined && line.tracked_comm !== f.comm) return false
      if (f.cause !== undefined && line.cause_of_death !== f.cause) return false
      if (f.sinceMs !== undefined && !(ms >= f.sinceMs)) return false
      return true
    })
    .sort((a, b) => (Number.isNaN(b.ms) ? -Infinity : b.ms) - (Number.isNaN(a.ms) ? -Infinity : a.ms) || b.i - a.i)
    .map(({line}) => line)
  return f.limit === undefined ? picked : picked.slice(0, f.limit)
}

/** A readable table, one session per line. The CAUSE column appears once any listed session has a cause of death. */
export function renderSessionTable(lines: ReadonlyArray<IndexLineRead & {drift_by?: DriftReason[]}>): string {
  const withCause = lines.some((l) => l.cause_of_death !== undefined)
  const head = ['STARTED', 'SUBTYPE', 'EXIT', ...(withCause ? ['CAUSE'] : []), 'SNAPS', 'ANOM', 'PEAK RSS KB', 'COMM', 'DIR']
  const rows = lines.map((l) => [
    l.timestamp ?? '-',
    l.subtype ?? '-',
    l.exit_code === undefined || l.exit_code === null ? '-' : String(l.exit_code),
    ...(withCause ? [l.cause_of_death ?? '-'] : []),
    String(l.snapshot_count ?? '-'),
    String(l.anomaly_count ?? '-'),
    String(l.peak_rss_kb ?? '-'),
    (l.tracked_comm ?? '-') + driftNote(l),
    l.dir_name,
  ])
  return renderTable(head, rows).join('\n')
}

function driftNote(l: IndexLineRead & {drift_by?: DriftReason[]}): string {
  const reasons = l.drift_by ?? (l.tracked_comm_drift ? ['tracked_comm_drift'] : [])
  if (reasons.includes('identity_drift')) return ' (identity drift)'
  return reasons.length > 0 ? ' (drift)' : ''
}
