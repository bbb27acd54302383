import {describe, expect, it} from 'vitest'
import {roundTo} from '../../src/analyze/round.js'

describe('roundTo', () => {
  it('rounds our ratios', () => {
    expect(roundTo(821 / 1024, 3)).toBe(0.802)
    expect(roundTo(2001 / 1000, 2)).toBe(2)
  })

  it('rounds exact ties half to even, as Python does, and near-ties by their exact value', () => {
    expect([roundTo(0.125, 2), roundTo(0.375, 2), roundTo(2.5, 0), roundTo(-0.125, 2), roundTo(2.675, 2)]).toEqual([0.12, 0.38, 2, -0.12, 2.67])
  })
})
