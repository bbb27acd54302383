/**
 * Trends over a whole trace, beyond the original anomaly rules: percentiles of RSS and CPU, and an
 * honest memory-leak verdict in place of "last > 2 × first".
 *
 * The leak test runs on `rss_anon_kb` when the rows carry it (anonymous memory is what a leak
 * grows; file-backed pages are reclaimable and come and go with the page cache), else on
 * `vm_rss_kb`. Its slope is Theil–Sen (robust to spikes) in KB per minute over a bounded,
 * evenly spaced sample of the series, with the R² of a linear fit to say how straight the growth
 * is, and the slope of the last quarter to tell a plateau (not a leak) from ongoing growth.
 */
import {countField, cpuPercent, type Row} from '../model/snapshot-fields.js'
import {EvenSample} from './even-sample.js'
import {QuantileSketch} from './quantile-sketch.js'
import {linearFitRSquared, theilSen} from './theil-sen.js'
import {timestampMs} from '../model/timestamp.js'

export const LEAK_RULE = Object.freeze({
  minSnapshots: 20,
  minDurationSeconds: 600,
  minRSquared: 0.8,
  minGrowthKb: 64 * 1024,
  minGrowthFractionOfStart: 0.2,
  minLastQuarterSlopeRatio: 0.5,
  /** Use rss_anon_kb when at least this share of timed rows carry it. */
  anonCoverage: 0.9,
})
/** Points kept for the slope fit: Theil–Sen is O(m²), and 256 evenly spaced points pin a slope well. */
export const TREND_SAMPLE_POINTS = 256

export interface Percentiles {
  p50: number
  p95: number
  max: number
}

export type LeakVerdict = 'rss_leak_suspected' | 'no_leak_suspected' | 'insufficient_data'

export interface MemoryTrend {
  metric: 'rss_anon_kb' | 'vm_rss_kb'
  start_kb: number
  end_kb: number
  slope_kb_per_min: number
  r_squared: number | null
  last_quarter_slope_kb_per_min: number | null
  growth_kb: number
  limit_kb: number | null
  projected_minutes_to_limit: number | null
  sample_points: number
}

export interface Trends {
  duration_seconds: number | null
  rss_kb: Percentiles | null
  cpu_percent: Percentiles | null
  memory: MemoryTrend | null
  leak: {verdict: LeakVerdict; reasons: string[]}
}

export class TrendTracker {
  private readonly rss = new QuantileSketch()
  private readonly cpu = new QuantileSketch()
  private readonly rssSeries = new SampledSeries()
  private readonly anonSeries = new SampledSeries()
  private timedRows = 0
  private firstMs: number | undefined
  private lastTs: string | undefined

  /** `ts` is the row's timestamp text, or undefined when it has none. */
  observe(row: Row, ts: string | undefined): void {
    const rss = countField(row, 'vm_rss_kb')
    if (rss !== undefined) this.rss.add(rss)
    const cpu = cpuPercent(row)
    if (cpu !== undefined) this.cpu.add(cpu)
    if (ts === undefined) return
    if (this.firstMs === undefined) {
      this.firstMs = timestampMs(ts)
      if (this.firstMs === undefined) return
    }
    this.timedRows++
    this.lastTs = ts
    if (rss !== undefined) this.rssSeries.observe(ts, rss, this.firstMs)
    const anon = countField(row, 'rss_anon_kb')
    if (anon !== undefined) this.anonSeries.observe(ts, anon, this.firstMs)
  }

  finish(snapshotCount: number, memoryLimitKb?: number): Trends {
    const lastMs = this.lastTs === undefined ? undefined : timestampMs(this.lastTs)
    const durationSeconds = this.firstMs === undefined || lastMs === undefined ? null : (lastMs - this.firstMs) / 1000
    const useAnon = this.timedRows > 0 && this.anonSeries.count >= LEAK_RULE.anonCoverage * this.timedRows
    const chosen = useAnon ? this.anonSeries : this.rssSeries
    const memory = memoryTrend(useAnon ? 'rss_anon_kb' : 'vm_rss_kb', chosen.points(this.firstMs), memoryLimitKb)
    return {
      duration_seconds: durationSeconds,
      rss_kb: percentiles(this.rss),
      cpu_percent: percentiles(this.cpu),
      memory,
      leak: judgeLeak(memory, snapshotCount, durationSeconds),
    }
  }
}

/** (minutes since the first row, value) points, bounded; timestamps parsed only for kept points. */
class SampledSeries {
  private readonly sample = new EvenSample(TREND_SAMPLE_POINTS)
  private lastTs: string | undefined
  private lastValue = 0

  observe(ts: string, value: number, firstMs: number): void {
    this.lastTs = ts
    this.lastValue = value
    if (!this.sample.next()) return
    const ms = timestampMs(ts)
    if (ms !== undefined) this.sample.add((ms - firstMs) / 60_000, value)
  }

