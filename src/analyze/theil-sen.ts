import {linearRegression, linearRegressionLine, rSquared} from 'simple-statistics'

/**
 * Theil–Sen estimator: the median of the slopes between all pairs of points, and the median of
 * `y − slope·x` as intercept. Robust to up to ~29 % outliers (a GC spike, a page-cache burst),
 * where least squares is pulled by one bad point. O(m²): run it on a bounded sample.
 */
export function theilSen(xs: readonly number[], ys: readonly number[]): {slope: number; intercept: number} | undefined {
  const m = xs.length
  if (m < 2) return undefined
  const slopes = new Float64Array((m * (m - 1)) / 2)
  let k = 0
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const dx = xs[j]! - xs[i]!
      if (dx !== 0) slopes[k++] = (ys[j]! - ys[i]!) / dx
    }
  }
  if (k === 0) return undefined
  const slope = medianOf(slopes.subarray(0, k))
  const residuals = new Float64Array(m)
  for (let i = 0; i < m; i++) residuals[i] = ys[i]! - slope * xs[i]!
  return {slope, intercept: medianOf(residuals)}
}

/** Median by quickselect (O(n), in place): a full sort of ~33k slopes per trace was measurable in recover. */
function medianOf(values: Float64Array): number {
  const n = values.length
  const mid = n >> 1
  const upper = select(values, mid)
  if (n % 2 === 1) return upper
  // values[0..mid) now hold the lower half: its maximum is the other middle value.
  let lower = -Infinity
  for (let i = 0; i < mid; i++) if (values[i]! > lower) lower = values[i]!
  return (lower + upper) / 2
}

/** Hoare-style quickselect: the k-th smallest value; rearranges `a` so a[0..k) <= a[k]. */
function select(a: Float64Array, k: number): number {
  let lo = 0
  let hi = a.length - 1
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) {
        const t = a[i]!
        a[i] = a[j]!
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return a[k]!
  }
  return a[k]!
}

/** R² of the least-squares line through the points (how straight the growth is). */
export function linearFitRSquared(xs: readonly number[], ys: readonly number[]): number | undefined {
  if (xs.length < 3) return undefined
  const pairs = xs.map((x, i) => [x, ys[i]!] as [number, number])
  const line = linearRegressionLine(linearRegression(pairs))
  const r2 = rSquared(pairs, line)
  return Number.isFinite(r2) ? r2 : undefined
}
