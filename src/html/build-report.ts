/**
 * `report`: analyze a trace and draw its HTML page in one streaming pass (the analyzer and the
 * chart buckets see each row once), then write the page atomically.
 *
 * Default output: `<session-dir>/report.html` for a session, else `./trace-doctor-report.html`
 * (a tmpfs dir is the live tracer's, and a bare trace's dir may be anyone's: write into the cwd).
 */
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'
import {analyzeInput} from '../input/analyze-input.js'
import {toAnalyzeResult} from '../analyze/analysis-result.js'
import {describeErrno, OutputWriteError} from '../errors.js'
import {writeOutputFile} from '../io/write-output-file.js'
import {Redactor, type RedactionSummary} from '../redact/redactor.js'
import {renderReportPage} from './render-report-page.js'
import {ReportSeries} from './report-series.js'

export const REPORT_FILE = 'report.html'
export const BARE_REPORT_FILE = 'trace-doctor-report.html'

export interface BuildReportOptions {
  output?: string | undefined
  pid?: number | undefined
  expectedComm?: string | undefined
  /** Where a relative output and the bare-trace default go; default process.cwd(). */
  cwd?: string
  generator?: string
  /** Redact secrets and home dirs from everything on the page (default true: the page is shared). */
  redact?: boolean
  /** Defaults to os.homedir(). */
  home?: string
  onProgress?: (bytesRead: number, totalBytes: number) => void
}

/** What `report --json` prints. */
export interface ReportResult {
  output: string
  bytes: number
  snapshots: number
  /** Points drawn per metric: buckets after peak-keeping downsampling. */
  points: number
  anomalies: number
  identity_drift: boolean
  warnings: string[]
  redactions: RedactionSummary
}

export async function buildReport(path: string, options: BuildReportOptions = {}): Promise<ReportResult> {
  const series = new ReportSeries()
  const analyzed = await analyzeInput(path, {
    pid: options.pid,
    expectedComm: options.expectedComm,
    onRow: (row) => series.push(row),
    ...(options.onProgress ? {onProgress: options.onProgress} : {}),
  })
  // Everything the page shows comes from these four values: redacting them redacts the page.
  const shown = {result: toAnalyzeResult(analyzed), series: series.finish(), session: analyzed.input.summary, enrollment: analyzed.input.enrollment}
  const enabled = options.redact ?? true
  const redactor = enabled ? await Redactor.forValues([shown], {home: options.home ?? homedir()}) : new Redactor()
  const {result, series: data, session, enrollment} = enabled ? redactor.value(shown, 'report') : shown
  const page = renderReportPage({result, series: data, session, enrollment, generator: options.generator ?? 'trace-doctor'})
  const cwd = options.cwd ?? process.cwd()
  const output = options.output !== undefined ? resolve(cwd, options.output) : defaultOutput(analyzed.input.sessionDir, cwd)
  const bytes = Buffer.byteLength(page.html)
  try {
    await writeOutputFile(output, page.html)
  } catch (error) {
    if (error instanceof OutputWriteError) throw error
    throw new OutputWriteError(output, describeErrno(error), error)
  }
  return {
    output,
    bytes,
    snapshots: result.summary.snapshot_count,
    points: page.points,
    anomalies: result.summary.anomaly_count,
    identity_drift: result.summary.identity_drift,
    warnings: result.warnings,
    redactions: redactor.summary(enabled),
  }
}

export function defaultOutput(sessionDir: string | undefined, cwd: string): string {
  return sessionDir !== undefined ? join(sessionDir, REPORT_FILE) : resolve(cwd, BARE_REPORT_FILE)
}
