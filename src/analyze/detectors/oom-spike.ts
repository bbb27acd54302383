import {oomScore, type Row} from '../../model/snapshot-fields.js'
import type {Thresholds} from '../thresholds.js'
import type {Finding, SnapshotDetector} from './detector.js'

/**
 * oom_spike (warning): oom_score rose by more than `oomSpikeDelta` since the previous snapshot.
 * The previous value must be readable: an unreadable one (-1) is missing, not a zero, so a
 * recovery from -1 raises nothing (the original reports a spike "from -1").
 */
export function createOomSpikeDetector(t: Thresholds): SnapshotDetector {
  let previous: number | undefined
  return {
    observe(row: Row): Finding | undefined {
      const current = oomScore(row)
      const before = previous
      previous = current
      if (current === undefined || before === undefined) return undefined
      const delta = current - before
      if (delta <= t.oomSpikeDelta) return undefined
      return {kind: 'oom_spike', severity: 'warning', detail: {from: before, to: current, delta}}
    },
  }
}
