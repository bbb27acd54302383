/**
 * `sessions`: the index (sessions.jsonl) newest first, filtered. Reading tolerates torn and
 * garbage lines (counted, reported once by the command); `filterSessions` is pure.
 */
import {IndexLineReadSchema, type IndexLineRead} from '../model/index-line.js'
import {readIndex} from './session-index.js'
import {escapeLine} from '../render/terminal-text.js'

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
export function filterSessions(lines: readonly IndexLineRead[], f: SessionFilter): IndexLineRead[] {
  const picked = lines
    .map((line, i) => ({line, i, ms: line.timestamp === undefined ? NaN : Date.parse(line.timestamp)}))
    .filter(({line, ms}) => {
      if (f.failed && line.success !== false) return false
      if (f.crashed && line.subtype !== 'crashed') return false
      if (f.anomalies && !((line.anomaly_count ?? 0) > 0)) return false
      if (f.drift && line.tracked_comm_drift !== true) return false
      if (f.comm !== undefined && line.tracked_comm !== f.comm) return false
      if (f.sinceMs !== undefined && !(ms >= f.sinceMs)) return false
      return true
    })
    .sort((a, b) => (Number.isNaN(b.ms) ? -Infinity : b.ms) - (Number.isNaN(a.ms) ? -Infinity : a.ms) || b.i - a.i)
    .map(({line}) => line)
  return f.limit === undefined ? picked : picked.slice(0, f.limit)
}

/** A readable table, one session per line. */
export function renderSessionTable(lines: readonly IndexLineRead[]): string {
  const head = ['STARTED', 'SUBTYPE', 'EXIT', 'SNAPS', 'ANOM', 'PEAK RSS KB', 'COMM', 'DIR']
  const rows = lines.map((l) => [
    l.timestamp ?? '-',
    l.subtype ?? '-',
    l.exit_code === undefined || l.exit_code === null ? '-' : String(l.exit_code),
    String(l.snapshot_count ?? '-'),
    String(l.anomaly_count ?? '-'),
    String(l.peak_rss_kb ?? '-'),
    (l.tracked_comm ?? '-') + (l.tracked_comm_drift ? ' (drift)' : ''),
    l.dir_name,
  ].map(escapeLine))
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')
  return [fmt(head), ...rows.map(fmt)].join('\n')
}
