import {describe, expect, it} from 'vitest'
import {MIN_THREADED_BYTES, plannedConvertThreads} from '../../src/fleet/convert-lanes.js'

describe('plannedConvertThreads', () => {
  it('threads a large shipment, one per lane, and converts a small one in this thread', () => {
    expect(plannedConvertThreads(2, MIN_THREADED_BYTES, undefined, true)).toBe(2)
    expect(plannedConvertThreads(1, MIN_THREADED_BYTES * 10, undefined, true)).toBe(1)
    expect(plannedConvertThreads(2, MIN_THREADED_BYTES - 1, undefined, true)).toBe(0)
  })

  it('follows --jobs (1 = no threads; never more threads than lanes)', () => {
    expect(plannedConvertThreads(2, 10, 2, true)).toBe(2)
    expect(plannedConvertThreads(2, MIN_THREADED_BYTES * 10, 1, true)).toBe(0)
    expect(plannedConvertThreads(2, 10, 8, true)).toBe(2)
  })

  it('never threads without the compiled worker (a TypeScript test runner)', () => {
    expect(plannedConvertThreads(2, MIN_THREADED_BYTES * 10, 2, false)).toBe(0)
  })
})
