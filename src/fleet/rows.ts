/**
 * Pure conversions from the log dir's files to the fleet tables' JSONEachRow lines (columns in
 * schema.ts). Each keeps the original text (`row`, `record`, `index_line`, `summary`) beside the
 * typed columns, so a shipped session can be read back exactly as it was on disk.
 *
 * Timestamps: ClickHouse 18.16 has no DateTime64, so `2026-04-13T11:04:43.123456+00:00` becomes
 * `ts` = 1776078283 (DateTime, UTC) and `ts_us` = 123456.
 */
import {countField, intField, stringField, timestampOf, type Row} from '../model/snapshot-fields.js'
import {timestampMs} from '../model/timestamp.js'

export interface SplitTime {
  sec: number
  us: number
}

/** `…:43.123456+00:00` → {sec, us}; undefined when the text is not a timestamp. */
export function splitTimestamp(text: string): SplitTime | undefined {
  const ms = timestampMs(text)
  if (ms === undefined) return undefined
  const sec = Math.floor(ms / 1000)
  let us = (ms - sec * 1000) * 1000
  // timestampMs keeps milliseconds; the 4th to 6th fraction digits are read here.
  if (text.charCodeAt(19) === 46) {
    let i = 20
    let digits = 0
    let fraction = 0
    for (; i < text.length && digits < 6; i++, digits++) {
      const c = text.charCodeAt(i) - 48
      if (c < 0 || c > 9) break
      fraction = fraction * 10 + c
    }
    if (digits > 0) us = fraction * 10 ** (6 - digits)
  }
  return {sec: Math.max(0, sec), us}
}

/** The part every row of one session shares: `{"host":…,"dir_name":…,"version":…,`. */
export function rowPrefix(host: string, dirName: string, version: number): string {
  return `{"host":${JSON.stringify(host)},"dir_name":${JSON.stringify(dirName)},"version":${version},`
}

/**
 * The `snapshots` columns in the order `snapshotLine` writes them. Snapshot rows go as
 * TabSeparated, not JSONEachRow: the raw line then needs escaping only where it holds a
 * backslash (rare), where JSON.stringify escapes every quote of it, and the server parses TSV
 * faster too (bench/ship.js).
 */
export const SNAPSHOT_INSERT_COLUMNS = ['host', 'dir_name', 'version', 'seq', 'ts', 'ts_us', 'comm', 'state', 'vm_rss_kb', 'threads', 'fd_count', 'fd_soft_limit', 'oom_score', 'cpu_percent', 'row'] as const

/** A TSV field: backslash, tab and newline escaped (ClickHouse's TabSeparated rules). */
export function tsvField(text: string): string {
  if (text.indexOf('\\') < 0 && text.indexOf('\t') < 0 && text.indexOf('\n') < 0) return text
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')
}

/** The TSV fields every row of one session starts with: host, dir_name, version. */
export function tsvPrefix(host: string, dirName: string, version: number): string {
  return `${tsvField(host)}\t${tsvField(dirName)}\t${version}\t`
}

const tsvNum = (v: number | undefined): string => (v === undefined ? '\\N' : String(v))

/**
 * One `snapshots` row (TSV, SNAPSHOT_INSERT_COLUMNS). `ordinal` is the row's index among the
 * valid rows of its file: the key when the row has no `seq` of its own. `fallback` is the
 * session's start (a row without a readable time still needs one for its partition).
 */
export function snapshotLine(prefix: string, text: string, row: Row, ordinal: number, fallback: SplitTime): string {
  const seq = countField(row, 'seq') ?? ordinal
  const stamp = timestampOf(row)
  const t = (stamp === undefined ? undefined : splitTimestamp(stamp)) ?? fallback
  const cpu = row['cpu_percent']
  const oom = intField(row, 'oom_score')
  return (
    `${prefix}${seq}\t${t.sec}\t${t.us}\t${tsvField(stringField(row, 'comm') ?? '')}\t${tsvField(stringField(row, 'state') ?? '')}\t` +
    `${tsvNum(countField(row, 'vm_rss_kb'))}\t${tsvNum(countField(row, 'threads'))}\t${tsvNum(countField(row, 'fd_count'))}\t` +
    `${tsvNum(countField(row, 'fd_soft_limit'))}\t${tsvNum(oom !== undefined && oom >= -(2 ** 31) && oom < 2 ** 31 ? oom : undefined)}\t` +
    `${typeof cpu === 'number' && Number.isFinite(cpu) ? cpu : '\\N'}\t${tsvField(text)}\n`
  )
}

