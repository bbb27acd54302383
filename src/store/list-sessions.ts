/**
 * `sessions`: the index (sessions.jsonl) newest first, filtered. Reading tolerates torn and
 * garbage lines (counted, reported once by the command); `filterSessions` is pure.
 */
import {IndexLineReadSchema, type IndexLineRead} from '../model/index-line.js'
import {readIndex} from './session-index.js'
import {driftReasons, readIdentityDrift, type DriftReason} from './session-drift.js'

/** An index line as `sessions` lists it: with why it counts as drifted (session-drift.ts). */
export type ListedSession = IndexLineRead & {drift_by: DriftReason[]}

export interface SessionFilter {
  failed?: boolean
  crashed?: boolean
  anomalies?: boolean
  drift?: boolean
  comm?: string
  /** Epoch ms: sessions that started at or after it. */
  sinceMs?: number
  limit?: number
}

export interface IndexRead {
  lines: IndexLineRead[]
  /** Lines that are not JSON objects, lack dir_name, or are torn. */
  badLines: number
  firstBadLine: number | undefined
}

/** Adds `drift_by` to each line: the flag, the identity_drift anomaly, both or neither. */
export async function withDrift(logDir: string, lines: readonly IndexLineRead[]): Promise<ListedSession[]> {
  return Promise.all(lines.map(async (line) => ({...line, drift_by: driftReasons(line, await readIdentityDrift(logDir, line))})))
}

export async function readSessionIndex(logDir: string): Promise<IndexRead> {
  const {entries, stats} = await readIndex(logDir)
  const lines: IndexLineRead[] = []
  let badLines = (stats?.skippedCount ?? 0) + (stats?.tornTail ? 1 : 0)
  let firstBadLine = stats?.skipped[0]?.line ?? (stats?.tornTail ? stats.lines : undefined)
  for (const {record, line} of entries) {
    const parsed = IndexLineReadSchema.safeParse(record)
    if (parsed.success) lines.push(parsed.data)
    else {
      badLines++
      if (firstBadLine === undefined || line < firstBadLine) firstBadLine = line
    }
  }
  return {lines, badLines, firstBadLine}
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
      if (f.sinceMs !== undefined && !(ms >= f.sinceMs)) return false
      return true
    })
    .sort((a, b) => (Number.isNaN(b.ms) ? -Infinity : b.ms) - (Number.isNaN(a.ms) ? -Infinity : a.ms) || b.i - a.i)
    .map(({line}) => line)
  return f.limit === undefined ? picked : picked.slice(0, f.limit)
}

/** A readable table, one session per line. */
export function renderSessionTable(lines: ReadonlyArray<IndexLineRead & {drift_by?: DriftReason[]}>): string {
  const head = ['STARTED', 'SUBTYPE', 'EXIT', 'SNAPS', 'ANOM', 'PEAK RSS KB', 'COMM', 'DIR']
  const rows = lines.map((l) => [
    l.timestamp ?? '-',
    l.subtype ?? '-',
    l.exit_code === undefined || l.exit_code === null ? '-' : String(l.exit_code),
    String(l.snapshot_count ?? '-'),
    String(l.anomaly_count ?? '-'),
    String(l.peak_rss_kb ?? '-'),
    (l.tracked_comm ?? '-') + driftNote(l),
    l.dir_name,
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')
  return [fmt(head), ...rows.map(fmt)].join('\n')
}

function driftNote(l: IndexLineRead & {drift_by?: DriftReason[]}): string {
  const reasons = l.drift_by ?? (l.tracked_comm_drift ? ['tracked_comm_drift'] : [])
  if (reasons.includes('identity_drift')) return ' (identity drift)'
  return reasons.length > 0 ? ' (drift)' : ''
}
