import {describe, expect, it} from 'vitest'
import {AnomalyDigest} from '../../src/analyze/anomaly-digest.js'
import {RssDownsampler, TailBuffer} from '../../src/analyze/rss-series.js'

describe('RssDownsampler', () => {
  it('keeps every row while they fit', () => {
    const d = new RssDownsampler(100)
    for (let i = 0; i < 7; i++) d.push(i * 10, `t${i}`)
    expect(d.finish().map((p) => p.rssKb)).toEqual([0, 10, 20, 30, 40, 50, 60])
  })

  it.each([101, 1000, 300_000])('keeps at most 100 points for %i rows, with the global max', (n) => {
    const d = new RssDownsampler(100)
    const spikeAt = Math.floor(n * 0.37)
    for (let i = 0; i < n; i++) d.push(i === spikeAt ? 9_999_999 : 1000 + (i % 7), undefined)
    const points = d.finish()
    expect(points.length).toBeLessThanOrEqual(100)
    expect(points.length).toBeGreaterThanOrEqual(50)
    expect(Math.max(...points.map((p) => p.rssKb))).toBe(9_999_999)
    // Buckets are contiguous and ordered.
    for (let i = 1; i < points.length; i++) expect(points[i]!.firstRow).toBeGreaterThan(points[i - 1]!.firstRow)
  })

  it('skips buckets without a readable value but still counts rows', () => {
    const d = new RssDownsampler(10)
    d.push(undefined, '2026-04-13T11:04:43.000001+00:00')
    d.push(5, '2026-04-13T11:04:48.000001+00:00')
    d.push(7, 'not a time')
    expect(d.rowCount).toBe(3)
    expect(d.finish()).toEqual([
      {timeMs: Date.parse('2026-04-13T11:04:48.000001+00:00'), firstRow: 1, rssKb: 5},
      {timeMs: undefined, firstRow: 2, rssKb: 7},
    ])
  })
})

describe('TailBuffer', () => {
  it('keeps the last n items, oldest first', () => {
    const t = new TailBuffer<number>(3)
    for (let i = 0; i < 10; i++) t.push(i)
    expect(t.toArray()).toEqual([7, 8, 9])
    const short = new TailBuffer<number>(3)
    short.push(1)
    expect(short.toArray()).toEqual([1])
  })
})

describe('AnomalyDigest', () => {
  it('keeps critical rows over warnings when full, and returns them in file order', () => {
    const d = new AnomalyDigest(3)
    const push = (kind: string, severity: string): void => d.push({kind, severity, detail: {}})
    push('high_cpu_sustained', 'warning')
    push('high_cpu_sustained', 'warning')
    push('fd_high', 'warning')
    push('oom_critical', 'critical')
    push('high_cpu_sustained', 'warning')
    push('identity_drift', 'critical')
    const r = d.finish()
    expect(r.total).toBe(6)
    expect(r.rows.map((x) => x.index)).toEqual([0, 3, 5])
    expect(r.kinds).toEqual(['fd_high', 'high_cpu_sustained', 'identity_drift', 'oom_critical'])
    expect(r.countByKind['high_cpu_sustained']).toBe(3)
    expect(r.firstByKind['oom_critical']!.index).toBe(3)
  })
})
