import {describe, expect, it} from 'vitest'
import {formatIsoMicros, timestampMs} from '../../src/model/timestamp.js'

describe('timestampMs', () => {
  it('reads the tracers\' shape, with +00:00 or Z, to the millisecond', () => {
    expect(timestampMs('2026-04-13T11:04:43.123456+00:00')).toBe(Date.UTC(2026, 3, 13, 11, 4, 43, 123))
    expect(timestampMs('2026-04-13T11:04:43.5Z')).toBe(Date.UTC(2026, 3, 13, 11, 4, 43, 500))
  })

  it('agrees with Date.parse on runs of rows within a minute, across minutes, days and years', () => {
    const starts = [Date.UTC(2026, 3, 13, 11, 4, 0), Date.UTC(2026, 11, 31, 23, 58, 30), Date.UTC(2024, 1, 28, 23, 59, 1)]
    for (const start of starts) {
      for (let step = 0; step < 400; step++) {
        const us = (start + step * 1_337) * 1000 + (step % 1000)
        const text = formatIsoMicros(us)
        expect(timestampMs(text), text).toBe(Date.parse(text))
      }
    }
  })

  it('does not carry one row\'s minute to a row of another day with the same clock time', () => {
    expect(timestampMs('2026-04-13T11:04:10.000000+00:00')).toBe(Date.UTC(2026, 3, 13, 11, 4, 10))
    expect(timestampMs('2026-04-14T11:04:10.000000+00:00')).toBe(Date.UTC(2026, 3, 14, 11, 4, 10))
    expect(timestampMs('2026-04-13T11:04:59.999999+00:00')).toBe(Date.UTC(2026, 3, 13, 11, 4, 59, 999))
  })

  it('leaves other shapes to Date.parse, and says undefined for what is no time', () => {
    expect(timestampMs('2026-04-13T11:04:43+02:00')).toBe(Date.parse('2026-04-13T11:04:43+02:00'))
    expect(timestampMs('2026-04-13T11:04:43.000000+02:00')).toBe(Date.UTC(2026, 3, 13, 9, 4, 43))
    expect(timestampMs('not a time')).toBeUndefined()
    expect(timestampMs('2026-04-13T1x:04:43.000000+00:00')).toBeUndefined()
  })
})
