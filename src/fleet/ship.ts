/**
 * `ship`: send the log dir's finalized sessions that the server does not have yet.
 *
 * Per batch (many sessions, one INSERT per table, streamed from disk so memory stays flat):
 *   1. snapshots, 2. anomalies, 3. sessions, 4. the ledger line of each session, fsynced.
 * The `sessions` row goes last because the fleet queries start from it: a session shows up
 * only once its rows are in. A ship killed anywhere (or a server that dies) leaves a batch that
 * is not in the ledger; the next run sends it again, and the ReplacingMergeTree key plus the
 * queries' `LIMIT 1 BY` make the second copy invisible. See docs/fleet.md.
 */
import {readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import type {ClickHouseClient} from '@clickhouse/client'
import {formatIsoMicros} from '../model/timestamp.js'
import type {Row} from '../model/snapshot-fields.js'
import {ANOMALIES_FILE, SESSIONS_DIR, SUMMARY_FILE, TRACE_FILE, unsafeNameReason} from '../store/layout.js'
import {readSessionsIndex} from '../store/session-index.js'
import {EncodedRows, openFleetClient, toFleetError, type FleetTarget} from './connection.js'
import {convertFile, type FileCounts} from './convert-file.js'
import {openLaneConverter, plannedConvertThreads, type LaneChunks} from './convert-lanes.js'
import {readingFile, type LaneSession} from './snapshot-chunks.js'
import {ensureSchema} from './ensure-schema.js'
import {appendLedger, readLedger} from './ledger.js'
import {cutBatches, planShipment, type PlannedSession} from './plan-shipment.js'
import {anomalyLine, rowPrefix, sessionRow, sessionStart, SNAPSHOT_INSERT_COLUMNS} from './rows.js'
import type {SchemaTarget} from './schema.js'

export const DEFAULT_BATCH_SESSIONS = 250
/** About this much trace per INSERT: few large inserts, as ClickHouse wants, but bounded. */
export const BATCH_TRACE_BYTES = 512 * 1024 * 1024

/** Concurrent snapshot INSERTs per batch (measured in bench/ship.js). */
export const INSERT_LANES = 2

/** Sessions dealt into `n` lanes of about equal trace bytes (greedy, largest first). */
export function splitLanes<T extends {traceBytes: number}>(batch: readonly T[], n: number): T[][] {
  const lanes = Array.from({length: Math.max(1, Math.min(n, batch.length))}, () => ({bytes: 0, items: [] as T[]}))
  for (const item of [...batch].sort((a, b) => b.traceBytes - a.traceBytes)) {
    const lane = lanes.reduce((min, l) => (l.bytes < min.bytes ? l : min))
    lane.items.push(item)
    lane.bytes += item.traceBytes
  }
  return lanes.map((l) => l.items)
}

export interface ShipOptions {
  logDir: string
  target: FleetTarget
  host: string
  cluster?: string | undefined
  sinceMs?: number | undefined
  dryRun?: boolean
  /** Create the schema and stop. */
  initOnly?: boolean
  /** `trace-doctor 0.1.0`: stored as shipped_by. */
  shippedBy: string
  batchSessions?: number
  now?: () => number
  /** Threads converting trace rows (--jobs): 1 = this thread; default: one per lane for a large shipment. */
  jobs?: number | undefined
  /** Trace bytes sent so far and in all. */
  onProgress?: (done: number, total: number) => void
}

/** What `ship --json` prints. */
export interface ShipResult {
  server: string
  database: string
  host: string
  dry_run: boolean
  /** Distinct sessions in the index (after --since). */
  sessions_total: number
  already_shipped: number
  /** Sessions sent in this run (to be sent, with --dry-run). */
  shipped: number
  snapshots: number
  anomalies: number
  batches: number
  trace_bytes: number
  created_schema: boolean
  warnings: string[]
}

interface Prepared extends PlannedSession {
  dir: string
  traceBytes: number
}

export async function ship(options: ShipOptions): Promise<ShipResult> {
  const {logDir, target, host} = options
  const server = `${target.origin}/${target.database}`
  const warnings: string[] = []
  if (options.initOnly) return initOnly(options, server)
  const index = await readSessionsIndex(logDir)
  if (index.skippedCount > 0) warnings.push(`${index.indexPath}: skipped ${index.skippedCount} torn or unreadable index line(s), first at line ${index.skipped[0]?.line}`)
  const plan = planShipment(
    index.sessions.map((s) => s.line as Row),
    await readLedger(logDir, server, host),
    options.sinceMs,
  )
  const prepared: Prepared[] = []
  for (const session of plan.toShip) {
    const unsafe = unsafeNameReason(session.dirName)
    if (unsafe !== undefined) {
      warnings.push(`skipped index line with unsafe dir_name ${JSON.stringify(session.dirName)}: ${unsafe}`)
      continue
    }
    const dir = join(logDir, SESSIONS_DIR, session.dirName)
    let traceBytes = 0
    try {
      traceBytes = statSync(join(dir, TRACE_FILE)).size
    } catch {
      warnings.push(`${session.dirName}: no ${TRACE_FILE}; shipping its summary only`)
    }
    prepared.push({...session, dir, traceBytes})
  }
  const totalBytes = prepared.reduce((n, s) => n + s.traceBytes, 0)
  const batches = cutBatches(prepared, (s) => s.traceBytes, options.batchSessions ?? DEFAULT_BATCH_SESSIONS, BATCH_TRACE_BYTES)
  const result: ShipResult = {
    server: target.display,
    database: target.database,
    host,
    dry_run: options.dryRun === true,
    sessions_total: plan.total,
    already_shipped: plan.alreadyShipped,
    shipped: 0,
    snapshots: 0,
    anomalies: 0,
    batches: batches.length,
    trace_bytes: totalBytes,
    created_schema: false,
    warnings,
  }
  if (options.dryRun) {
    result.shipped = prepared.length
    return result
  }
  const schema: SchemaTarget = {database: target.database, cluster: options.cluster}
  const client = openFleetClient(target, {distributedSync: options.cluster !== undefined})
  const converter = openLaneConverter(plannedConvertThreads(Math.min(INSERT_LANES, options.batchSessions ?? DEFAULT_BATCH_SESSIONS), totalBytes, options.jobs))
  let doing = 'checking the schema'
  try {
    result.created_schema = (await ensureSchema(client, schema)).created
    const now = options.now ?? Date.now
    let sentBytes = 0
    options.onProgress?.(0, totalBytes)
    for (const batch of batches) {
      const nowMs = now()
      const version = nowMs * 1000
      doing = 'inserting snapshots'
      const onBytes = (bytes: number): void => options.onProgress?.((sentBytes += bytes), totalBytes)
      // Parallel INSERTs: ClickHouse parses each INSERT's body on one thread; two streams keep
      // two server threads busy, and with convert threads two cores parse the JSON rows.
      const lanes = splitLanes(batch, INSERT_LANES)
      const counts = await Promise.all(lanes.map((lane, slot) => insertTsv(client, schema, converter.chunks(slot, lane.map(laneSession), host, version, warnings, onBytes))))
      const snapshots = counts.reduce((a, b) => a + b, 0)
      doing = 'inserting anomalies'
      const anomalies = await insertStream(client, schema, 'anomalies', anomalyLines(batch, host, version, warnings))
      doing = 'inserting sessions'
      const rows = batch.map((s) => sessionRowOf(s, host, options.shippedBy, Math.floor(nowMs / 1000), version, warnings))
      await client.insert({table: `${schema.database}.sessions`, values: rows, format: 'JSONEachRow'})
      // Only now has the server acknowledged every row of the batch.
      appendLedger(
        logDir,
        server,
        host,
        batch.map((s) => s.dirName),
        formatIsoMicros(nowMs * 1000),
      )
      result.shipped += batch.length
      result.snapshots += snapshots
      result.anomalies += anomalies
    }
  } catch (error) {
    throw toFleetError(error, target, doing)
  } finally {
    await Promise.all([client.close(), converter.close()])
  }
  return result
}

/** `--init-only`: the schema, and nothing of the log dir (which need not exist). */
async function initOnly(options: ShipOptions, server: string): Promise<ShipResult> {
  const {target} = options
  const client = openFleetClient(target)
  try {
    const {created} = await ensureSchema(client, {database: target.database, cluster: options.cluster})
    return {server: target.display, database: target.database, host: options.host, dry_run: false, sessions_total: 0, already_shipped: 0, shipped: 0, snapshots: 0, anomalies: 0, batches: 0, trace_bytes: 0, created_schema: created, warnings: []}
  } catch (error) {
    throw toFleetError(error, target, `creating the tables in ${server}`)
  } finally {
    await client.close()
  }
}

/** Runs one INSERT INTO snapshots … FORMAT TabSeparated fed by `chunks`; returns the row count. */
async function insertTsv(client: ClickHouseClient, schema: SchemaTarget, chunks: LaneChunks): Promise<number> {
  let rows = 0
  const body = Readable.from(
    (async function* () {
      rows = yield* chunks
    })(),
    // Run ahead of the socket by a few chunks, so converting overlaps the server's parsing.
    {objectMode: false, highWaterMark: 8 << 20},
  )
  // A plain (not object-mode) stream in a raw format is sent as it is.
  await client.insert({table: `${schema.database}.snapshots`, values: body, format: 'TabSeparated', columns: [...SNAPSHOT_INSERT_COLUMNS]})
  return rows
}

/** Runs one INSERT … FORMAT JSONEachRow fed by `lines`; returns how many rows the generator made. */
async function insertStream(client: ClickHouseClient, schema: SchemaTarget, table: string, lines: Generator<string, number>): Promise<number> {
  let rows = 0
  const body = Readable.from(
    (function* () {
      // Each chunk ends with "\n"; the client adds one after each object.
      rows = yield* map(lines, (chunk) => new EncodedRows(chunk.slice(0, -1)))
    })(),
    {objectMode: true},
  )
  await client.insert({table: `${schema.database}.${table}`, values: body, format: 'JSONEachRow'})
  return rows
}

function* map<T, U, R>(source: Generator<T, R>, fn: (item: T) => U): Generator<U, R> {
  for (;;) {
    const next = source.next()
    if (next.done) return next.value
    yield fn(next.value)
  }
}

function* anomalyLines(batch: readonly Prepared[], host: string, version: number, warnings: string[]): Generator<string, number> {
  let rows = 0
  for (const session of batch) {
    const prefix = rowPrefix(host, session.dirName, version)
    const fallback = sessionStart(session.index, undefined)
    const counts: FileCounts = {rows: 0, skipped: 0, bytes: 0, missing: false}
    const path = join(session.dir, ANOMALIES_FILE)
    yield* readingFile(path, convertFile(path, (text, record, ordinal) => anomalyLine(prefix, text, record, ordinal, fallback), counts))
    if (counts.skipped > 0) warnings.push(`${session.dirName}/${ANOMALIES_FILE}: left out ${counts.skipped} unreadable line(s)`)
    rows += counts.rows
  }
  return rows
}

/** The plain-data part of a prepared session that converting its trace needs. */
const laneSession = (s: Prepared): LaneSession => ({dir: s.dir, dirName: s.dirName, index: s.index, traceBytes: s.traceBytes})

function sessionRowOf(session: Prepared, host: string, shippedBy: string, shippedAtSec: number, version: number, warnings: string[]): Record<string, unknown> {
  let summaryText = ''
  let summary: Row | undefined
  try {
    summaryText = readFileSync(join(session.dir, SUMMARY_FILE), 'utf8')
    const parsed: unknown = JSON.parse(summaryText)
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) summary = parsed as Row
    else warnings.push(`${session.dirName}/${SUMMARY_FILE}: not a JSON object; shipping the index line only`)
  } catch (error) {
    warnings.push(`${session.dirName}/${SUMMARY_FILE}: ${(error as Error).message.split('\n')[0]}; shipping the index line only`)
    summaryText = ''
  }
  return sessionRow({host, dirName: session.dirName, index: session.index, summary, summaryText: summary === undefined ? '' : summaryText, shippedBy, shippedAtSec, version})
}
