/**
 * Peak-keeping downsampling of several series at once, with the time span of every bucket and
 * (optionally) the first snapshot's identity, in one pass and bounded memory: the one
 * downsampler of the project (HTML charts, the Mermaid chart, terminal sparklines).
 *
 * Values fall into at most `capacity` consecutive buckets of equal width (in rows); when they
 * run out, neighbours merge pairwise (min of mins, max of maxes) and the width doubles, so a
 * spike in one row survives any amount of downsampling, which plain decimation cannot promise.
 * The channels move in lockstep: bucket k of RSS and bucket k of CPU cover the same rows and the
 * same time, which a shared time axis needs.
 *
 * A missing value is NaN and is ignored by min/max: a bucket whose rows all lack a field has NaN
 * for it and the chart shows a gap there.
 */

/** What the hover readout shows beside the numbers: the first row of the bucket. */
export interface BucketLabel {
  comm: string
  state: string
  wchan: string
}

export interface Buckets {
  /** Rows per bucket (the last one may hold fewer). */
  width: number
  /** Rows pushed. */
  rows: number
  /** Per bucket: first/last row index, first/last time in ms since the epoch (NaN when unknown). */
  seq0: number[]
  seq1: number[]
  t0: number[]
  t1: number[]
  /** Per channel, per bucket. */
  min: number[][]
  max: number[][]
  /** The first row's identity per bucket, when labels were pushed. */
  labels: Array<BucketLabel | undefined>
  /** The comm changed inside the bucket: its first row's comm is not the whole story. */
  commChanged: boolean[]
}

export class SeriesBuckets {
  private readonly mins: Float64Array
  private readonly maxs: Float64Array
  private readonly seq0: Float64Array
  private readonly seq1: Float64Array
  private readonly t0: Float64Array
  private readonly t1: Float64Array
  private readonly labels: Array<BucketLabel | undefined> = []
  private readonly changed: boolean[] = []
  private n = 0
  private width = 1
  private inLast = 0
  private rows = 0

  constructor(
    private readonly channels: number,
    private readonly capacity = 2048,
  ) {
    if (capacity < 2 || capacity % 2 !== 0) throw new RangeError('capacity must be an even number >= 2')
    this.mins = new Float64Array(capacity * channels)
    this.maxs = new Float64Array(capacity * channels)
    this.seq0 = new Float64Array(capacity)
    this.seq1 = new Float64Array(capacity)
    this.t0 = new Float64Array(capacity)
    this.t1 = new Float64Array(capacity)
  }

  /** One row: its index, its time (NaN if unknown), one value per channel (NaN if missing). */
  push(seq: number, timeMs: number, values: readonly number[], label?: BucketLabel): void {
    this.rows++
    const c = this.channels
    if (this.n > 0 && this.inLast < this.width) {
      const i = this.n - 1
      for (let k = 0; k < c; k++) {
        this.mins[i * c + k] = nanMin(this.mins[i * c + k]!, values[k]!)
        this.maxs[i * c + k] = nanMax(this.maxs[i * c + k]!, values[k]!)
      }
      this.seq1[i] = seq
      if (!Number.isNaN(timeMs)) {
        if (Number.isNaN(this.t0[i]!)) this.t0[i] = timeMs
        this.t1[i] = timeMs
      }
      if (label?.comm !== this.labels[i]?.comm) this.changed[i] = true
      this.inLast++
      return
    }
    if (this.n === this.capacity) this.halve()
    const i = this.n++
    for (let k = 0; k < c; k++) {
      this.mins[i * c + k] = values[k]!
      this.maxs[i * c + k] = values[k]!
    }
    this.seq0[i] = seq
    this.seq1[i] = seq
    this.t0[i] = timeMs
    this.t1[i] = timeMs
    this.labels[i] = label
    this.changed[i] = false
    this.inLast = 1
  }

  /** Rows pushed so far. */
  get rowCount(): number {
    return this.rows
  }

  buckets(): Buckets {
    const c = this.channels
    const min: number[][] = []
    const max: number[][] = []
    for (let k = 0; k < c; k++) {
      min.push(Array.from({length: this.n}, (_, i) => this.mins[i * c + k]!))
      max.push(Array.from({length: this.n}, (_, i) => this.maxs[i * c + k]!))
    }
    const slice = (a: Float64Array) => Array.from(a.subarray(0, this.n))
    return {
      width: this.width,
      rows: this.rows,
      seq0: slice(this.seq0),
      seq1: slice(this.seq1),
      t0: slice(this.t0),
      t1: slice(this.t1),
      min,
      max,
      labels: this.labels.slice(0, this.n),
      commChanged: this.changed.slice(0, this.n),
    }
  }

  /** Merges neighbours pairwise: capacity buckets become capacity / 2, each twice as wide. */
  private halve(): void {
    const c = this.channels
    for (let j = 0; j < this.capacity / 2; j++) {
      const a = 2 * j
      const b = a + 1
      for (let k = 0; k < c; k++) {
        this.mins[j * c + k] = nanMin(this.mins[a * c + k]!, this.mins[b * c + k]!)
        this.maxs[j * c + k] = nanMax(this.maxs[a * c + k]!, this.maxs[b * c + k]!)
      }
      this.seq0[j] = this.seq0[a]!
      this.seq1[j] = this.seq1[b]!
      this.t0[j] = Number.isNaN(this.t0[a]!) ? this.t0[b]! : this.t0[a]!
      this.t1[j] = Number.isNaN(this.t1[b]!) ? this.t1[a]! : this.t1[b]!
      this.changed[j] = this.changed[a]! || this.changed[b]! || this.labels[a]?.comm !== this.labels[b]?.comm
      this.labels[j] = this.labels[a]!
    }
    this.n = this.capacity / 2
    this.labels.length = this.n
    this.changed.length = this.n
    this.width *= 2
  }
}

function nanMin(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : a < b ? a : b
}

function nanMax(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : a > b ? a : b
}
