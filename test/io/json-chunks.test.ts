import {describe, expect, it} from 'vitest'
import {jsonChunks} from '../../src/io/json-chunks.js'

const whole = (value: unknown, indent?: number): string => [...jsonChunks(value, indent)].join('')

/** JSON-like values of every kind, nested, with the odd cases JSON.stringify has rules for. */
function randomValue(rng: () => number, depth: number): unknown {
  const pick = Math.floor(rng() * (depth > 4 ? 7 : 11))
  switch (pick) {
    case 0: return null
    case 1: return rng() < 0.5
    case 2: return Math.round((rng() - 0.5) * 1e6) / 100
    case 3: return ['', 'a', 'é\u2028"\\\n\t', '\u0000x', 'multi\nline'][Math.floor(rng() * 5)]
    case 4: return undefined
    case 5: return Number.NaN
    case 6: return -0
    case 7:
    case 8: return Array.from({length: Math.floor(rng() * (rng() < 0.1 ? 600 : 5))}, () => randomValue(rng, depth + 1))
    default: {
      const o: Record<string, unknown> = {}
      for (let i = Math.floor(rng() * 6); i > 0; i--) o[`k${Math.floor(rng() * 9)}${i % 2 ? '"' : ''}`] = randomValue(rng, depth + 1)
      return o
    }
  }
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('jsonChunks', () => {
  it('writes what JSON.stringify(value, null, 2) writes, on 500 random documents', () => {
    const rng = mulberry32(42)
    for (let i = 0; i < 500; i++) {
      const doc = {summary: randomValue(rng, 1), anomalies: randomValue(rng, 1), warnings: randomValue(rng, 2)}
      expect(whole(doc)).toBe(JSON.stringify(doc, null, 2))
    }
  })

  it('follows JSON.stringify on the odd cases: undefined, functions, symbols, holes, toJSON, boxed values', () => {
    const when = new Date(Date.UTC(2026, 10, 30))
    const holey = [1, 2, 3]
    delete holey[1]
    const doc = {
      a: undefined, f: () => 1, s: Symbol('x'), n: null, when,
      list: [undefined, () => 1, Symbol('y'), holey, when, {toJSON: (k: string) => `key ${k}`}],
      boxed: [Object(1), Object('t'), Object(false)],
      own: {toJSON: () => ({inner: [1, 2]})},
      // toJSON is applied once: what it returns is written as it is, even with a toJSON of its own
      twice: {toJSON: () => ({toJSON: () => 'applied twice', kept: true})},
      empty: {gone: undefined}, none: [],
    }
    expect(whole(doc)).toBe(JSON.stringify(doc, null, 2))
    expect(whole([1, [2, [3]]], 4)).toBe(JSON.stringify([1, [2, [3]]], null, 4))
    expect(whole('plain')).toBe('"plain"')
    expect(whole(undefined)).toBe('')
  })

  it('walks a long array item by item and stays exact', () => {
    const anomalies = Array.from({length: 20_000}, (_, i) => ({seq: i, kind: 'high_cpu_sustained', detail: {cpu_percent: 99, consecutive_count: i}}))
    const doc = {summary: {anomaly_count: anomalies.length}, anomalies, warnings: []}
    const chunks = [...jsonChunks(doc)]
    expect(chunks.length).toBeGreaterThan(10)
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000)
    expect(chunks.join('')).toBe(JSON.stringify(doc, null, 2))
  })

  it('throws on a cycle, as JSON.stringify does, and on a BigInt', () => {
    const loop: Record<string, unknown> = {}
    loop.self = loop
    expect(() => whole({loop})).toThrow(TypeError)
    expect(() => whole({n: 1n})).toThrow(TypeError)
  })
})
