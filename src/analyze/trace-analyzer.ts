/**
 * The analysis engine (docs/formats.md §6): one pass over the snapshots of a session, in order, holding no
 * array of snapshots. Feed rows with `push`, then `finish` once.
 *
 * Anomalies come out in the original tracer's order: per-snapshot rules in snapshot order (within a snapshot:
 * oom_spike, oom_critical, zombie_*, d_state, high_cpu, signals_pending, fd_high), then
 * rss_growth, then identity_drift. Each record's `ts` is its snapshot's `captured_at`
 * (trace-doctor improves: the original stamps the time of analysis), so output is reproducible.
 */
import type {Anomaly} from '../model/anomaly.js'
import {snapshotOf} from '../model/snapshot.js'
import {commOf, countField, oomScore, timestampOf, type Row} from '../model/snapshot-fields.js'
import {CommTally} from './comm-tally.js'
import type {Finding, SnapshotDetector} from './detectors/detector.js'
import {createDStateDetector} from './detectors/d-state.js'
import {createFdHighDetector, fdRatio} from './detectors/fd-high.js'
import {createHighCpuDetector} from './detectors/high-cpu.js'
import {detectIdentityDrift} from './detectors/identity-drift.js'
import {createOomCriticalDetector} from './detectors/oom-critical.js'
import {createOomSpikeDetector} from './detectors/oom-spike.js'
import {RssGrowthTracker} from './detectors/rss-growth.js'
import {createSignalsPendingDetector} from './detectors/signals-pending.js'
import {createZombieDetector} from './detectors/zombie.js'
import {describeValue, FieldChecker, type FieldIssue} from './field-checker.js'
import {resolveThresholds, type Thresholds} from './thresholds.js'
import {TrendTracker, type Trends} from './trends.js'
import {roundTo} from './round.js'
import {timestampMs} from '../model/timestamp.js'

export interface AnalyzerOptions {
  /** The pid written into anomaly records. */
  pid: number
  /** The comm the trace should show (the resolved target's); else the modal comm is used. */
  expectedComm?: string | undefined
  thresholds?: Partial<Thresholds>
  /** A memory limit, for the projected time to reach it. */
  memoryLimitKb?: number | undefined
  /**
   * Compute `trends` (default true). Finalization only needs the original summary fields and
   * anomalies; without trends the engine keeps no per-snapshot series at all.
   */
  trends?: boolean
  /** Report fields of the wrong type (default true); finalization has nowhere to show them. */
  checkFields?: boolean
  /**
   * Rows before this seq are the launch (a sidecar's `launch_rows`), as are rows marked
   * `"phase": "launch"`: the same process under a program it exec'd away from. They are counted
   * and timed but checked by no rule, and no baseline, peak or comm comes from them (issue 9).
   */
  launchRows?: number | undefined
}

export interface Analysis {
  snapshot_count: number
  anomaly_count: number
  peak_rss_kb: number
  peak_oom_score: number
  peak_fd_ratio: number
  tracked_comm: string | null
  tracked_comm_drift: boolean
  modal_comm: string | null
  expected_comm: string | null
  comm_counts: Array<{comm: string; count: number}>
  first_ts: string | null
  last_ts: string | null
  duration_seconds: number | null
  anomalies: Anomaly[]
  /** Empty (all null, `insufficient_data`) when the analyzer was built with `trends: false`. */
  trends: Trends
  /** Known fields of the wrong type (first 100), with the line they were on when known. */
  field_issues: FieldIssue[]
  field_issue_count: number
  /** Rows that were the launch, not the workload (0 for traces without launch information). */
  launch_rows: number
}

export class TraceAnalyzer {
  private readonly thresholds: Thresholds
  private readonly detectors: SnapshotDetector[]
  private readonly rssGrowth = new RssGrowthTracker()
  private readonly comms = new CommTally()
  private readonly trends: TrendTracker | undefined
  private readonly fields = new FieldChecker()
  private readonly anomalies: Anomaly[] = []
  private seq = 0
  private launchRowCount = 0
  private lastRow: Row | undefined
  private firstTs: string | undefined
  private lastTs: string | undefined
  /** The latest captured_at seen so far (ms): a row before it goes backwards. */
  private lastMs: number | undefined
  private peakRssKb = 0
  private peakOomScore = 0
  private peakFdRatio = 0
  private finished = false
  private readonly checkFields: boolean

  constructor(private readonly options: AnalyzerOptions) {
    const t = resolveThresholds(options.thresholds)
    this.thresholds = t
    this.trends = options.trends === false ? undefined : new TrendTracker()
    this.checkFields = options.checkFields !== false
    // Order matters: it is the order of anomalies within one snapshot (docs/formats.md §6).
    this.detectors = [
      createOomSpikeDetector(t),
      createOomCriticalDetector(t),
      createZombieDetector(t),
      createDStateDetector(t),
      createHighCpuDetector(t),
      createSignalsPendingDetector(),
      createFdHighDetector(t),
    ]
  }

