import {describe, expect, it} from 'vitest'
import {EvenSample} from '../../src/analyze/even-sample.js'
import {theilSen} from '../../src/analyze/theil-sen.js'
import {timestampMs} from '../../src/model/timestamp.js'
import {analyzeRows} from '../../src/analyze/trace-analyzer.js'
import {snapshot} from '../helpers/snapshots.js'

/** n rows, `intervalS` apart, RSS from `rss(i)`; rss_anon_kb when `anon` is given. */
function series(n: number, intervalS: number, rss: (i: number) => number, anon?: (i: number) => number) {
  const t0 = Date.UTC(2026, 3, 13, 11, 0, 0)
  return Array.from({length: n}, (_, i) =>
    snapshot(i, {
      captured_at: new Date(t0 + i * intervalS * 1000).toISOString().replace('Z', '000+00:00'),
      vm_rss_kb: Math.round(rss(i)),
      ...(anon ? {rss_anon_kb: Math.round(anon(i))} : {}),
    }),
  )
}
const trendsOf = (rows: Array<Record<string, unknown>>, memoryLimitKb?: number) => analyzeRows(rows, {pid: 1, memoryLimitKb}).trends

describe('leak verdict', () => {
  it('suspects a steady linear leak (≥ 20 snapshots, ≥ 10 min, R² ≥ 0.8, ≥ 64 MiB)', () => {
    const t = trendsOf(series(40, 30, (i) => 200_000 + i * 3_000))
    expect(t.leak.verdict).toBe('rss_leak_suspected')
    expect(t.memory!.metric).toBe('vm_rss_kb')
    expect(t.memory!.slope_kb_per_min).toBeCloseTo(6_000, 6)
    expect(t.memory!.r_squared).toBeCloseTo(1, 6)
    expect(t.duration_seconds).toBe(39 * 30)
  })

  it('uses rss_anon_kb when the rows carry it: file-backed RSS swings are not a leak', () => {
    // vm_rss grows (page cache) while anonymous memory is flat.
    const t = trendsOf(series(40, 30, (i) => 200_000 + i * 3_000, () => 120_000))
    expect(t.memory!.metric).toBe('rss_anon_kb')
    expect(t.leak.verdict).toBe('no_leak_suspected')
  })

  it('does not call a plateau a leak (last-quarter slope < half the overall)', () => {
    const t = trendsOf(series(80, 15, (i) => (i < 55 ? 200_000 + i * 4_000 : 200_000 + 55 * 4_000)))
    expect(t.memory!.slope_kb_per_min).toBeGreaterThan(0)
    expect(t.memory!.last_quarter_slope_kb_per_min).toBeCloseTo(0, 6)
    expect(t.leak.verdict).toBe('no_leak_suspected')
    expect(t.leak.reasons.some((r) => r.startsWith('no: last-quarter slope'))).toBe(true)
  })

  it('does not call noise a leak (R² < 0.8)', () => {
    const t = trendsOf(series(60, 20, (i) => 400_000 + (i % 2 === 0 ? 0 : 150_000) + i * 600))
    expect(t.memory!.r_squared!).toBeLessThan(0.8)
    expect(t.leak.verdict).toBe('no_leak_suspected')
  })

  it('needs growth of at least max(64 MiB, 20 % of the start)', () => {
    // 2 GB start: 20 % is 400 MB; growing 300 MB is below it.
    const t = trendsOf(series(40, 30, (i) => 2_000_000 + i * 7_700))
    expect(t.leak.verdict).toBe('no_leak_suspected')
    expect(t.leak.reasons.find((r) => r.startsWith('no: growth'))).toBeDefined()
  })

  it('says insufficient data below 20 snapshots or 10 minutes', () => {
    expect(trendsOf(series(19, 60, (i) => 100_000 + i * 50_000)).leak.verdict).toBe('insufficient_data')
    expect(trendsOf(series(100, 5, (i) => 100_000 + i * 50_000)).leak.verdict).toBe('insufficient_data')
  })

  it('projects the time until a known limit is reached', () => {
    const t = trendsOf(series(40, 30, (i) => 200_000 + i * 3_000), 1_000_000)
    // end ≈ 200000 + 39*3000 = 317000 KB; 683000 KB to go at 6000 KB/min.
    expect(t.memory!.projected_minutes_to_limit).toBeCloseTo(683_000 / 6_000, 3)
  })

  it('gives percentiles of RSS and CPU within 0.1 %, and the exact max', () => {
    const t = trendsOf(series(101, 1, (i) => i * 10))
    expect(t.rss_kb!.max).toBe(1000)
    expect(Math.abs(t.rss_kb!.p50 - 500) / 500).toBeLessThanOrEqual(0.001)
    expect(Math.abs(t.rss_kb!.p95 - 950) / 950).toBeLessThanOrEqual(0.001) // nearest rank: the 96th of 101
    expect(t.cpu_percent).toEqual({p50: 1.5, p95: 1.5, max: 1.5})
  })
})

describe('QuantileSketch', () => {
  it('answers every quantile within its relative accuracy, on skewed data, in fixed memory', async () => {
    const {QuantileSketch} = await import('../../src/analyze/quantile-sketch.js')
    const sketch = new QuantileSketch()
    const values: number[] = []
    let x = 12345
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31 // deterministic pseudo-random
      const v = i % 10 === 0 ? 0 : Math.exp((x / 2 ** 31) * 20) // zeros and 9 decades
      values.push(v)
      sketch.add(v)
    }
    values.sort((a, b) => a - b)
    for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
      const exact = values[Math.max(0, Math.ceil(q * values.length) - 1)]!
      const got = sketch.quantile(q)!
      if (exact === 0) expect(got).toBe(0)
      else expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(0.001)
    }
    expect(sketch.max).toBe(values.at(-1))
    expect(sketch.count).toBe(20_000)
  })
})

describe('theilSen', () => {
  it('ignores a single huge outlier that would drag least squares', () => {
    const xs = Array.from({length: 20}, (_, i) => i)
    const ys = xs.map((x) => 2 * x + 1)
    ys[10] = 10_000
    const fit = theilSen(xs, ys)!
    expect(fit.slope).toBeCloseTo(2, 9)
    expect(fit.intercept).toBeCloseTo(1, 9)
  })
})

describe('bounded samplers', () => {
  it('EvenSample stays bounded, evenly spaced, and keeps the last point', () => {
    const s = new EvenSample(16)
    for (let i = 0; i < 1000; i++) s.push(i, i)
    const {xs} = s.points({x: 999, y: 999})
    expect(xs.length).toBeLessThanOrEqual(17)
    const gaps = new Set(xs.slice(1, -1).map((x, i) => x - xs[i]!))
    expect(gaps.size).toBe(1)
    expect(xs[0]).toBe(0)
    expect(xs.at(-1)).toBe(999)
  })

  it('parses the tracer timestamp shape by hand exactly as Date.parse does, and falls back otherwise', () => {
    for (const ts of ['2026-04-13T11:04:43.123456+00:00', '2026-04-13T11:04:43.1Z', '2026-12-31T23:59:59.999999+00:00', '2026-04-13T11:04:43+02:00', '2026-04-13']) {
      expect(timestampMs(ts)).toBe(Date.parse(ts))
    }
    expect(timestampMs('2026-0X-13T11:04:43.123456+00:00')).toBeUndefined()
    expect(timestampMs('yesterday')).toBeUndefined()
  })

})
