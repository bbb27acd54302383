import {roundTo} from '../round.js'
import {countField, intField, type Row} from '../../model/snapshot-fields.js'
import type {Thresholds} from '../thresholds.js'
import type {Finding, SnapshotDetector} from './detector.js'

/** The fd usage ratio of a row, when both numbers are readable and the limit is finite. */
export function fdRatio(row: Row): {fdCount: number; fdSoftLimit: number; ratio: number} | undefined {
  const fdCount = countField(row, 'fd_count')
  const fdSoftLimit = intField(row, 'fd_soft_limit')
  if (fdCount === undefined || fdSoftLimit === undefined || fdSoftLimit <= 0) return undefined
  return {fdCount, fdSoftLimit, ratio: fdCount / fdSoftLimit}
}

/** fd_high (warning): more than `fdHighRatio` of the soft fd limit in use, at every such snapshot. */
export function createFdHighDetector(t: Thresholds): SnapshotDetector {
  return {
    observe(row: Row): Finding | undefined {
      const fd = fdRatio(row)
      if (fd === undefined || fd.ratio <= t.fdHighRatio) return undefined
      return {
        kind: 'fd_high',
        severity: 'warning',
        detail: {fd_count: fd.fdCount, fd_soft_limit: fd.fdSoftLimit, ratio: roundTo(fd.ratio, 3)},
      }
    },
  }
}
