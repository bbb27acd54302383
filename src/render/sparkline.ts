const BARS = '▁▂▃▄▅▆▇█'

/** A one-line Unicode sparkline of the values, scaled from their min to their max. */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return ''
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  const span = hi - lo
  return values.map((v) => BARS[span === 0 ? 0 : Math.min(BARS.length - 1, Math.floor(((v - lo) / span) * BARS.length))]).join('')
}
