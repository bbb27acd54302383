import {describe, expect, it} from 'vitest'
import {enrollmentFileName, parseTmpfsPid, parseTraceFileName, PID_MAX, traceFileName} from '../../src/store/tmpfs-layout.js'

describe('tmpfs-layout', () => {
  it('parses a pid only as the tracer writes one', () => {
    expect(parseTmpfsPid('4242')).toBe(4242)
    expect(parseTmpfsPid(String(PID_MAX))).toBe(PID_MAX)
    for (const bad of ['007', '0', '-1', '+5', '1e3', '99999999999999999999999', String(PID_MAX + 1), '', '42 ']) expect(parseTmpfsPid(bad), bad).toBeUndefined()
  })

  it('builds and parses names as one pair', () => {
    expect(parseTraceFileName(traceFileName('autoskillit', 4242))).toEqual({prefix: 'autoskillit', pidText: '4242', pid: 4242})
    expect(parseTraceFileName('my_app_trace_007.jsonl')).toEqual({prefix: 'my_app', pidText: '007', pid: undefined})
    expect(parseTraceFileName('proc_trace.jsonl')).toBeUndefined()
    expect(enrollmentFileName('autoskillit', 4242)).toBe('autoskillit_enrollment_4242.json')
  })
})
