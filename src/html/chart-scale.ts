/**
 * Axis arithmetic for the SVG charts: "nice" maxima and ticks for values, and tick steps that a
 * person reads at a glance for time (whole seconds, minutes, hours in UTC).
 */

export interface Tick {
  value: number
  label: string
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ `value` (1 for 0 or less). */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= value * (1 - 1e-12)) return m * power
  return 10 * power
}

/**
 * A value axis from 0 with 3–5 round steps covering `dataMax`: steps of 1, 2, 2.5 or 5 × 10^k
 * counted in `unit` (1024 to step in whole MiB for KiB values), whole numbers when `integer`.
 */
export function niceAxis(dataMax: number, format: (v: number) => string, options: {unit?: number; integer?: boolean} = {}): {max: number; ticks: Tick[]} {
  const unit = options.unit ?? 1
  const m = Math.max(dataMax, 0) / unit
  let step = niceCeiling(m / 4)
  if (options.integer) step = Math.max(1, Math.ceil(step))
  const n = Math.max(1, Math.ceil(m / step - 1e-9))
  const ticks = Array.from({length: n + 1}, (_, i) => ({value: i * step * unit, label: format(i * step * unit)}))
  return {max: n * step * unit, ticks}
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const TIME_STEPS = [1, 2, 5, 10, 15, 30].map((s) => s * SECOND)
  .concat([1, 2, 5, 10, 15, 30].map((m) => m * MINUTE))
  .concat([1, 2, 3, 6, 12, 24, 48, 168].map((h) => h * HOUR))

/** Ticks at round UTC times between `minMs` and `maxMs`, at most about `maxTicks` of them. */
export function timeTicks(minMs: number, maxMs: number, maxTicks = 8): Tick[] {
  const span = Math.max(maxMs - minMs, 1)
  const step = TIME_STEPS.find((s) => span / s <= maxTicks) ?? TIME_STEPS[TIME_STEPS.length - 1]!
  const ticks: Tick[] = []
  for (let t = Math.ceil(minMs / step) * step; t <= maxMs; t += step) ticks.push({value: t, label: clockLabel(t, step, span)})
  return ticks
}

function clockLabel(ms: number, step: number, span: number): string {
  const iso = new Date(ms).toISOString() // 2026-04-13T11:04:43.000Z
  const clock = step < MINUTE ? iso.slice(11, 19) : iso.slice(11, 16)
  return span >= 24 * HOUR ? `${iso.slice(5, 10)} ${clock}` : clock
}

/** Ticks at round row numbers, for traces without timestamps. */
export function seqTicks(min: number, max: number, maxTicks = 8): Tick[] {
  const step = niceCeiling(Math.max(max - min, 1) / maxTicks)
  const ticks: Tick[] = []
  for (let v = Math.ceil(min / step) * step; v <= max; v += step) ticks.push({value: v, label: `#${v}`})
  return ticks
}

/** Maps a domain [d0, d1] onto a range [r0, r1]; a zero-width domain maps to the range's middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2
  const k = (r1 - r0) / (d1 - d0)
  return (v) => r0 + (v - d0) * k
}

/** One decimal is plenty in a 960-unit viewBox and keeps the page small. */
export function coord(v: number): string {
  return (Math.round(v * 10) / 10).toString()
}
