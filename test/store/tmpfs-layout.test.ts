import {describe, expect, it} from 'vitest'
import {
  claimSuffix,
  enrollmentFileName,
  enrollmentPathFor,
  enrollmentPrefix,
  parseClaim,
  parsePid,
  parseTraceFileName,
  traceFileName,
  tracePathFor,
} from '../../src/store/tmpfs-layout.js'

describe('tmpfs-layout (the one place for tmpfs file names)', () => {
  it('accepts only pids as the kernel writes them', () => {
    expect(parsePid('4242')).toBe(4242)
    expect(parsePid('4194304')).toBe(4194304)
    for (const bad of ['abc', '0', '-1', '+1', '012', '00', '4194305', '99999999', '1e3', '1.0', ' 1', '1 ', '']) {
      expect(parsePid(bad), bad).toBeUndefined()
    }
  })

  it('builds the names docs/formats.md §2 gives', () => {
    expect(traceFileName('autoskillit', 4242)).toBe('autoskillit_trace_4242.jsonl')
    expect(enrollmentFileName('autoskillit', '4242')).toBe('autoskillit_enrollment_4242.json')
    expect(tracePathFor('/dev/shm', 7)).toBe('/dev/shm/trace-doctor_trace_7.jsonl')
    expect(enrollmentPathFor('/dev/shm', 7, 'x')).toBe('/dev/shm/x_enrollment_7.json')
  })

  it('without prefixes, matches any prefix but only a real pid (no leading zero)', () => {
    expect(parseTraceFileName('autoskillit_trace_4242.jsonl')).toEqual({prefix: 'autoskillit', pidText: '4242', pid: 4242})
    expect(parseTraceFileName('my_trace_tool_trace_9.jsonl')).toEqual({prefix: 'my_trace_tool', pidText: '9', pid: 9})
    for (const bad of ['autoskillit_trace_012.jsonl', 'autoskillit_trace_0.jsonl', '_trace_1.jsonl', 'x_trace_1.json', 'x_trace_.jsonl']) {
      expect(parseTraceFileName(bad), bad).toBeUndefined()
    }
  })

  it('with prefixes, matches only those and keeps a pid part that is not a pid as text', () => {
    expect(parseTraceFileName('a_trace_012.jsonl', ['a'])).toEqual({prefix: 'a', pidText: '012', pid: undefined})
    expect(parseTraceFileName('b_trace_1.jsonl', ['a'])).toBeUndefined()
    expect(enrollmentPrefix('a_enrollment_5.json', ['b', 'a'])).toBe('a')
    expect(enrollmentPrefix('a_enrollment_.json', ['a'])).toBeUndefined()
  })

  it('splits a claim off a name, and only a well-formed one', () => {
    const me = {pid: 77, ticks: 123}
    expect(parseClaim('a_trace_1.jsonl' + claimSuffix(me))).toEqual({original: 'a_trace_1.jsonl', claim: me})
    expect(parseClaim('a_trace_1.jsonl.recovering-77-0')).toEqual({original: 'a_trace_1.jsonl', claim: {pid: 77, ticks: 0}})
    for (const name of ['a_trace_1.jsonl', 'a_trace_1.jsonl.recovering-077-1', 'a_trace_1.jsonl.recovering-7-', 'a_trace_1.jsonl.recovering-0-1']) {
      expect(parseClaim(name), name).toEqual({original: name})
    }
  })
})
