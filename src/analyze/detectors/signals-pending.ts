import {sigPending, type Row} from '../../model/snapshot-fields.js'
import {NO_SIGNALS} from '../thresholds.js'
import type {Finding, SnapshotDetector} from './detector.js'

/**
 * signals_pending (warning): SigPnd goes from no signal to some signal. "Previous" is the last
 * readable value, so an unreadable "" neither triggers nor resets (the original reports a
 * change "to ''").
 */
export function createSignalsPendingDetector(): SnapshotDetector {
  let previous: string | undefined
  return {
    observe(row: Row): Finding | undefined {
      const current = sigPending(row)
      if (current === undefined) return undefined
      const before = previous
      previous = current
      if (before !== NO_SIGNALS || current === NO_SIGNALS) return undefined
      return {kind: 'signals_pending', severity: 'warning', detail: {from: before, to: current}}
    },
  }
}
