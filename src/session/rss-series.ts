/**
 * A downsampled RSS-over-time series built in one streaming pass with flat memory.
 *
 * The row count is unknown until the end of the file, so buckets start one row wide and, each
 * time all `maxPoints` buckets are full, neighbours are merged pairwise (max of the pair, the
 * earlier timestamp) and the width doubles. The result has between maxPoints/2 and maxPoints
 * points, each the **maximum** RSS of its bucket: a spike is never averaged away, which is what
 * a reader looking for a leak or an OOM needs.
 */
export interface RssPoint {
  /** `captured_at`/`ts` of the first row in the bucket, if it had one. */
  ts: string | undefined
  /** Index of the first row in the bucket. */
  firstRow: number
  /** Maximum `vm_rss_kb` in the bucket. */
  rssKb: number
}

export const DEFAULT_CHART_POINTS = 100

export class RssDownsampler {
  private points: RssPoint[] = []
  private width = 1
  private rows = 0
  private readonly maxPoints: number

  constructor(maxPoints = DEFAULT_CHART_POINTS) {
    if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError('maxPoints must be an integer >= 2')
    // An even capacity lets pairs merge without a leftover.
    this.maxPoints = maxPoints - (maxPoints % 2)
  }

  /** Adds one row's RSS; `undefined` (missing or bad field) still advances the row count. */
  push(rssKb: number | undefined, ts: string | undefined): void {
    const row = this.rows++
    const bucketIndex = Math.floor(row / this.width)
    if (bucketIndex >= this.maxPoints) {
      this.compact()
      return this.pushAt(Math.floor(row / this.width), row, rssKb, ts)
    }
    this.pushAt(bucketIndex, row, rssKb, ts)
  }

  private pushAt(bucketIndex: number, row: number, rssKb: number | undefined, ts: string | undefined): void {
    let bucket = this.points[bucketIndex]
    if (bucket === undefined) {
      bucket = {ts, firstRow: row, rssKb: -1}
      this.points[bucketIndex] = bucket
    }
    if (rssKb !== undefined && rssKb > bucket.rssKb) bucket.rssKb = rssKb
  }

  private compact(): void {
    const merged: RssPoint[] = []
    for (let i = 0; i < this.points.length; i += 2) {
      const a = this.points[i]!
      const b = this.points[i + 1]
      merged.push(b === undefined ? a : {ts: a.ts, firstRow: a.firstRow, rssKb: Math.max(a.rssKb, b.rssKb)})
    }
    this.points = merged
    this.width *= 2
  }

  get rowCount(): number {
    return this.rows
  }

  /** Buckets that saw at least one readable RSS value, in time order. */
  finish(): RssPoint[] {
    return this.points.filter((p) => p.rssKb >= 0).map((p) => ({...p}))
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
