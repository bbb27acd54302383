import {stringField, type Row} from '../../model/snapshot-fields.js'
import type {Thresholds} from '../thresholds.js'
import type {Finding, SnapshotDetector} from './detector.js'

/**
 * d_state_sustained (warning): uninterruptible sleep ("disk-sleep") in a wait channel that is
 * not a plain sleep, reported at every snapshot of such a run from its `sustainedFromCount`-th
 * on. A process stuck in D state cannot be killed, not even by SIGKILL: the classic hung NFS
 * or FUSE read.
 */
export function createDStateDetector(t: Thresholds): SnapshotDetector {
  const benign = new Set(t.dStateBenignWchans)
  let run = 0
  return {
    observe(row: Row): Finding | undefined {
      const state = stringField(row, 'state')
      const wchan = stringField(row, 'wchan')
      if (state === undefined || wchan === undefined) return undefined
      if (state !== 'disk-sleep' || benign.has(wchan)) {
        run = 0
        return undefined
      }
      run++
      if (run < t.sustainedFromCount) return undefined
      return {kind: 'd_state_sustained', severity: 'warning', detail: {state, wchan, consecutive_count: run}}
    },
  }
}
