import {cpuPercent, type Row} from '../../model/snapshot-fields.js'
import type {Thresholds} from '../thresholds.js'
import type {Finding, SnapshotDetector} from './detector.js'

/**
 * high_cpu_sustained (warning): cpu_percent at or above `highCpuPercent`, reported at every
 * snapshot of such a run from its `sustainedFromCount`-th on.
 */
export function createHighCpuDetector(t: Thresholds): SnapshotDetector {
  let run = 0
  return {
    observe(row: Row): Finding | undefined {
      const cpu = cpuPercent(row)
      if (cpu === undefined) return undefined
      if (cpu < t.highCpuPercent) {
        run = 0
        return undefined
      }
      run++
      if (run < t.sustainedFromCount) return undefined
      return {kind: 'high_cpu_sustained', severity: 'warning', detail: {cpu_percent: cpu, consecutive_count: run}}
    },
  }
}
