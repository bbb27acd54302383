/**
 * Downsampling that keeps peaks, in one pass and bounded memory: values fall into at most
 * `capacity` consecutive buckets of equal width (in rows); when the buckets run out, neighbours
 * merge pairwise (min of mins, max of maxes) and the width doubles. A spike in one row survives
 * any amount of downsampling, which plain decimation cannot promise.
 */
export class MinMaxBuckets {
  private readonly mins: Float64Array
  private readonly maxs: Float64Array
  private n = 0
  private width = 1
  private inLast = 0
  private total = 0

  constructor(private readonly capacity = 512) {
    if (capacity < 2 || capacity % 2 !== 0) throw new RangeError('capacity must be an even number >= 2')
    this.mins = new Float64Array(capacity)
    this.maxs = new Float64Array(capacity)
  }

  push(value: number): void {
    this.total++
    if (this.n > 0 && this.inLast < this.width) {
      const i = this.n - 1
      if (value < this.mins[i]!) this.mins[i] = value
      if (value > this.maxs[i]!) this.maxs[i] = value
      this.inLast++
      return
    }
    if (this.n === this.capacity) {
      for (let k = 0; k < this.capacity / 2; k++) {
        this.mins[k] = Math.min(this.mins[2 * k]!, this.mins[2 * k + 1]!)
        this.maxs[k] = Math.max(this.maxs[2 * k]!, this.maxs[2 * k + 1]!)
      }
      this.n = this.capacity / 2
      this.width *= 2
    }
    this.mins[this.n] = value
    this.maxs[this.n] = value
    this.n++
    this.inLast = 1
  }

  /** Rows per bucket (the last bucket may hold fewer). */
  get bucketWidth(): number {
    return this.width
  }

  get count(): number {
    return this.total
  }

  buckets(): {min: number[]; max: number[]} {
    return {min: Array.from(this.mins.subarray(0, this.n)), max: Array.from(this.maxs.subarray(0, this.n))}
  }
}
