/** pyDumps against the real python3 json.dumps, byte for byte (the original tracer's writer). */
import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {compareCodePoints, pyDumps, pyFloat} from '../../src/io/py-json.js'

describe('pyDumps against python3', () => {
  it('is byte-identical to python3 json.dumps(sort_keys=True, indent=2)', () => {
    const input = {b: 1, a: {z: 'naïve 🚀 \n\u0001', y: [1, 2.5, null, true]}, e: {}, l: [], s: 'tab\t"q"\\'}
    const python = execFileSync('python3', ['-c', 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True, indent=2))'], {
      input: JSON.stringify(input),
    }).toString()
    expect(pyDumps(input, {sortKeys: true, indent: 2}) + '\n').toBe(python)
    const oneLine = execFileSync('python3', ['-c', 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))'], {
      input: JSON.stringify(input),
    }).toString()
    expect(pyDumps(input, {sortKeys: true}) + '\n').toBe(oneLine)
  })

  it('sorts keys by code point as python3 does, past U+FFFF too (byte for byte)', () => {
    const keys = ['\u{10000}', '\uFFFF', '\uE000', 'a', '\u{1F680}', 'é', '\u{1F680}x', '\u{1F681}', '\uD7FF', '', 'ab', '\u{10FFFF}']
    const input = Object.fromEntries(keys.map((k, i) => [k, i]))
    const python = execFileSync('python3', ['-c', 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))'], {
      input: JSON.stringify(input),
    }).toString()
    expect(pyDumps(input, {sortKeys: true}) + '\n').toBe(python)
    expect(compareCodePoints('\u{10000}', '\uFFFF')).toBeGreaterThan(0)
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0)
    expect(compareCodePoints('x', 'x')).toBe(0)
  })

  it('writes floats as Python repr does, exponent forms included', () => {
    const floats = [0, -1, 1, 2.5, 0.1, 1 / 3, 0.0001, 0.00001, 1.5e-7, 123456789.125, 1e15, 1e16, 1.5e16, 1e21, 1e100, -2.5e-5]
    const python = execFileSync('python3', ['-c', 'import json,sys; print(json.dumps([float(x) for x in json.load(sys.stdin)]))'], {
      input: JSON.stringify(floats),
    }).toString()
    expect(`[${floats.map(pyFloat).join(', ')}]\n`).toBe(python)
    expect(pyDumps({cpu_percent: 0.00001, n: 0.00001}, {floatKeys: new Set(['cpu_percent'])})).toBe('{"cpu_percent": 1e-05, "n": 1e-05}')
  })
})
