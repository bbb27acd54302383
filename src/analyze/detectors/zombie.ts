import {stringField, type Row} from '../../model/snapshot-fields.js'
import type {Thresholds} from '../thresholds.js'
import type {Finding, SnapshotDetector} from './detector.js'

/**
 * zombie_detected (warning) at the first snapshot of a run of zombie states, and
 * zombie_persistent (critical) once at its `zombiePersistentCount`-th snapshot. A row without
 * a readable state is skipped: it neither extends nor ends the run. A row marked
 * `"phase": "exit"` is a spawned workload between its exit and its parent's reap (issue 9): its
 * end, not a zombie left behind, so it is skipped too.
 */
export function createZombieDetector(t: Thresholds): SnapshotDetector {
  let run = 0
  return {
    observe(row: Row): Finding | undefined {
      const state = stringField(row, 'state')
      if (state === undefined || row['phase'] === 'exit') return undefined
      if (state !== 'zombie') {
        run = 0
        return undefined
      }
      run++
      if (run === 1) return {kind: 'zombie_detected', severity: 'warning', detail: {state}}
      if (run === t.zombiePersistentCount) {
        return {kind: 'zombie_persistent', severity: 'critical', detail: {consecutive_count: run}}
      }
      return undefined
    },
  }
}
