/**
 * A bounded, evenly spaced sample of a series of unknown length, in one pass.
 *
 * Keeps every `stride`-th point; when the buffer is full it drops every other point and doubles
 * the stride, so the kept points stay evenly spaced in index and never exceed `capacity`. Memory
 * and time per point are constant, which lets O(m²) estimators such as Theil–Sen run on huge
 * traces. `next()` says whether the coming point will be kept before its x is computed, so a
 * caller can skip costly work (parsing a timestamp) for the points that are dropped anyway.
 */
export class EvenSample {
  private readonly xs: Float64Array
  private readonly ys: Float64Array
  private n = 0
  private stride = 1
  private index = 0

  constructor(private readonly capacity = 512) {
    if (capacity < 4 || capacity % 2 !== 0) throw new RangeError('capacity must be an even number >= 4')
    this.xs = new Float64Array(capacity)
    this.ys = new Float64Array(capacity)
  }

  /** Counts one more point; true when it is to be kept, then `add` it. */
  next(): boolean {
    const i = this.index++
    if (i % this.stride !== 0) return false
    if (this.n === this.capacity) {
      for (let k = 0; k < this.capacity / 2; k++) {
        this.xs[k] = this.xs[2 * k]!
        this.ys[k] = this.ys[2 * k]!
      }
      this.n = this.capacity / 2
      this.stride *= 2
      return i % this.stride === 0
    }
    return true
  }

  add(x: number, y: number): void {
    this.xs[this.n] = x
    this.ys[this.n] = y
    this.n++
  }

  push(x: number, y: number): void {
    if (this.next()) this.add(x, y)
  }

  /** How many points were counted. */
  get count(): number {
    return this.index
  }

  /** The kept points in order, with `last` appended when it is a point that was not kept. */
  points(last?: {x: number; y: number}): {xs: number[]; ys: number[]} {
    const xs = Array.from(this.xs.subarray(0, this.n))
    const ys = Array.from(this.ys.subarray(0, this.n))
    if (last !== undefined && (xs.length === 0 || xs[xs.length - 1]! < last.x)) {
      xs.push(last.x)
      ys.push(last.y)
    }
    return {xs, ys}
  }
}
