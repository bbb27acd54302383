/**
 * The fleet queries as SQL text. Pure. Every query reads each table through `LIMIT 1 BY` its
 * deduplication key (newest version first), so a row shipped twice (a re-run after an
 * interruption, before ClickHouse merged the copies) is counted once; and it reads only
 * sessions that have a `sessions` row, which `ship` inserts last, so a half-shipped batch is
 * invisible. Works on 18.16 (no query parameters: values go through quoteString) and over
 * Distributed tables (GLOBAL IN: the session keys are computed once and sent to every shard).
 */
import {KEYS, quoteIdent, quoteString, type FleetTable} from './schema.js'

export interface FleetFilter {
  failed?: boolean | undefined
  crashed?: boolean | undefined
  anomalies?: boolean | undefined
  drift?: boolean | undefined
  comm?: string | undefined
  /** Epoch ms: sessions that started at or after it. */
  sinceMs?: number | undefined
  host?: string | undefined
  limit?: number | undefined
}

/** `db.table` read once per key: the newest copy of each row. */
export function latest(database: string, table: FleetTable, columns: readonly string[], where = ''): string {
  const cols = [...new Set([...KEYS[table], ...columns])].map(quoteIdent).join(', ')
  return `(SELECT ${cols} FROM ${quoteIdent(database)}.${quoteIdent(table)}${where === '' ? '' : ` WHERE ${where}`} ORDER BY version DESC LIMIT 1 BY ${KEYS[table].join(', ')})`
}

/**
 * "Drifted" as the local `sessions` means it (src/store/session-drift.ts): the comm flag, or an
 * `identity_drift` anomaly (in the anomalies table, or flagged on the index line).
 */
export function identityDriftExpr(database: string): string {
  return (
    `(position(index_line, '"identity_drift": true') > 0 OR ` +
    `(host, dir_name) GLOBAL IN (SELECT host, dir_name FROM ${quoteIdent(database)}.anomalies WHERE kind = 'identity_drift'))`
  )
}

/** The WHERE of the `sessions` filters (the same meaning as the local `sessions` command). */
export function sessionConditions(f: FleetFilter, database: string): string {
  const c: string[] = []
  if (f.failed) c.push('success = 0')
  if (f.crashed) c.push("subtype = 'crashed'")
  if (f.anomalies) c.push('anomaly_count > 0')
  if (f.drift) c.push(`(tracked_comm_drift = 1 OR ${identityDriftExpr(database)})`)
  if (f.comm !== undefined) c.push(`tracked_comm = ${quoteString(f.comm)}`)
  if (f.host !== undefined) c.push(`host = ${quoteString(f.host)}`)
  if (f.sinceMs !== undefined) {
    const sec = Math.floor(f.sinceMs / 1000)
    const us = (f.sinceMs - sec * 1000) * 1000
    c.push(`(toUInt32(start) > ${sec} OR (toUInt32(start) = ${sec} AND start_us >= ${us}))`)
  }
  return c.length === 0 ? '1' : c.join(' AND ')
}

const SESSION_FILTER_COLUMNS = ['success', 'subtype', 'anomaly_count', 'tracked_comm_drift', 'tracked_comm', 'start', 'start_us', 'index_line']

/** Sessions newest first: what `sessions --clickhouse` lists. */
export function sessionsQuery(database: string, f: FleetFilter): string {
  const source = latest(database, 'sessions', SESSION_FILTER_COLUMNS)
  const limit = f.limit === undefined ? '' : ` LIMIT ${Math.floor(f.limit)}`
  return `SELECT host, dir_name, index_line, ${identityDriftExpr(database)} AS identity_drift FROM ${source} WHERE ${sessionConditions(f, database)} ORDER BY start DESC, start_us DESC, dir_name DESC, host${limit}`
}

/** The (host, dir_name) of the sessions the filter keeps, for `GLOBAL IN`. */
function sessionKeys(database: string, f: FleetFilter): string {
  return `(SELECT host, dir_name FROM ${latest(database, 'sessions', SESSION_FILTER_COLUMNS)} WHERE ${sessionConditions(f, database)})`
}

/** One row per host: session counts. */
export function hostSessionsQuery(database: string, f: FleetFilter): string {
  const source = latest(database, 'sessions', [...SESSION_FILTER_COLUMNS, 'termination_reason', 'peak_rss_kb', 'cause_of_death'])
  // cause_of_death is one-line JSON written by ship (JSON.stringify: no spaces); 18.16 cannot parse it.
  const verdict = (v: string): string => `ifNull(position(cause_of_death, ${quoteString(`"verdict":"${v}"`)}), 0) > 0`
  return (
    `SELECT host, count() AS sessions, countIf(success = 0) AS failed, ` +
    `countIf(subtype = 'crashed' OR termination_reason IN ('CRASHED', 'SIGNALED') OR ${verdict('crashed')} OR ${verdict('oom_killed')}) AS crashes, ` +
    `countIf(${verdict('oom_killed')}) AS oom_kills, ` +
    `countIf(tracked_comm_drift = 1 OR ${identityDriftExpr(database)}) AS drift, max(peak_rss_kb) AS peak_rss_kb, ` +
    `toUInt32(max(start)) AS last_start FROM ${source} WHERE ${sessionConditions(f, database)} GROUP BY host ORDER BY host`
  )
}

/** Per host, anomaly counts by kind (all kinds; the caller keeps the top ones). */
export function hostAnomalyKindsQuery(database: string, f: FleetFilter): string {
  const source = latest(database, 'anomalies', [])
  return (
    `SELECT host, kind, count() AS count, uniqExact(dir_name) AS sessions FROM ${source} ` +
    `WHERE (host, dir_name) GLOBAL IN ${sessionKeys(database, f)} GROUP BY host, kind ORDER BY host, count DESC, kind`
  )
}

/** Per host, snapshot rows counted once. The heavy one: it reads the whole snapshots table. */
export function hostSnapshotRowsQuery(database: string, f: FleetFilter): string {
  return (
    `SELECT host, uniqExact(dir_name, seq) AS rows FROM ${quoteIdent(database)}.snapshots ` +
    `WHERE (host, dir_name) GLOBAL IN ${sessionKeys(database, f)} GROUP BY host ORDER BY host`
  )
}

/** One shipped session's rows, each once, in file order. */
export function sessionRowQuery(database: string, host: string, dirName: string): string {
  const where = `host = ${quoteString(host)} AND dir_name = ${quoteString(dirName)}`
  return `SELECT summary, index_line FROM ${latest(database, 'sessions', ['summary', 'index_line'], where)}`
}

export function snapshotRowsQuery(database: string, host: string, dirName: string): string {
  const where = `host = ${quoteString(host)} AND dir_name = ${quoteString(dirName)}`
  return `SELECT row FROM ${latest(database, 'snapshots', ['row'], where)} ORDER BY seq`
}

export function anomalyRecordsQuery(database: string, host: string, dirName: string): string {
  const where = `host = ${quoteString(host)} AND dir_name = ${quoteString(dirName)}`
  return `SELECT record FROM ${latest(database, 'anomalies', ['record'], where)} ORDER BY line`
}
