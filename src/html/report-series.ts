/**
 * What the report charts are drawn from: every row of the trace goes through `ReportSeries.push`
 * (in the same pass as the analysis), and `finish` hands back at most `capacity` peak-keeping
 * buckets per metric with their time spans.
 */
import {commOf, countField, cpuPercent, oomScore, stringField, timestampOf, type Row} from '../model/snapshot-fields.js'
import {timestampMs} from '../model/timestamp.js'
import {SeriesBuckets, type Buckets} from '../analyze/series-buckets.js'

/** The charted metrics, in channel order. */
export const METRICS = ['vm_rss_kb', 'cpu_percent', 'threads', 'fd_count', 'fd_soft_limit', 'oom_score'] as const
export type Metric = (typeof METRICS)[number]

/** Few thousand points: enough for any screen, small enough for a 5 MB page (issue 6). */
export const REPORT_BUCKETS = 2048

export interface ReportSeriesData extends Buckets {
  metrics: readonly Metric[]
  /** Every bucket has a time: the x axis is time; otherwise it is the row index. */
  hasTime: boolean
}

export class ReportSeries {
  private readonly buckets: SeriesBuckets
  private seq = 0
  private readonly values = new Array<number>(METRICS.length)

  constructor(capacity = REPORT_BUCKETS) {
    this.buckets = new SeriesBuckets(METRICS.length, capacity)
  }

  push(row: Row): void {
    const v = this.values
    v[0] = countField(row, 'vm_rss_kb') ?? NaN
    v[1] = cpuPercent(row) ?? NaN
    v[2] = countField(row, 'threads') ?? NaN
    v[3] = countField(row, 'fd_count') ?? NaN
    const limit = countField(row, 'fd_soft_limit')
    v[4] = limit !== undefined && limit > 0 ? limit : NaN
    v[5] = oomScore(row) ?? NaN
    const ts = timestampOf(row)
    const timeMs = ts === undefined ? NaN : (timestampMs(ts) ?? NaN)
    const label = {comm: commOf(row) ?? '', state: stringField(row, 'state') ?? '', wchan: stringField(row, 'wchan') ?? ''}
    this.buckets.push(this.seq++, timeMs, v, label)
  }

  finish(): ReportSeriesData {
    const b = this.buckets.buckets()
    return {...b, metrics: METRICS, hasTime: b.t0.length > 0 && b.t0.every((t) => !Number.isNaN(t))}
  }
}

export function metricIndex(metric: Metric): number {
  return METRICS.indexOf(metric)
}
