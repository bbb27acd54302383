/**
 * The fleet's tables in ClickHouse: `sessions`, `anomalies` and `snapshots` in one database
 * (`trace_doctor` by default). Pure: column lists and DDL text; `ensure-schema.ts` runs them.
 *
 * Written for the oldest ClickHouse a user may have, Debian's 18.16, and checked on current
 * releases too: no DateTime64 (a timestamp is `DateTime('UTC')` seconds plus a `*_us` UInt32 of
 * microseconds, so no precision is lost), no JSON functions on the server (the original lines
 * are kept verbatim as String columns: `row`, `record`, `summary`, `index_line`), no
 * LowCardinality (experimental on 18.16).
 *
 * Counted once: every table is a ReplacingMergeTree keyed by (host, dir_name[, seq, kind, line])
 * with a `version` column, so a row shipped twice (a re-run after an interruption) collapses to
 * one at merge time, and the fleet queries read with `LIMIT 1 BY` the key so they count it once
 * before the merge too. The partition key is a pure function of the row (its own time), so the
 * two copies of a row always land in the same partition, where the merge can see both.
 *
 * Scale out: with a cluster name, each table `T` is created as `T_local` (the ReplacingMergeTree)
 * plus `T`, a Distributed table over `T_local` on every shard, sharded by `cityHash64(host)`:
 * all rows of one host live on one shard, so deduplication stays shard-local.
 */

export const DEFAULT_DATABASE = 'trace_doctor'
export const FLEET_TABLES = ['sessions', 'anomalies', 'snapshots'] as const
export type FleetTable = (typeof FLEET_TABLES)[number]

export interface Column {
  name: string
  type: string
}

const col = (name: string, type: string): Column => ({name, type})
const UTC = "DateTime('UTC')"

export const COLUMNS: Record<FleetTable, readonly Column[]> = {
  sessions: [
    col('host', 'String'),
    col('dir_name', 'String'),
    col('session_id', 'String'),
    col('boot_id', 'String'),
    col('start', UTC),
    col('start_us', 'UInt32'),
    col('duration_seconds', 'Nullable(Float64)'),
    col('cwd', 'String'),
    col('kitchen_id', 'String'),
    col('order_id', 'String'),
    col('skill_command', 'String'),
    col('success', 'UInt8'),
    col('subtype', 'String'),
    col('exit_code', 'Nullable(Int64)'),
    col('termination_reason', 'String'),
    col('kill_reason', 'Nullable(String)'),
    col('snapshot_count', 'UInt32'),
    col('anomaly_count', 'UInt32'),
    col('peak_rss_kb', 'UInt64'),
    col('peak_oom_score', 'Int32'),
    col('peak_fd_ratio', 'Float64'),
    col('tracked_comm', 'Nullable(String)'),
    col('tracked_comm_drift', 'UInt8'),
    // summary.json's cause_of_death as one-line JSON, NULL when the summary has none.
    col('cause_of_death', 'Nullable(String)'),
    // The sessions.jsonl line and summary.json exactly as on disk: the local shape, field for field.
    col('index_line', 'String'),
    col('summary', 'String'),
    col('shipped_by', 'String'),
    col('shipped_at', UTC),
    col('version', 'UInt64'),
  ],
  anomalies: [
    col('host', 'String'),
    col('dir_name', 'String'),
    col('line', 'UInt32'),
    col('seq', 'UInt32'),
    col('kind', 'String'),
    col('severity', 'String'),
    col('ts', UTC),
    col('ts_us', 'UInt32'),
    col('pid', 'Int64'),
    col('detail', 'String'),
    col('record', 'String'),
    col('version', 'UInt64'),
  ],
  snapshots: [
    col('host', 'String'),
    col('dir_name', 'String'),
    col('seq', 'UInt32'),
    col('ts', UTC),
    col('ts_us', 'UInt32'),
    col('comm', 'String'),
    col('state', 'String'),
    col('vm_rss_kb', 'Nullable(UInt64)'),
    col('threads', 'Nullable(UInt32)'),
    col('fd_count', 'Nullable(UInt32)'),
    col('fd_soft_limit', 'Nullable(UInt64)'),
    col('oom_score', 'Nullable(Int32)'),
    col('cpu_percent', 'Nullable(Float64)'),
    col('row', 'String'),
    col('version', 'UInt64'),
  ],
}

