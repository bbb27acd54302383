import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {pyDumps, pyFloat} from '../../src/io/py-json.js'

describe('pyDumps', () => {
  const value = {b: 1, a: {z: 'naïve 🚀 \n', y: [1, 2.5, null, true]}, cpu_percent: 3, empty: {}, list: []}

  it('writes separators, escapes and float keys like Python json.dumps', () => {
    expect(pyDumps(value, {floatKeys: new Set(['cpu_percent'])})).toBe(
      '{"b": 1, "a": {"z": "na\\u00efve \\ud83d\\ude80 \\n", "y": [1, 2.5, null, true]}, "cpu_percent": 3.0, "empty": {}, "list": []}',
    )
  })

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

  it('writes floats as Python repr does, exponent forms included', () => {
    const floats = [0, -1, 1, 2.5, 0.1, 1 / 3, 0.0001, 0.00001, 1.5e-7, 123456789.125, 1e15, 1e16, 1.5e16, 1e21, 1e100, -2.5e-5]
    const python = execFileSync('python3', ['-c', 'import json,sys; print(json.dumps([float(x) for x in json.load(sys.stdin)]))'], {
      input: JSON.stringify(floats),
    }).toString()
    expect(`[${floats.map(pyFloat).join(', ')}]\n`).toBe(python)
    expect(pyDumps({cpu_percent: 0.00001, n: 0.00001}, {floatKeys: new Set(['cpu_percent'])})).toBe('{"cpu_percent": 1e-05, "n": 1e-05}')
  })

  it('never writes NaN or Infinity', () => {
    expect(pyDumps({a: Number.NaN, b: Infinity})).toBe('{"a": null, "b": null}')
  })
})
