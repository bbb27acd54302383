/**
 * RSS over time for the chart: at most `maxPoints` points, each the **maximum** RSS of
 * its bucket (a spike is never averaged away), built in one streaming pass with flat memory by
 * the project's one downsampler (analyze/series-buckets.ts).
 */
import {SeriesBuckets} from './series-buckets.js'
import {timestampMs} from '../model/timestamp.js'

export interface RssPoint {
  /** Time of the first timed row in the bucket (ms since the epoch), if any had one. */
  timeMs: number | undefined
  /** Index of the first row in the bucket. */
  firstRow: number
  /** Maximum `vm_rss_kb` in the bucket. */
  rssKb: number
}

export const DEFAULT_CHART_POINTS = 100

export class RssDownsampler {
  private readonly buckets: SeriesBuckets

  constructor(maxPoints = DEFAULT_CHART_POINTS) {
    if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError('maxPoints must be an integer >= 2')
    // An even capacity lets pairs merge without a leftover.
    this.buckets = new SeriesBuckets(1, maxPoints - (maxPoints % 2))
  }

  /** Adds one row's RSS; `undefined` (missing or bad field) still advances the row count. */
  push(rssKb: number | undefined, ts: string | undefined): void {
    const timeMs = ts === undefined ? Number.NaN : (timestampMs(ts) ?? Number.NaN)
    this.buckets.push(this.rowCount, timeMs, [rssKb ?? Number.NaN])
  }

  get rowCount(): number {
    return this.buckets.rowCount
  }

  /** Buckets that saw at least one readable RSS value, in row order. */
  finish(): RssPoint[] {
    const b = this.buckets.buckets()
    return b.seq0.flatMap((firstRow, i) => {
      const rssKb = b.max[0]![i]!
      const t = b.t0[i]!
      return Number.isNaN(rssKb) ? [] : [{timeMs: Number.isNaN(t) ? undefined : t, firstRow, rssKb}]
    })
  }
}

/** Keeps the last `size` items of a stream (the trace block shows the last 10 rows). */
export class TailBuffer<T> {
  private readonly items: T[] = []
  private next = 0

  constructor(private readonly size: number) {}

  push(item: T): void {
    if (this.size <= 0) return
    if (this.items.length < this.size) this.items.push(item)
    else this.items[this.next] = item
    this.next = (this.next + 1) % this.size
  }

  /** Oldest first. */
  toArray(): T[] {
    if (this.items.length < this.size) return [...this.items]
    return [...this.items.slice(this.next), ...this.items.slice(0, this.next)]
  }
}
