import {describe, expect, it} from 'vitest'
import {compareCodePoints, pyDumps} from '../../src/io/py-json.js'

describe('pyDumps', () => {
  const value = {b: 1, a: {z: 'naïve 🚀 \n', y: [1, 2.5, null, true]}, cpu_percent: 3, empty: {}, list: []}

  it('writes separators, escapes and float keys like Python json.dumps', () => {
    expect(pyDumps(value, {floatKeys: new Set(['cpu_percent'])})).toBe(
      '{"b": 1, "a": {"z": "na\\u00efve \\ud83d\\ude80 \\n", "y": [1, 2.5, null, true]}, "cpu_percent": 3.0, "empty": {}, "list": []}',
    )
  })

  it('compares keys by code point, not UTF-16 unit', () => {
    expect(compareCodePoints('\u{10000}', '\uFFFF')).toBeGreaterThan(0)
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0)
    expect(compareCodePoints('x', 'x')).toBe(0)
  })

  it('never writes NaN or Infinity', () => {
    expect(pyDumps({a: Number.NaN, b: Infinity})).toBe('{"a": null, "b": null}')
  })
})
