import {oomScore, type Row} from '../../model/snapshot-fields.js'
import type {Thresholds} from '../thresholds.js'
import type {Finding, SnapshotDetector} from './detector.js'

/** oom_critical (critical): oom_score at or above `oomCritical`, at every such snapshot. */
export function createOomCriticalDetector(t: Thresholds): SnapshotDetector {
  return {
    observe(row: Row): Finding | undefined {
      const score = oomScore(row)
      if (score === undefined || score < t.oomCritical) return undefined
      return {kind: 'oom_critical', severity: 'critical', detail: {oom_score: score}}
    },
  }
}
