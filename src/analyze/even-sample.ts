/**
 * A bounded, evenly spaced sample of a series of unknown length, in one pass.
 *
 * Keeps every `stride`-th point; when the buffer is full it drops every other point and doubles
 * the stride, so the kept points stay evenly spaced in index and never exceed `capacity`
 * (plus the last point, always kept so the series' end is exact). Memory and time per point
 * are constant, which lets O(m²) estimators such as Theil–Sen run on huge traces.
 */
export class EvenSample {
  private readonly xs: Float64Array
  private readonly ys: Float64Array
  private n = 0
  private stride = 1
  private index = 0
  private lastX = Number.NaN
  private lastY = Number.NaN
  private lastKept = true

  constructor(private readonly capacity = 512) {
    if (capacity < 4 || capacity % 2 !== 0) throw new RangeError('capacity must be an even number >= 4')
    this.xs = new Float64Array(capacity)
    this.ys = new Float64Array(capacity)
  }

  push(x: number, y: number): void {
    const i = this.index++
    this.lastX = x
    this.lastY = y
    this.lastKept = false
    if (i % this.stride !== 0) return
    if (this.n === this.capacity) {
      for (let k = 0; k < this.capacity / 2; k++) {
        this.xs[k] = this.xs[2 * k]!
        this.ys[k] = this.ys[2 * k]!
      }
      this.n = this.capacity / 2
      this.stride *= 2
      if (i % this.stride !== 0) return
    }
    this.xs[this.n] = x
    this.ys[this.n] = y
    this.n++
    this.lastKept = true
  }

  /** How many points were pushed. */
  get count(): number {
    return this.index
  }

  /** The kept points, in order, the last pushed point included. */
  points(): {xs: number[]; ys: number[]} {
    const xs = Array.from(this.xs.subarray(0, this.n))
    const ys = Array.from(this.ys.subarray(0, this.n))
    if (!this.lastKept && this.index > 0) {
      xs.push(this.lastX)
      ys.push(this.lastY)
    }
    return {xs, ys}
  }
}