  get count(): number {
    return this.sample.count
  }

  points(firstMs: number | undefined): {xs: number[]; ys: number[]} {
    const lastMs = this.lastTs === undefined ? undefined : timestampMs(this.lastTs)
    const last = lastMs === undefined || firstMs === undefined ? undefined : {x: (lastMs - firstMs) / 60_000, y: this.lastValue}
    return this.sample.points(last)
  }
}

/** p50/p95 within ±0.1 % (quantile-sketch.ts: bounded memory on any trace), max exact. */
function percentiles(sketch: QuantileSketch): Percentiles | null {
  if (sketch.count === 0) return null
  return {p50: sketch.quantile(0.5)!, p95: sketch.quantile(0.95)!, max: sketch.max!}
}

function memoryTrend(metric: MemoryTrend['metric'], {xs, ys}: {xs: number[]; ys: number[]}, limitKb: number | undefined): MemoryTrend | null {
  const fit = theilSen(xs, ys)
  if (fit === undefined) return null
  const first = xs[0]!
  const last = xs[xs.length - 1]!
  const quarterStart = first + 0.75 * (last - first)
  const tail = xs.flatMap((x, i) => (x >= quarterStart ? [i] : []))
  const tailFit = tail.length >= 3 ? theilSen(tail.map((i) => xs[i]!), tail.map((i) => ys[i]!)) : undefined
  const endFitted = fit.intercept + fit.slope * last
  const limit = limitKb !== undefined && limitKb > 0 ? limitKb : null
  const projected = limit !== null && fit.slope > 0 ? Math.max(0, (limit - endFitted) / fit.slope) : null
  return {
    metric,
    start_kb: ys[0]!,
    end_kb: ys[ys.length - 1]!,
    slope_kb_per_min: fit.slope,
    r_squared: linearFitRSquared(xs, ys) ?? null,
    last_quarter_slope_kb_per_min: tailFit?.slope ?? null,
    growth_kb: fit.slope * (last - first),
    limit_kb: limit,
    projected_minutes_to_limit: projected,
    sample_points: xs.length,
  }
}

/** The verdict and, either way, the reasons in words. */
export function judgeLeak(memory: MemoryTrend | null, snapshotCount: number, durationSeconds: number | null): Trends['leak'] {
  const r = LEAK_RULE
  if (memory === null || snapshotCount < r.minSnapshots || durationSeconds === null || durationSeconds < r.minDurationSeconds) {
    return {
      verdict: 'insufficient_data',
      reasons: [`needs >= ${r.minSnapshots} snapshots over >= ${r.minDurationSeconds / 60} minutes (have ${snapshotCount} over ${formatMinutes(durationSeconds)})`],
    }
  }
  const reasons: string[] = []
  const minGrowth = Math.max(r.minGrowthKb, r.minGrowthFractionOfStart * memory.start_kb)
  const checks: Array<[boolean, string]> = [
    [memory.slope_kb_per_min > 0, `slope ${memory.slope_kb_per_min.toFixed(1)} KB/min ${memory.slope_kb_per_min > 0 ? '>' : '<='} 0`],
    [
      memory.r_squared !== null && memory.r_squared >= r.minRSquared,
      `R² ${memory.r_squared === null ? 'n/a' : memory.r_squared.toFixed(2)} ${memory.r_squared !== null && memory.r_squared >= r.minRSquared ? '>=' : '<'} ${r.minRSquared}`,
    ],
    [memory.growth_kb >= minGrowth, `growth ${Math.round(memory.growth_kb)} KB ${memory.growth_kb >= minGrowth ? '>=' : '<'} ${Math.round(minGrowth)} KB`],
    [
      memory.last_quarter_slope_kb_per_min !== null && memory.last_quarter_slope_kb_per_min >= r.minLastQuarterSlopeRatio * memory.slope_kb_per_min,
      memory.last_quarter_slope_kb_per_min === null
        ? 'last-quarter slope n/a'
        : `last-quarter slope ${memory.last_quarter_slope_kb_per_min.toFixed(1)} KB/min vs ${(r.minLastQuarterSlopeRatio * memory.slope_kb_per_min).toFixed(1)} needed (a plateau is not a leak)`,
    ],
  ]
  let all = true
  for (const [ok, text] of checks) {
    reasons.push(`${ok ? 'ok' : 'no'}: ${text}`)
    all &&= ok
  }
  return {verdict: all ? 'rss_leak_suspected' : 'no_leak_suspected', reasons}
}

function formatMinutes(seconds: number | null): string {
  return seconds === null ? 'unknown time' : `${(seconds / 60).toFixed(1)} min`
}
