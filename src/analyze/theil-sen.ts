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

function medianOf(values: Float64Array): number {
  values.sort()
  const mid = values.length >> 1
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2
}

/** R² of the least-squares line through the points (how straight the growth is). */
export function linearFitRSquared(xs: readonly number[], ys: readonly number[]): number | undefined {
  if (xs.length < 3) return undefined
  const pairs = xs.map((x, i) => [x, ys[i]!] as [number, number])
  const line = linearRegressionLine(linearRegression(pairs))
  const r2 = rSquared(pairs, line)
  return Number.isFinite(r2) ? r2 : undefined
}
