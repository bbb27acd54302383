import {roundTo} from '../round.js'
import {countField, type Row} from '../../model/snapshot-fields.js'
import type {Thresholds} from '../thresholds.js'
import type {Finding} from './detector.js'

/**
 * rss_growth (warning), the original tracer's rule: with at least `rssGrowthMinSnapshots`
 * snapshots, the last vm_rss_kb is above `rssGrowthFactor` × the first positive one. One
 * record, at the last snapshot. (`trends.leak` is the honest verdict; this one is kept
 * because existing anomaly files and dashboards count it.)
 */
export class RssGrowthTracker {
  private firstPositive: number | undefined
  private last: number | undefined

  observe(row: Row): void {
    const rss = countField(row, 'vm_rss_kb')
    if (rss === undefined) return
    if (this.firstPositive === undefined && rss > 0) this.firstPositive = rss
    this.last = rss
  }

  finish(snapshotCount: number, t: Thresholds): Finding | undefined {
    const {firstPositive: initial, last: final} = this
    if (snapshotCount < t.rssGrowthMinSnapshots || initial === undefined || final === undefined) return undefined
    if (final <= t.rssGrowthFactor * initial) return undefined
    return {
      kind: 'rss_growth',
      severity: 'warning',
      detail: {
        initial_rss_kb: initial,
        final_rss_kb: final,
        growth_factor: roundTo(final / initial, 2),
        snapshot_count: snapshotCount,
      },
    }
  }
}
