import {describe, expect, it} from 'vitest'
import {FIELD_CHECKS} from '../../src/analyze/field-checker.js'
import {countField, cpuPercent, intField, stringField} from '../../src/model/snapshot-fields.js'
import {SnapshotSchema} from '../../src/model/snapshot.js'
import {snapshot} from '../helpers/snapshots.js'

// The hot path checks fields by hand; this proves it agrees with the zod schema, the definition.
const CANDIDATES: unknown[] = [0, 1, -1, -2, 1.5, 90.0, '', 'x', '0000000000004000', '000000000000400G', null, true, [], {}, Number.MAX_SAFE_INTEGER]

describe('FIELD_CHECKS agree with SnapshotSchema', () => {
  for (const field of Object.keys(FIELD_CHECKS)) {
    it(`agrees on ${field}`, () => {
      for (const value of CANDIDATES) {
        const byZod = SnapshotSchema.safeParse(snapshot(0, {[field]: value})).success
        const byHand = FIELD_CHECKS[field]!(value) === undefined
        expect({field, value, byHand}).toEqual({field, value, byHand: byZod})
      }
    })
  }

  it('the test row itself is a valid snapshot, and unknown fields are kept', () => {
    const parsed = SnapshotSchema.parse({...snapshot(0), future_field: 1})
    expect(parsed['future_field']).toBe(1)
  })
})

describe('the hot-path readers agree with SnapshotSchema', () => {
  const readers: Array<[string, (row: Record<string, unknown>, key: string) => unknown]> = [
    ['vm_rss_kb', countField],
    ['threads', countField],
    ['fd_count', countField],
    ['fd_soft_limit', intField],
    ['comm', stringField],
    ['state', stringField],
    ['cpu_percent', (row) => cpuPercent(row)],
  ]
  for (const [field, read] of readers) {
    it(`reads ${field} exactly when the schema accepts it`, () => {
      for (const value of CANDIDATES) {
        const byZod = SnapshotSchema.safeParse(snapshot(0, {[field]: value})).success
        expect({field, value, read: read({[field]: value}, field) !== undefined}).toEqual({field, value, read: byZod})
      }
    })
  }
})

describe('the quick whole-row check agrees with the per-field checks', () => {
  it('accepts exactly the rows the per-field checks accept', async () => {
    const {isWellTypedForTest, FieldChecker} = await import('../../src/analyze/field-checker.js')
    for (const field of Object.keys(FIELD_CHECKS)) {
      for (const value of [...CANDIDATES, undefined]) {
        const row = snapshot(0, {[field]: value})
        if (value === undefined) delete row[field]
        const checker = new FieldChecker()
        checker.check(row, 1)
        const detailed = checker.count === 0
        expect({field, value, quick: isWellTypedForTest(row)}).toEqual({field, value, quick: detailed})
      }
    }
  })
})
