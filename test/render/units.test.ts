import {describe, expect, it} from 'vitest'
import {formatCount} from '../../src/render/units.js'

describe('formatCount', () => {
  it("prints what toLocaleString('en-US') prints for integers", () => {
    const values = [0, 7, 42, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 1_234_567, 2 ** 40, Number.MAX_SAFE_INTEGER, -1, -1000, -1_234_567]
    for (const n of values) expect(formatCount(n), String(n)).toBe(n.toLocaleString('en-US'))
  })

  it('leaves what is not a safe integer as String() prints it', () => {
    expect(formatCount(1.5)).toBe('1.5')
    expect(formatCount(Number.NaN)).toBe('NaN')
  })
})
