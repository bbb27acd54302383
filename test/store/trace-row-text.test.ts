import {describe, expect, it} from 'vitest'
import {toTraceRow} from '../../src/model/snapshot.js'
import {serializeTraceRow} from '../../src/store/session-files.js'
import {serializeSnapshotAsTraceRow} from '../../src/store/trace-row-text.js'
import {makeSnapshot} from './make-trace.js'

describe('serializeSnapshotAsTraceRow', () => {
  const START = '2026-04-13T11:04:40.000001+00:00'
  const reference = (s: Record<string, unknown>, seq: number) => serializeTraceRow(toTraceRow(s, seq, 4242, START))

  it('is byte-identical to serializeTraceRow(toTraceRow(...)) for ordinary, odd and hostile rows', () => {
    const snapshots: Array<Record<string, unknown>> = [
      makeSnapshot(0),
      makeSnapshot(3, undefined, {comm: 'claüde ✓'}),
      {...makeSnapshot(1), cpu_percent: 100, extra: {b: 1, a: [1.5, 'x']}, rss_anon_kb: 5, wchan: null, weird: NaN},
      {comm: 'x) R 1 (', captured_at: '', vm_rss_kb: '12', zz: true, undef: undefined},
      {...makeSnapshot(1), pid: 'x', seq: 99, ts: 'old'}, // the row keys override the snapshot's
      {comm: 'é'},
      {},
    ]
    for (const [i, s] of snapshots.entries()) {
      expect(serializeSnapshotAsTraceRow(s, i, 4242, START)).toBe(reference(s, i))
      expect(serializeSnapshotAsTraceRow(s, i, 4242, START)).toBe(reference(s, i)) // through the cached plan and values
    }
  })

  it('stays exact when values change from row to row under one cached plan', () => {
    for (let i = 0; i < 20; i++) {
      const s = {...makeSnapshot(i, undefined, {comm: i % 3 === 0 ? 'node' : 'claude', state: i % 4 === 0 ? 'running' : 'sleeping'}), cpu_percent: i % 2 === 0 ? 5 : 5.5}
      expect(serializeSnapshotAsTraceRow(s, i, 4242, START)).toBe(reference(s, i))
    }
  })
})