/** The sorting (= deduplication) key of each table. */
export const KEYS: Record<FleetTable, readonly string[]> = {
  sessions: ['host', 'dir_name'],
  anomalies: ['host', 'dir_name', 'seq', 'kind', 'line'],
  snapshots: ['host', 'dir_name', 'seq'],
}

const PARTITION: Record<FleetTable, string> = {
  sessions: 'toYYYYMM(start)',
  anomalies: 'toYYYYMM(ts)',
  snapshots: 'toYYYYMM(ts)',
}

export interface SchemaTarget {
  database: string
  /** A cluster from the servers' `remote_servers`: per-shard `T_local` + Distributed `T`. */
  cluster?: string | undefined
  /** Adds `ON CLUSTER` (needs ZooKeeper/Keeper on the cluster): DDL for a real cluster. */
  onCluster?: boolean
}

/** Backquoted identifier: names come from flags, so never paste them raw. */
export function quoteIdent(name: string): string {
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`'
}

/**
 * A string literal for SQL text. ClickHouse 18.16 has no query parameters (`{x:String}` fails
 * with "Unknown setting param_x"), so values are inlined, escaped here and nowhere else.
 */
export function quoteString(value: string): string {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'"
}

export const localTableName = (table: FleetTable, target: SchemaTarget): string => (target.cluster === undefined ? table : `${table}_local`)

/** The statements that create the database and the tables, in order; each `IF NOT EXISTS`. */
export function createStatements(target: SchemaTarget): string[] {
  const db = quoteIdent(target.database)
  const on = target.onCluster && target.cluster !== undefined ? ` ON CLUSTER ${quoteIdent(target.cluster)}` : ''
  const out = [`CREATE DATABASE IF NOT EXISTS ${db}${on}`]
  for (const table of FLEET_TABLES) {
    const columns = COLUMNS[table].map((c) => `    ${quoteIdent(c.name)} ${c.type}`).join(',\n')
    const local = `${db}.${quoteIdent(localTableName(table, target))}`
    out.push(
      `CREATE TABLE IF NOT EXISTS ${local}${on}\n(\n${columns}\n)\nENGINE = ReplacingMergeTree(version)\nPARTITION BY ${PARTITION[table]}\nORDER BY (${KEYS[table].join(', ')})`,
    )
    if (target.cluster !== undefined) {
      const args = [quoteIdent(target.cluster), db, quoteIdent(localTableName(table, target)), 'cityHash64(host)'].join(', ')
      out.push(`CREATE TABLE IF NOT EXISTS ${db}.${quoteIdent(table)}${on} AS ${local}\nENGINE = Distributed(${args})`)
    }
  }
  return out
}

export interface ShapeProblem {
  table: string
  problem: string
}

/**
 * Compares the columns a server reports (system.columns) with ours. Extra columns are fine (a
 * newer trace-doctor may have added some, or the user did); a missing or retyped one is not.
 * Pure.
 */
export function checkShape(table: FleetTable, actual: readonly Column[]): ShapeProblem | undefined {
  if (actual.length === 0) return {table, problem: 'does not exist'}
  const types = new Map(actual.map((c) => [c.name, c.type]))
  for (const want of COLUMNS[table]) {
    const got = types.get(want.name)
    if (got === undefined) return {table, problem: `has no column ${want.name} (${want.type})`}
    if (normalizeType(got) !== normalizeType(want.type)) return {table, problem: `column ${want.name} is ${got}, expected ${want.type}`}
  }
  return undefined
}

/** `DateTime(\'UTC\')` (18.16 escapes quotes in system.columns) = `DateTime('UTC')`. */
function normalizeType(type: string): string {
  return type.replace(/\\'/g, "'").replace(/\s+/g, '')
}
