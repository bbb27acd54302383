/**
 * Analyze one input end to end: resolve what the path is, stream its rows through the engine
 * once, and collect what the reader saw (skipped lines, torn tail) beside the findings.
 */
import {stat} from 'node:fs/promises'
import {emptyNdjsonStats, readNdjson, type NdjsonStats} from '../io/ndjson-reader.js'
import {countField, cpuPercent, intField} from '../model/snapshot-fields.js'
import {SeriesBuckets} from '../analyze/series-buckets.js'
import {readSessionSignals, type SessionSignalsView} from '../store/read-signals.js'
import {resolveTraceInput, type ResolvedInput} from './resolve-input.js'
import type {Thresholds} from '../analyze/thresholds.js'
import {TraceAnalyzer, type Analysis} from '../analyze/trace-analyzer.js'

export const SPARKLINE_BUCKETS = 64

export interface AnalyzeInputOptions {
  /** Overrides the pid found in the summary, the file name or the rows. */
  pid?: number | undefined
  /** Overrides the expected comm found in the summary or the sidecar. */
  expectedComm?: string | undefined
  memoryLimitKb?: number | undefined
  thresholds?: Partial<Thresholds>
  /** Bytes read so far and the file size, at most once per chunk. */
  onProgress?: (bytesRead: number, totalBytes: number) => void
  /** Sees every row in the same pass, after the analyzer (e.g. the HTML report's chart series). */
  onRow?: (row: Record<string, unknown>, line: number) => void
}

export interface AnalyzeInputResult {
  input: ResolvedInput
  stats: NdjsonStats
  pid: number
  analysis: Analysis
  /** Peak-keeping downsampled series for sparklines (max per bucket). */
  series: {rssKb: number[]; cpuPercent: number[]}
  /** signal-sender: what the workload received, when the input carries it. */
  signals?: SessionSignalsView
}

export async function analyzeInput(path: string, options: AnalyzeInputOptions = {}): Promise<AnalyzeInputResult> {
  const input = await resolveTraceInput(path)
  const expectedComm = options.expectedComm ?? input.expectedComm
  const sparks = new SeriesBuckets(2, SPARKLINE_BUCKETS)
  // Reused for every row: SeriesBuckets reads the values during push and keeps none of them.
  const sparkValues = [Number.NaN, Number.NaN]
  const makeAnalyzer = (forPid: number) =>
    new TraceAnalyzer({pid: forPid, expectedComm, memoryLimitKb: options.memoryLimitKb, thresholds: options.thresholds ?? {}, launchRows: input.launchRows})
  let analyzer: TraceAnalyzer | undefined
  let pid = options.pid ?? input.pid
  const totalBytes = options.onProgress && !input.traceMissing ? (await stat(input.tracePath)).size : 0
  const read: typeof readNdjson = input.traceMissing ? async (path) => emptyNdjsonStats(path) : readNdjson
  const stats = await read(
    input.tracePath,
    (row, line) => {
      if (analyzer === undefined) {
        // Last resort for the pid: a finalized row carries it.
        pid ??= intField(row, 'pid') ?? 0
        analyzer = makeAnalyzer(pid)
      }
      analyzer.push(row, line)
      options.onRow?.(row, line)
      sparkValues[0] = countField(row, 'vm_rss_kb') ?? Number.NaN
      sparkValues[1] = cpuPercent(row) ?? Number.NaN
      sparks.push(line, Number.NaN, sparkValues)
    },
    options.onProgress ? {onProgress: (bytes) => options.onProgress!(bytes, totalBytes)} : {},
  )
  pid ??= 0
  analyzer ??= makeAnalyzer(pid)
  const {max} = sparks.buckets()
  const known = (values: number[]) => values.filter((v) => !Number.isNaN(v))
  const signals = await readSessionSignals(input, input.rawSummary)
  return {input, stats, pid, analysis: analyzer.finish(), series: {rssKb: known(max[0]!), cpuPercent: known(max[1]!)}, ...(signals === undefined ? {} : {signals})}
}
