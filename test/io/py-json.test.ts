import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {pyDumps} from '../../src/io/py-json.js'

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

  it('never writes NaN or Infinity', () => {
    expect(pyDumps({a: Number.NaN, b: Infinity})).toBe('{"a": null, "b": null}')
  })
})