/** One `anomalies` line; `line` is its 0-based index in anomalies.jsonl. */
export function anomalyLine(prefix: string, text: string, record: Row, line: number, fallback: SplitTime): string {
  const stamp = stringField(record, 'ts')
  const t = (stamp === undefined ? undefined : splitTimestamp(stamp)) ?? fallback
  const detail = record['detail']
  return (
    `${prefix}"line":${line},"seq":${countField(record, 'seq') ?? 0},"kind":${JSON.stringify(stringField(record, 'kind') ?? '')},` +
    `"severity":${JSON.stringify(stringField(record, 'severity') ?? '')},"ts":${t.sec},"ts_us":${t.us},"pid":${intField(record, 'pid') ?? 0},` +
    `"detail":${JSON.stringify(detail === undefined ? '{}' : JSON.stringify(detail))},"record":${JSON.stringify(text)}}\n`
  )
}

export interface SessionRowInput {
  host: string
  dirName: string
  /** The sessions.jsonl line as parsed (keys as on disk). */
  index: Row
  /** summary.json as parsed, when the session dir has a readable one. */
  summary: Row | undefined
  summaryText: string
  shippedBy: string
  shippedAtSec: number
  version: number
}

/** The session's start: summary start_ts, else the index timestamp, else the epoch. */
export function sessionStart(index: Row, summary: Row | undefined): SplitTime {
  for (const text of [summary?.['start_ts'], index['timestamp']]) {
    if (typeof text === 'string') {
      const t = splitTimestamp(text)
      if (t !== undefined) return t
    }
  }
  return {sec: 0, us: 0}
}

/** One `sessions` object (the client encodes it). Summary fields win over the index's. */
export function sessionRow(input: SessionRowInput): Record<string, unknown> {
  const {index, summary} = input
  const pick = (key: string): unknown => (summary !== undefined && key in summary ? summary[key] : index[key])
  const str = (key: string): string => {
    const v = pick(key)
    return typeof v === 'string' ? v : ''
  }
  const nullableStr = (key: string): string | null => {
    const v = pick(key)
    return typeof v === 'string' ? v : null
  }
  const count = (key: string): number => {
    const v = pick(key)
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0
  }
  const start = sessionStart(index, summary)
  const exit = pick('exit_code')
  const duration = pick('duration_seconds')
  const oom = pick('peak_oom_score')
  const fdRatio = pick('peak_fd_ratio')
  const cause = summary?.['cause_of_death'] ?? index['cause_of_death']
  return {
    host: input.host,
    dir_name: input.dirName,
    session_id: str('session_id'),
    boot_id: str('boot_id'),
    start: start.sec,
    start_us: start.us,
    duration_seconds: typeof duration === 'number' && Number.isFinite(duration) ? duration : null,
    cwd: str('cwd'),
    kitchen_id: str('kitchen_id'),
    order_id: str('order_id'),
    skill_command: str('skill_command'),
    success: pick('success') === true ? 1 : 0,
    subtype: str('subtype'),
    exit_code: typeof exit === 'number' && Number.isInteger(exit) ? exit : null,
    termination_reason: str('termination_reason'),
    kill_reason: nullableStr('kill_reason'),
    snapshot_count: count('snapshot_count'),
    anomaly_count: count('anomaly_count'),
    peak_rss_kb: count('peak_rss_kb'),
    peak_oom_score: typeof oom === 'number' && Number.isInteger(oom) ? oom : 0,
    peak_fd_ratio: typeof fdRatio === 'number' && Number.isFinite(fdRatio) ? fdRatio : 0,
    tracked_comm: nullableStr('tracked_comm'),
    tracked_comm_drift: pick('tracked_comm_drift') === true ? 1 : 0,
    cause_of_death: cause === undefined || cause === null ? null : JSON.stringify(cause),
    index_line: JSON.stringify(index),
    summary: input.summaryText,
    shipped_by: input.shippedBy,
    shipped_at: input.shippedAtSec,
    version: input.version,
  }
}
