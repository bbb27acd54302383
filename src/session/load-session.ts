/**
 * Loads a finalized session (docs/formats.md §5) for reporting: `summary.json`, `anomalies.jsonl` and
 * one streaming pass over `proc_trace.jsonl` that keeps only the last rows and a downsampled RSS
 * series, so memory stays flat for a session of any length.
 */
import {readFile, stat} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {describeErrno, errnoCode, InputInvalidError, InputNotFoundError, InputUnreadableError} from '../errors.js'
import {readNdjson, type SkippedLine} from '../io/ndjson-reader.js'
import {AnomalySchema} from '../model/anomaly.js'
import {countField, timestampOf} from '../model/snapshot-fields.js'
import {type SummaryRead, SummaryReadSchema} from '../model/summary.js'
import {describeZodError} from '../model/validate.js'
import {ANOMALIES_FILE, sessionDir, SUMMARY_FILE, TRACE_FILE} from '../store/layout.js'
import {AnomalyDigest, type AnomalyDigestResult} from '../analyze/anomaly-digest.js'
import {DEFAULT_CHART_POINTS, RssDownsampler, type RssPoint, TailBuffer} from '../analyze/rss-series.js'
import {existsSync} from 'node:fs'
import {SIGNALS_FILE, type SignalRecord} from '../model/signal-record.js'
import {readSignalRecords} from '../store/read-signals.js'

export const DEFAULT_TAIL_ROWS = 10

export interface LoadedSession {
  /** Absolute path of the session dir. */
  dir: string
  summary: SummaryRead & Record<string, unknown>
  anomalies: AnomalyDigestResult
  /** Anomaly lines that were not valid records (line numbers are 1-based). */
  anomalySkipped: SkippedLine[]
  /** The last rows of proc_trace.jsonl, oldest first, as read. */
  tail: Record<string, unknown>[]
  rss: RssPoint[]
  traceRows: number
  traceSkipped: number
  traceTornTail: boolean
  traceMissing: boolean
  /** signal-sender: signals.jsonl, when the session has one. */
  signals?: SignalRecord[]
}

export interface LoadSessionOptions {
  tailRows?: number
  chartPoints?: number
}

/**
 * `<session>` is a path to a session dir, or a session id / dir name under `{logDir}/sessions`.
 * A path wins when it exists, so `./abc` and `abc` can both be used from inside the sessions dir.
 */
export async function resolveSessionDir(session: string, logDir: string): Promise<string> {
  const asPath = resolve(session)
  if (await isDir(asPath, session)) return asPath
  if (!session.includes('/')) {
    const inLog = sessionDir(logDir, session)
    if (await isDir(inLog, inLog)) return inLog
    throw new InputNotFoundError(`${session} (neither a directory nor a session under ${join(logDir, 'sessions')})`, 'session')
  }
  throw new InputNotFoundError(session, 'session dir')
}

async function isDir(path: string, shown: string): Promise<boolean> {
  try {
    const st = await stat(path)
    if (!st.isDirectory()) throw new InputInvalidError(shown, 'not a session directory (expected a dir holding summary.json)')
    return true
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return false
    if (error instanceof InputInvalidError) throw error
    throw new InputUnreadableError(shown, describeErrno(error), error)
  }
}

export async function readSessionSummary(dir: string): Promise<SummaryRead & Record<string, unknown>> {
  const path = join(dir, SUMMARY_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new InputInvalidError(dir, 'not a finalized session: no summary.json')
    throw new InputUnreadableError(path, describeErrno(error), error)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new InputInvalidError(path, `not JSON: ${(error as Error).message}`, error)
  }
  const parsed = SummaryReadSchema.safeParse(value)
  if (!parsed.success) throw new InputInvalidError(path, describeZodError('summary', parsed.error).replace(/^summary: /, ''))
  return parsed.data as SummaryRead & Record<string, unknown>
}

export async function loadSession(dir: string, options: LoadSessionOptions = {}): Promise<LoadedSession> {
  const absDir = resolve(dir)
  const summary = await readSessionSummary(absDir)

  const digest = new AnomalyDigest()
  const anomalySkipped: SkippedLine[] = []
  const anomaliesPath = join(absDir, ANOMALIES_FILE)
  try {
    const stats = await readNdjson(anomaliesPath, (record, line) => {
      const parsed = AnomalySchema.safeParse(record)
      if (!parsed.success) {
        anomalySkipped.push({line, reason: describeZodError(`${ANOMALIES_FILE}:${line}`, parsed.error)})
        return
      }
      digest.push(parsed.data)
    })
    anomalySkipped.push(...stats.skipped)
  } catch (error) {
    // anomalies.jsonl exists only when there are anomalies (docs/formats.md §5).
    if (!(error instanceof InputNotFoundError)) throw error
  }

  const tail = new TailBuffer<Record<string, unknown>>(options.tailRows ?? DEFAULT_TAIL_ROWS)
  const rss = new RssDownsampler(options.chartPoints ?? DEFAULT_CHART_POINTS)
  let traceSkipped = 0
  let traceTornTail = false
  let traceMissing = false
  try {
    const stats = await readNdjson(join(absDir, TRACE_FILE), (row) => {
      tail.push(row)
      rss.push(countField(row, 'vm_rss_kb'), timestampOf(row))
    })
    traceSkipped = stats.skippedCount
    traceTornTail = stats.tornTail
  } catch (error) {
    if (!(error instanceof InputNotFoundError)) throw error
    traceMissing = true
  }

  const signalsPath = join(absDir, SIGNALS_FILE)
  const signals = existsSync(signalsPath) ? await readSignalRecords(signalsPath) : undefined
  return {
    ...(signals === undefined ? {} : {signals}),
    dir: absDir,
    summary,
    anomalies: digest.finish(),
    anomalySkipped,
    tail: tail.toArray(),
    rss: rss.finish(),
    traceRows: rss.rowCount,
    traceSkipped,
    traceTornTail,
    traceMissing,
  }
}
