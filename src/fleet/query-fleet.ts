/**
 * Runs the fleet queries (fleet-queries.ts) and shapes their answers: `sessions --clickhouse`
 * lists index lines exactly as the local `sessions` does (plus `host`), and `--by-host` gives one
 * summary per host.
 */
import type {ClickHouseClient} from '@clickhouse/client'
import {driftReasons, type ListedSession} from '../store/session-drift.js'
import {openFleetClient, toFleetError, type FleetTarget} from './connection.js'
import {requireSchema} from './ensure-schema.js'
import {hostAnomalyKindsQuery, hostSessionsQuery, hostSnapshotRowsQuery, sessionsQuery, type FleetFilter} from './fleet-queries.js'

/** A session as the local `sessions --json` lists it, plus the host that shipped it. */
export type FleetSession = ListedSession & {host: string}

export interface HostSummary {
  host: string
  sessions: number
  failed: number
  /** Crash-recovered, ended by a signal, or a cause of death `crashed`/`oom_killed`. */
  crashes: number
  /** Sessions whose cause of death is `oom_killed`. */
  oom_kills: number
  drift: number
  /** Sessions with an rss_growth anomaly. */
  leak_suspects: number
  peak_rss_kb: number
  snapshot_rows: number
  /** Start of its newest session, ISO. */
  last_session: string
  top_anomaly_kinds: Array<{kind: string; count: number}>
}

export const TOP_KINDS = 3

/** Opens a client, checks the tables, runs `fn`, closes; every failure is one FleetServerError. */
export async function withFleet<T>(target: FleetTarget, doing: string, fn: (client: ClickHouseClient) => Promise<T>): Promise<T> {
  const client = openFleetClient(target)
  try {
    await requireSchema(client, {database: target.database}, ['sessions', 'anomalies', 'snapshots'])
    return await fn(client)
  } catch (error) {
    throw toFleetError(error, target, doing)
  } finally {
    await client.close()
  }
}

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  const result = await client.query({query, format: 'JSONEachRow'})
  return result.json<T>()
}

export async function queryFleetSessions(client: ClickHouseClient, database: string, filter: FleetFilter): Promise<FleetSession[]> {
  const found = await rows<{host: string; dir_name: string; index_line: string; identity_drift: number}>(client, sessionsQuery(database, filter))
  return found.map((r) => {
    let line: Record<string, unknown>
    try {
      line = JSON.parse(r.index_line) as Record<string, unknown>
    } catch {
      line = {}
    }
    const session = {...line, dir_name: r.dir_name} as FleetSession
    session.drift_by = driftReasons(session, Number(r.identity_drift) === 1)
    session.host = r.host
    return session
  })
}

export async function queryHostSummaries(client: ClickHouseClient, database: string, filter: FleetFilter): Promise<HostSummary[]> {
  // ClickHouse's JSON output quotes 64-bit integers: Number() them.
  const hosts = await rows<Record<string, string | number>>(client, hostSessionsQuery(database, filter))
  const kinds = await rows<{host: string; kind: string; count: string | number; sessions: string | number}>(client, hostAnomalyKindsQuery(database, filter))
  const snapshots = await rows<{host: string; rows: string | number}>(client, hostSnapshotRowsQuery(database, filter))
  const rowsByHost = new Map(snapshots.map((s) => [s.host, Number(s.rows)]))
  return hosts.map((h) => {
    const host = String(h['host'])
    const mine = kinds.filter((k) => k.host === host)
    return {
      host,
      sessions: Number(h['sessions']),
      failed: Number(h['failed']),
      crashes: Number(h['crashes']),
      oom_kills: Number(h['oom_kills']),
      drift: Number(h['drift']),
      leak_suspects: Number(mine.find((k) => k.kind === 'rss_growth')?.sessions ?? 0),
      peak_rss_kb: Number(h['peak_rss_kb']),
      snapshot_rows: rowsByHost.get(host) ?? 0,
      last_session: new Date(Number(h['last_start']) * 1000).toISOString(),
      top_anomaly_kinds: mine.slice(0, TOP_KINDS).map((k) => ({kind: k.kind, count: Number(k.count)})),
    }
  })
}

/** The per-host table for a terminal. Host names are shipped text: control characters are shown escaped. */
export function renderHostTable(hosts: readonly HostSummary[]): string {
  const head = ['HOST', 'SESSIONS', 'FAILED', 'CRASHES', 'OOM', 'DRIFT', 'LEAKS?', 'SNAPSHOTS', 'PEAK RSS KB', 'TOP ANOMALIES']
  const body = hosts.map((h) => [
    safeText(h.host),
    String(h.sessions),
    String(h.failed),
    String(h.crashes),
    String(h.oom_kills),
    String(h.drift),
    String(h.leak_suspects),
    String(h.snapshot_rows),
    String(h.peak_rss_kb),
    h.top_anomaly_kinds.map((k) => `${k.kind} ${k.count}`).join(', ') || '-',
  ])
  const widths = head.map((x, i) => Math.max(x.length, ...body.map((r) => r[i]!.length)))
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')
  return [fmt(head), ...body.map(fmt)].join('\n')
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

export function safeText(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}
