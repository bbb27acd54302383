import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {roundTo} from '../../src/analyze/round.js'

describe('roundTo', () => {
  it('rounds our ratios', () => {
    expect(roundTo(821 / 1024, 3)).toBe(0.802)
    expect(roundTo(2001 / 1000, 2)).toBe(2)
  })

  it('agrees with python3 round() on exact ties (half to even), near-ties and ordinary values', () => {
    const cases: Array<[number, number]> = []
    for (let k = -40; k <= 40; k++) for (const d of [0, 1, 2, 3]) cases.push([k / 8, d], [k / 16, d], [k / 2, d])
    for (const v of [2.675, 1.0005, 0.285, 1.005, 0.3, 1e-7, 123456.7895, 4.35, 2.5e-3]) for (const d of [0, 1, 2, 3]) cases.push([v, d])
    let seed = 7
    for (let i = 0; i < 300; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      cases.push([(seed / 2 ** 31) * 1000 - 500, i % 4])
    }
    const script = 'import json,sys\nfor v, d in json.load(sys.stdin): print(repr(float(round(v, d))))'
    const python = execFileSync('python3', ['-c', script], {input: JSON.stringify(cases), encoding: 'utf8'}).trim().split('\n').map(Number)
    expect(cases.map(([v, d]) => roundTo(v, d))).toEqual(python)
  })
})
