/**
 * Turns a trace (a tmpfs file or snapshots in memory) into a finalized session (docs/formats.md §5):
 * `sessions/{dir_name}/{proc_trace.jsonl, summary.json, anomalies.jsonl}` plus its line in
 * `sessions.jsonl`, then applies retention.
 *
 * One pass: each row is written to proc_trace.jsonl and fed to the analyzer as it is read.
 * Everything is written into a temp dir `sessions/.tmp-{pid}-…` first (prepareSession; files
 * fsynced, or synced later by a batch caller), which is renamed into place under the index lock
 * together with the index append (placeSessions). A crash leaves either a `.tmp-` dir (removed by
 * retention once its pid is dead) or a complete dir whose index line may be missing (a re-run
 * finds the identical dir, writes nothing twice and appends the missing line).
 */
import {closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync} from 'node:fs'
import {join} from 'node:path'
import {TraceAnalyzer, type Analysis} from '../analyze/trace-analyzer.js'
import {readNdjson, type NdjsonStats} from '../io/ndjson-reader.js'
import type {Anomaly} from '../model/anomaly.js'
import {snapshotOf} from '../model/snapshot.js'
import {SummarySchema, type Summary, type TerminationReason} from '../model/summary.js'
import {assertValid} from '../model/validate.js'
import {buildSummary} from './build-summary.js'
import {ANOMALIES_FILE, assertSafeName, dirNameFor, sessionsRoot, SUMMARY_FILE, TRACE_FILE} from './layout.js'
import {logDirError} from './log-dir.js'
import {placeSessionDirLocked, type PlacedDir} from './place-session-dir.js'
import {applyRetentionLocked, DEFAULT_KEEP} from './retention.js'
import {serializeAnomaly, serializeSignalRecord, serializeSummary} from './session-files.js'
import {syncDirSync, writeAllSync, writeNewFileSync} from './durable-write.js'
import {appendIndexLinesLocked, withIndexLock} from './session-index.js'
import {serializeSnapshotAsTraceRow} from './trace-row-text.js'
import {SIGNALS_FILE, SignalTraceSchema, type SignalRecord, type SignalTrace} from '../model/signal-record.js'

export interface FinalizeSessionInput {
  logDir: string
  /** stream rows from a tmpfs trace file (readNdjson) … */
  tracePath?: string
  /** … or take in-memory snapshots (tracer running without tmpfs) */
  snapshots?: Iterable<Record<string, unknown>>
  pid: number
  /** may be '' */
  sessionId: string
  /** overrides dirNameFor(sessionId, startTs), e.g. crashedDirName(...) */
  dirName?: string
  startTs: string
  /** null: the end is the last snapshot's captured_at (crash recovery) */
  endTs: string | null
  cwd: string
  skillCommand: string
  kitchenId?: string
  orderId?: string
  success: boolean
  /** 'completed' | 'failed' | 'crashed' | ... */
  subtype: string
  exitCode: number | null
  terminationReason: TerminationReason
  killReason?: string | null
  snapshotIntervalSeconds: number | null
  /** tracked comm from the trace target; else modal comm */
  expectedComm?: string
  /**
   * Rows before this seq were taken under programs the process exec'd away from (issue 9): they
   * are written with `"phase": "launch"` and do not count against the workload. 0 or absent:
   * no launch information (docs/formats.md §6 as is).
   */
  launchRows?: number
  /** e.g. {recovery: {skipped_lines, torn_tail}}; a function gets the read stats of tracePath and the last row (cause of death) */
  extraSummary?: Record<string, unknown> | ((input: NdjsonStats | undefined, lastRow: Record<string, unknown> | undefined) => Record<string, unknown>)
  /** retention limit, default 500 */
  keep?: number
  /** Batch callers (recover) apply retention once at the end instead of per session. */
  skipRetention?: boolean
  /**
   * Leave proc_trace.jsonl out when no row was read (crash recovery of an empty or torn-only
   * trace): the existing tracer writes only summary.json then, and readers expect exactly that.
   */
  omitEmptyTrace?: boolean
  /** signal-sender: the signals the workload received (signals.jsonl) and `signal_trace` for the summary. */
  signals?: SessionSignals
}

