import {describe, expect, it} from 'vitest'
import {ReportSeries, METRICS} from '../../src/html/report-series.js'
import {SeriesBuckets} from '../../src/analyze/series-buckets.js'
import {snapshot} from '../helpers/snapshots.js'

const label = (comm = 'claude') => ({comm, state: 'sleeping', wchan: ''})

describe('SeriesBuckets', () => {
  it('keeps every row while it fits, then merges pairwise keeping min and max', () => {
    const b = new SeriesBuckets(1, 8)
    for (let i = 0; i < 8; i++) b.push(i, 1000 * i, [i], label())
    expect(b.buckets().width).toBe(1)
    expect(b.buckets().max[0]).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    b.push(8, 8000, [100], label())
    const out = b.buckets()
    expect(out.width).toBe(2)
    expect(out.min[0]).toEqual([0, 2, 4, 6, 100])
    expect(out.max[0]).toEqual([1, 3, 5, 7, 100])
    expect(out.seq0).toEqual([0, 2, 4, 6, 8])
    expect(out.seq1).toEqual([1, 3, 5, 7, 8])
    expect(out.t0).toEqual([0, 2000, 4000, 6000, 8000])
    expect(out.t1).toEqual([1000, 3000, 5000, 7000, 8000])
    expect(out.rows).toBe(9)
  })

  it('keeps a one-row spike and a one-row dip through any amount of downsampling', () => {
    const b = new SeriesBuckets(1, 16)
    for (let i = 0; i < 100_000; i++) b.push(i, NaN, [i === 77_777 ? 9_999 : i === 12_345 ? -5 : 50], label())
    const out = b.buckets()
    expect(out.seq0.length).toBeLessThanOrEqual(16)
    expect(Math.max(...out.max[0]!)).toBe(9_999)
    expect(Math.min(...out.min[0]!)).toBe(-5)
    const spikeBucket = out.max[0]!.indexOf(9_999)
    expect(out.seq0[spikeBucket]!).toBeLessThanOrEqual(77_777)
    expect(out.seq1[spikeBucket]!).toBeGreaterThanOrEqual(77_777)
  })

  it('ignores missing values (NaN) in min/max and leaves NaN where a bucket has none', () => {
    const b = new SeriesBuckets(2, 4)
    const values: Array<[number, number]> = [[1, NaN], [NaN, NaN], [3, NaN], [NaN, NaN], [5, 7], [NaN, 2], [1, NaN], [NaN, NaN], [2, NaN]]
    values.forEach((v, i) => b.push(i, NaN, v, label()))
    const out = b.buckets()
    expect(out.width).toBe(4)
    expect(out.min[0]).toEqual([1, 1, 2])
    expect(out.max[0]).toEqual([3, 5, 2])
    expect(out.max[1]).toEqual([NaN, 7, NaN])
    expect(out.min[1]).toEqual([NaN, 2, NaN])
  })

  it('flags a bucket whose comm changes inside it, also across merges', () => {
    const b = new SeriesBuckets(1, 4)
    const comms = ['claude', 'claude', 'claude', 'script', 'claude', 'claude', 'claude', 'claude', 'claude']
    comms.forEach((c, i) => b.push(i, NaN, [i], label(c)))
    const out = b.buckets()
    expect(out.width).toBe(4)
    expect(out.commChanged).toEqual([true, false, false])
    expect(out.labels.map((l) => l?.comm)).toEqual(['claude', 'claude', 'claude'])
  })

  it('rejects a capacity that cannot halve', () => {
    expect(() => new SeriesBuckets(1, 3)).toThrow(RangeError)
  })
})

describe('ReportSeries', () => {
  it('reads the charted fields from rows, treating wrong types and sentinels as missing', () => {
    const s = new ReportSeries(8)
    s.push(snapshot(0, {vm_rss_kb: 2048, cpu_percent: 12.5, oom_score: 700}))
    s.push(snapshot(1, {vm_rss_kb: '4096', cpu_percent: 'high', oom_score: -1, fd_soft_limit: 0}))
    const out = s.finish()
    expect(out.metrics).toEqual(METRICS)
    expect(out.hasTime).toBe(true)
    expect(out.max[0]).toEqual([2048, NaN])
    expect(out.max[1]).toEqual([12.5, NaN])
    expect(out.max[4]).toEqual([1024, NaN])
    expect(out.max[5]).toEqual([700, NaN])
    expect(out.t0[1]! - out.t0[0]!).toBe(5000)
  })

  it('falls back to the row index when a row has no timestamp', () => {
    const s = new ReportSeries(8)
    s.push(snapshot(0))
    s.push({vm_rss_kb: 10})
    expect(s.finish().hasTime).toBe(false)
  })
})

describe('SeriesBuckets without labels', () => {
  it('keeps a one-row spike and a one-row dip through any amount of merging', () => {
    const b = new SeriesBuckets(1, 8)
    for (let i = 0; i < 10_000; i++) b.push(i, Number.NaN, [i === 7_777 ? 1e9 : i === 3_333 ? -5 : 1])
    const {max, min, labels} = b.buckets()
    expect(max[0]!.length).toBeLessThanOrEqual(8)
    expect(Math.max(...max[0]!)).toBe(1e9)
    expect(Math.min(...min[0]!)).toBe(-5)
    expect(labels.every((l) => l === undefined)).toBe(true)
    expect(b.rowCount).toBe(10_000)
  })
})
