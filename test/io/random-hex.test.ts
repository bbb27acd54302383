import {describe, expect, it} from 'vitest'
import {randomHex} from '../../src/io/random-hex.js'

describe('randomHex', () => {
  it('gives 2×bytes lowercase hex digits, different each call', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const hex = randomHex(6)
      expect(hex).toMatch(/^[0-9a-f]{12}$/)
      seen.add(hex)
    }
    expect(seen.size).toBe(1000)
    expect(randomHex(0)).toBe('')
  })

  it('uses every digit', () => {
    expect(new Set(Array.from({length: 200}, () => randomHex(8)).join('')).size).toBe(16)
  })
})