// ---- signal-sender (issue 16): signals.jsonl beside the trace ----
export interface SessionSignals {
  records: readonly SignalRecord[]
  trace: SignalTrace
}

/** Writes signals.jsonl (unless tracefs was unavailable: no file then) and returns summary's `signal_trace`. */
function writeSignals(dir: string, signals: SessionSignals | undefined): Record<string, unknown> {
  if (signals === undefined) return {}
  if (signals.trace.status !== 'unavailable') writeNewFileSync(join(dir, SIGNALS_FILE), signals.records.map(serializeSignalRecord).join(''))
  return {signal_trace: assertValid(SignalTraceSchema, signals.trace, 'signal_trace')}
}
// ---- end signal-sender ----

export interface FinalizedSession {
  dir: string
  dirName: string
  summary: Summary
  anomalies: Anomaly[]
  input?: NdjsonStats
  /** An identical session was already in place (a re-run after a crash): nothing was rewritten. */
  alreadyFinalized: boolean
  /** Session dirs removed by retention. */
  pruned: string[]
}

export async function finalizeSession(input: FinalizeSessionInput): Promise<FinalizedSession> {
  const prepared = await prepareSession(input, {fsync: true})
  const [done] = await placeSessions(input.logDir, [prepared], {...(input.keep === undefined ? {} : {keep: input.keep}), skipRetention: input.skipRetention ?? false})
  return done!
}

/** A session fully written into its temp dir, not yet in place nor indexed. */
export interface PreparedSession {
  tmp: string
  dirName: string
  summary: Summary
  labels: {kitchen_id: string; order_id: string}
  anomalies: Anomaly[]
  input?: NdjsonStats
}

/**
 * Writes the session into a temp dir under `sessions/`. With `fsync: false` nothing is synced:
 * the caller makes a whole batch durable at once (syncTree) before placing it.
 */
export async function prepareSession(input: FinalizeSessionInput, options: {fsync: boolean}): Promise<PreparedSession> {
  const dirName = input.dirName ?? dirNameFor(input.sessionId, input.startTs)
  assertSafeName(dirName)
  const root = sessionsRoot(input.logDir)
  let tmp: string
  try {
    mkdirSync(root, {recursive: true})
    tmp = mkdtempSync(join(root, `.tmp-${process.pid}-`))
  } catch (error) {
    throw logDirError(input.logDir, error)
  }
  try {
    const {analysis, stats, lastRow} = await writeTraceAndAnalyze(join(tmp, TRACE_FILE), input, options.fsync)
    if (input.omitEmptyTrace && analysis.snapshot_count === 0) unlinkSync(join(tmp, TRACE_FILE))
    const extraSummary = {
      ...(typeof input.extraSummary === 'function' ? input.extraSummary(stats, lastRow) : input.extraSummary),
      ...writeSignals(tmp, input.signals),
    }
    const summary = assertValid(SummarySchema, buildSummary({...input, dirName, extraSummary}, analysis), `summary of ${dirName}`)
    writeNewFileSync(join(tmp, SUMMARY_FILE), serializeSummary(summary), options)
    if (analysis.anomalies.length > 0) writeNewFileSync(join(tmp, ANOMALIES_FILE), analysis.anomalies.map(serializeAnomaly).join(''), options)
    const labels = {kitchen_id: input.kitchenId ?? '', order_id: input.orderId ?? ''}
    return {tmp, dirName, summary, labels, anomalies: analysis.anomalies, ...(stats === undefined ? {} : {input: stats})}
  } catch (error) {
    rmSync(tmp, {recursive: true, force: true})
    throw error
  }
}

