import {describe, expect, it} from 'vitest'
import {lastIndexAtMost} from '../../src/util/sorted-index.js'

describe('lastIndexAtMost', () => {
  const starts = [0, 10, 20, 30]

  it('finds the start at or before the value', () => {
    expect(lastIndexAtMost(starts, 0)).toBe(0)
    expect(lastIndexAtMost(starts, 9)).toBe(0)
    expect(lastIndexAtMost(starts, 10)).toBe(1)
    expect(lastIndexAtMost(starts, 29)).toBe(2)
    expect(lastIndexAtMost(starts, 30)).toBe(3)
    expect(lastIndexAtMost(starts, 1e9)).toBe(3)
  })

  it('takes the last of equal starts', () => {
    expect(lastIndexAtMost([0, 5, 5, 5, 9], 5)).toBe(3)
  })

  it('is 0 below the first start and for an empty array', () => {
    expect(lastIndexAtMost(starts, -1)).toBe(0)
    expect(lastIndexAtMost([], 7)).toBe(0)
  })

  it('agrees with a linear scan on random sorted arrays', () => {
    for (let n = 1; n < 40; n++) {
      const xs = Array.from({length: n}, () => Math.floor(Math.random() * 50)).sort((a, b) => a - b)
      for (let v = -2; v < 53; v++) {
        let expected = 0
        for (let i = 0; i < xs.length; i++) if (xs[i]! <= v) expected = i
        expect(lastIndexAtMost(xs, v)).toBe(expected)
      }
    }
  })
})
