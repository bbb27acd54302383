/**
 * Quantiles of a stream in bounded memory, with a guaranteed relative error: the DDSketch idea
 * (Masson, Rim & Lee, VLDB 2019). Values fall into logarithmic buckets of ratio γ = (1+α)/(1−α);
 * any quantile is answered by the bucket holding that rank, whose representative value is within
 * α of every value in it. Memory is one counter per bucket over the range of non-negative values
 * a trace holds (1e-6 … 1e15: ~24k counters, 190 KiB), whatever the number of snapshots; exact
 * percentiles would need every value kept.
 *
 * With α = 0.001 a p95 of 184,320 KB is reported within ±184 KB. Min and max are exact.
 */
export const QUANTILE_RELATIVE_ACCURACY = 0.001

const MIN_POSITIVE = 1e-6
const MAX_VALUE = 1e15

export class QuantileSketch {
  private readonly logGamma: number
  private readonly offset: number
  private readonly counts: Float64Array
  private zeros = 0
  private n = 0
  private lo = Infinity
  private hi = -Infinity
  // The buckets in use: a quantile scans only these, not all ~24k (a short trace's analysis
  // spent most of its time there, at every start of `analyze`).
  private firstIndex = Infinity
  private lastIndex = -Infinity

  constructor(private readonly alpha = QUANTILE_RELATIVE_ACCURACY) {
    const gamma = (1 + alpha) / (1 - alpha)
    this.logGamma = Math.log(gamma)
    this.offset = -Math.ceil(Math.log(MIN_POSITIVE) / this.logGamma)
    this.counts = new Float64Array(this.offset + Math.ceil(Math.log(MAX_VALUE) / this.logGamma) + 1)
  }

  /** Adds a non-negative finite value (others are ignored: the callers pass validated counts). */
  add(value: number): void {
    if (!(value >= 0) || value === Infinity) return
    this.n++
    if (value < this.lo) this.lo = value
    if (value > this.hi) this.hi = value
    if (value < MIN_POSITIVE) {
      this.zeros++
      return
    }
    const index = Math.min(this.counts.length - 1, Math.ceil(Math.log(value) / this.logGamma) + this.offset)
    this.counts[index]!++
    if (index < this.firstIndex) this.firstIndex = index
    if (index > this.lastIndex) this.lastIndex = index
  }

  get count(): number {
    return this.n
  }

  get max(): number | undefined {
    return this.n === 0 ? undefined : this.hi
  }

  /** The value at quantile q (0…1), nearest rank; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.n === 0) return undefined
    const rank = Math.min(this.n - 1, Math.max(0, Math.ceil(q * this.n) - 1))
    if (rank < this.zeros) return this.lo
    let seen = this.zeros
    for (let i = this.firstIndex; i <= this.lastIndex; i++) {
      seen += this.counts[i]!
      if (seen > rank) {
        const representative = (2 * Math.exp((i - this.offset) * this.logGamma)) / (1 + Math.exp(this.logGamma))
        return Math.min(this.hi, Math.max(this.lo, representative))
      }
    }
    return this.hi
  }
}
