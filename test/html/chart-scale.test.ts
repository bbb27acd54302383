import {describe, expect, it} from 'vitest'
import {linearScale, niceAxis, niceCeiling, seqTicks, timeTicks} from '../../src/html/chart-scale.js'

describe('chart scales', () => {
  it('rounds maxima up to 1, 2, 2.5 or 5 × 10^k', () => {
    expect([0, 0.3, 1, 3, 7, 24, 260, 1001].map(niceCeiling)).toEqual([1, 0.5, 1, 5, 10, 25, 500, 2000])
  })

  it('builds axes of 3 to 5 round steps from 0 that cover the data', () => {
    const mib = niceAxis(2150, String, {unit: 1024})
    expect(mib.ticks.map((t) => t.value)).toEqual([0, 1024, 2048, 3072])
    const threads = niceAxis(3.3, String, {integer: true})
    expect(threads.ticks.every((t) => Number.isInteger(t.value))).toBe(true)
    for (const max of [1, 7, 99, 100, 101, 1234, 987_654]) {
      const a = niceAxis(max, String)
      expect(a.max).toBeGreaterThanOrEqual(max)
      expect(a.ticks.length).toBeGreaterThanOrEqual(2)
      expect(a.ticks.length).toBeLessThanOrEqual(6)
    }
  })

  it('puts time ticks on round UTC times, at most about eight', () => {
    const start = Date.UTC(2026, 3, 13, 11, 4, 43)
    const ticks = timeTicks(start, start + 115_000)
    expect(ticks.map((t) => t.label)).toEqual(['11:04:45', '11:05:00', '11:05:15', '11:05:30', '11:05:45', '11:06:00', '11:06:15', '11:06:30'])
    const long = timeTicks(start, start + 55 * 3600_000)
    expect(long.length).toBeLessThanOrEqual(8)
    expect(long[0]!.label).toMatch(/^04-1[345] \d\d:00$/)
  })

  it('labels rows when there is no time, and maps domains linearly', () => {
    expect(seqTicks(0, 40).map((t) => t.label)).toEqual(['#0', '#5', '#10', '#15', '#20', '#25', '#30', '#35', '#40'])
    const x = linearScale(10, 20, 100, 200)
    expect([x(10), x(15), x(20)]).toEqual([100, 150, 200])
    expect(linearScale(5, 5, 0, 10)(5)).toBe(5)
  })
})