  /** One row, in trace order: a tmpfs snapshot or a finalized proc_trace row. */
  push(row: Row, line?: number): void {
    if (this.finished) throw new Error('TraceAnalyzer.push after finish')
    const seq = this.seq++
    if (this.checkFields) this.fields.check(row, line ?? seq + 1)
    const ts = this.checkedTimestamp(row, line ?? seq + 1)
    if (ts !== undefined) {
      this.firstTs ??= ts
      this.lastTs = ts
    }
    if (row['phase'] === 'launch' || seq < (this.options.launchRows ?? 0)) {
      this.launchRowCount++
      return
    }
    for (const detector of this.detectors) {
      const finding = detector.observe(row, seq)
      if (finding !== undefined) this.anomalies.push(this.record(finding, seq, row))
    }
    this.rssGrowth.observe(row)
    this.comms.observe(commOf(row), seq, row)
    this.trends?.observe(row, ts)
    const rss = countField(row, 'vm_rss_kb')
    if (rss !== undefined && rss > this.peakRssKb) this.peakRssKb = rss
    const oom = oomScore(row)
    if (oom !== undefined && oom > this.peakOomScore) this.peakOomScore = oom
    const fd = fdRatio(row)
    if (fd !== undefined && fd.ratio > this.peakFdRatio) this.peakFdRatio = fd.ratio
    this.lastRow = row
  }

  /**
   * The row's captured_at when it is a timestamp. One that is no date, or that goes back in time
   * from the previous row's, is an input problem (a field issue), not a negative duration.
   */
  private checkedTimestamp(row: Row, line: number): string | undefined {
    const ts = timestampOf(row)
    if (ts === undefined) return undefined
    const ms = timestampMs(ts)
    if (ms === undefined) {
      if (this.checkFields) this.fields.report(line, 'captured_at', `expected an ISO 8601 timestamp, got ${describeValue(ts)}`)
      return undefined
    }
    if (this.lastMs !== undefined && ms < this.lastMs && this.checkFields) {
      this.fields.report(line, 'captured_at', `goes backwards: ${ts} is ${((this.lastMs - ms) / 1000).toFixed(3)} s before the previous snapshot's ${this.lastTs}`)
    }
    this.lastMs = Math.max(ms, this.lastMs ?? ms)
    return ts
  }

  finish(): Analysis {
    this.finished = true
    const count = this.seq
    // The rule's "≥ 5 snapshots" counts the workload's rows: a launch row is no baseline.
    const growth = this.rssGrowth.finish(count - this.launchRowCount, this.thresholds)
    if (growth !== undefined && this.lastRow !== undefined) this.anomalies.push(this.record(growth, count - 1, this.lastRow))
    const modal = this.comms.modal()
    const expected = this.options.expectedComm !== undefined && this.options.expectedComm !== '' ? this.options.expectedComm : modal
    const drift = detectIdentityDrift(this.comms, expected)
    if (drift !== undefined) this.anomalies.push(this.record(drift, drift.seq, drift.row))
    const trends = this.trends?.finish(count, this.options.memoryLimitKb) ?? NO_TRENDS
    return {
      snapshot_count: count,
      anomaly_count: this.anomalies.length,
      peak_rss_kb: this.peakRssKb,
      peak_oom_score: this.peakOomScore,
      peak_fd_ratio: roundTo(this.peakFdRatio, 3),
      tracked_comm: expected ?? null,
      tracked_comm_drift: this.comms.hasDrift(),
      modal_comm: modal ?? null,
      expected_comm: this.options.expectedComm || null,
      comm_counts: this.comms.counts(),
      first_ts: this.firstTs ?? null,
      last_ts: this.lastTs ?? null,
      duration_seconds: spanSeconds(this.firstTs, this.lastTs),
      anomalies: this.anomalies,
      trends,
      field_issues: this.fields.issues,
      field_issue_count: this.fields.count,
      launch_rows: this.launchRowCount,
    }
  }

  private record(finding: Finding, seq: number, row: Row): Anomaly {
    return {
      ts: timestampOf(row) ?? '',
      seq,
      event: 'anomaly',
      kind: finding.kind,
      severity: finding.severity,
      pid: this.options.pid,
      detail: finding.detail,
      snapshot: snapshotOf(row),
    }
  }
}

/** Null when unknown, and when the last row is before the first (reported as a field issue, never a negative span). */
function spanSeconds(first: string | undefined, last: string | undefined): number | null {
  const a = first === undefined ? undefined : timestampMs(first)
  const b = last === undefined ? undefined : timestampMs(last)
  return a === undefined || b === undefined || b < a ? null : (b - a) / 1000
}

const NO_TRENDS: Trends = Object.freeze({
  duration_seconds: null,
  rss_kb: null,
  cpu_percent: null,
  memory: null,
  leak: {verdict: 'insufficient_data', reasons: ['trends not computed']},
}) as Trends

/** The fields of summary.json (and of the index line) that come from the analysis (docs/formats.md §5). */
export function summaryFieldsOf(a: Analysis): Pick<Analysis, 'snapshot_count' | 'anomaly_count' | 'peak_rss_kb' | 'peak_oom_score' | 'peak_fd_ratio' | 'tracked_comm' | 'tracked_comm_drift'> {
  return {
    snapshot_count: a.snapshot_count,
    anomaly_count: a.anomaly_count,
    peak_rss_kb: a.peak_rss_kb,
    peak_oom_score: a.peak_oom_score,
    peak_fd_ratio: a.peak_fd_ratio,
    tracked_comm: a.tracked_comm,
    tracked_comm_drift: a.tracked_comm_drift,
  }
}

/** Analyzes rows already in memory (tests, small inputs). */
export function analyzeRows(rows: Iterable<Row>, options: AnalyzerOptions): Analysis {
  const analyzer = new TraceAnalyzer(options)
  for (const row of rows) analyzer.push(row)
  return analyzer.finish()
}