/**
 * Moves prepared sessions into place and indexes them, all under one hold of the index lock,
 * then makes the renames and index lines durable: one dir fsync (and the index's) for the
 * batch. Their contents must already be durable (prepared with fsync, or syncTree since).
 */
export async function placeSessions(
  logDir: string,
  prepared: readonly PreparedSession[],
  options: {keep?: number; skipRetention: boolean},
): Promise<FinalizedSession[]> {
  const root = sessionsRoot(logDir)
  try {
    const {placed, pruned} = await withIndexLock(logDir, async () => {
      const placed: PlacedDir[] = []
      for (const p of prepared) placed.push(await placeSessionDirLocked(logDir, p.tmp, p.summary, p.labels))
      await appendIndexLinesLocked(logDir, placed.flatMap((p) => (p.indexLine === undefined ? [] : [p.indexLine])))
      const pruned = options.skipRetention ? [] : (await applyRetentionLocked(logDir, options.keep ?? DEFAULT_KEEP)).removed
      return {placed, pruned}
    })
    syncDirSync(root)
    return prepared.map((p, i) => ({
      dir: join(root, placed[i]!.dirName),
      dirName: placed[i]!.dirName,
      summary: placed[i]!.summary as Summary,
      anomalies: p.anomalies,
      ...(p.input === undefined ? {} : {input: p.input}),
      alreadyFinalized: placed[i]!.alreadyFinalized,
      pruned,
    }))
  } finally {
    // After a successful rename a temp dir no longer exists; after a failure it is worthless.
    for (const p of prepared) rmSync(p.tmp, {recursive: true, force: true})
  }
}

/** A launch row keeps a phase it already has (`exit`: an instant command's only row is both). */
function markLaunch(snapshot: Record<string, unknown>): Record<string, unknown> {
  return snapshot['phase'] === undefined ? {...snapshot, phase: 'launch'} : snapshot
}

// Rows are encoded one by one into a buffer, written when full. Measured in bench/recover:
// encoding each small row string costs about a third of flattening and encoding a large
// concatenated chunk. One buffer per call: finalizations may interleave at awaits.
const OUT_BYTES = 1 << 20

async function writeTraceAndAnalyze(path: string, input: FinalizeSessionInput, fsync: boolean): Promise<{analysis: Analysis; stats?: NdjsonStats; lastRow?: Record<string, unknown>}> {
  const analyzer = new TraceAnalyzer({pid: input.pid, trends: false, checkFields: false, ...(input.expectedComm ? {expectedComm: input.expectedComm} : {})})
  const launchRows = input.launchRows ?? 0
  const fd = openSync(path, 'wx', 0o644)
  const OUT = Buffer.allocUnsafe(OUT_BYTES)
  let filled = 0
  let seq = 0
  let lastRow: Record<string, unknown> | undefined
  const flush = (): void => {
    let offset = 0
    while (offset < filled) offset += writeSync(fd, OUT, offset, filled - offset)
    filled = 0
  }
  const onRow = (row: Record<string, unknown>, line?: number): void => {
    const snapshot = seq < launchRows ? markLaunch(snapshotOf(row)) : snapshotOf(row)
    lastRow = snapshot
    analyzer.push(snapshot, line)
    const text = serializeSnapshotAsTraceRow(snapshot, seq++, input.pid, input.startTs)
    // UTF-8 needs at most 3 bytes per UTF-16 unit: make sure the whole row fits.
    if (filled + text.length * 3 > OUT.length) {
      flush()
      if (text.length * 3 > OUT.length) return writeAllSync(fd, text)
    }
    filled += OUT.write(text, filled, 'utf8')
  }
  let stats: NdjsonStats | undefined
  try {
    if (input.tracePath !== undefined) stats = await readNdjson(input.tracePath, onRow)
    else for (const row of input.snapshots ?? []) onRow(row)
    flush()
    if (fsync) fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  return {analysis: analyzer.finish(), ...(stats === undefined ? {} : {stats}), ...(lastRow === undefined ? {} : {lastRow})}
}

