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

  /** The values sorted ascending (a copy; the series is left as it was). */
  sorted(): Float64Array {
    return this.data.slice(0, this.n).sort()
  }
}
