import {describe, expect, it} from 'vitest'
import {toTraceRow} from '../../src/model/snapshot.js'
import {serializeTraceRow} from '../../src/store/session-files.js'
import {serializeTraceRowFast} from '../../src/store/trace-row-text.js'
import {makeSnapshot} from './make-trace.js'

describe('serializeTraceRowFast', () => {
  it('is byte-identical to serializeTraceRow for ordinary, odd and hostile rows', () => {
    const rows: Array<Record<string, unknown>> = [
      makeSnapshot(0),
      makeSnapshot(3, undefined, {comm: 'claüde ✓'}),
      {...makeSnapshot(1), cpu_percent: 100, extra: {b: 1, a: [1.5, 'x']}, rss_anon_kb: 5, wchan: null, weird: NaN},
      {comm: 'x) R 1 (', captured_at: '', vm_rss_kb: '12', zz: true, undef: undefined},
      {},
    ]
    for (const [i, snapshot] of rows.entries()) {
      const row = toTraceRow(snapshot, i, 4242, '2026-04-13T11:04:40.000001+00:00')
      expect(serializeTraceRowFast(row)).toBe(serializeTraceRow(row))
      expect(serializeTraceRowFast(row)).toBe(serializeTraceRow(row)) // second time through the cached plan
    }
  })
})

describe('serializeSnapshotAsTraceRow', () => {
  it('equals serializeTraceRow(toTraceRow(...)), wrapper keys overriding the snapshot', async () => {
    const {serializeSnapshotAsTraceRow} = await import('../../src/store/trace-row-text.js')
    const snapshots: Array<Record<string, unknown>> = [makeSnapshot(0), {...makeSnapshot(1), pid: 'x', seq: 99, ts: 'old'}, {comm: 'é'}, {}]
    for (const [i, s] of snapshots.entries()) {
      expect(serializeSnapshotAsTraceRow(s, i, 7, '2026-01-01T00:00:00+00:00')).toBe(serializeTraceRow(toTraceRow(s, i, 7, '2026-01-01T00:00:00+00:00')))
    }
  })
})
