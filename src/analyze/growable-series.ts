/** A growable Float64Array: 8 bytes a value, for exact percentiles without keeping rows. */
export class GrowableSeries {
  private data = new Float64Array(1024)
  private n = 0

  push(value: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.n++] = value
  }

  get length(): number {
    return this.n
  }

  /** The values in order (a view: valid until the next push). */
  values(): Float64Array {
    return this.data.subarray(0, this.n)
  }
}
