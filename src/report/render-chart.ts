/**
 * RSS over time as a Mermaid `xychart-beta` block, which GitHub renders in issue bodies
 * (https://mermaid.js.org/syntax/xyChart.html). Points come already downsampled (max per
 * bucket, at most 100); x labels are seconds since the first row, y is MiB.
 *
 *   ```mermaid
 *   xychart-beta
 *       title "RSS over time (max per bucket)"
 *       x-axis "seconds since start" ["0", "12", …]
 *       y-axis "RSS (MiB)" 0 --> 512
 *       line [12.5, 14.0, …]
 *   ```
 */
import type {RssPoint} from '../analyze/rss-series.js'

export function renderRssChart(points: readonly RssPoint[]): string[] {
  if (points.length < 2) return []
  const times = points.map((p) => p.timeMs)
  // Without timestamps on every point fall back to row numbers, said so in the axis title.
  const hasTime = times.every((t) => t !== undefined)
  const t0 = times[0] ?? 0
  const labels = points.map((p, i) => (hasTime ? String(Math.round((times[i]! - t0) / 1000)) : String(p.firstRow)))
  const values = points.map((p) => Math.round((p.rssKb / 1024) * 10) / 10)
  const top = niceCeiling(Math.max(...values))
  return [
    '```mermaid',
    'xychart-beta',
    '    title "RSS over time (max per bucket)"',
    `    x-axis "${hasTime ? 'seconds since start' : 'snapshot'}" [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `    y-axis "RSS (MiB)" 0 --> ${top}`,
    `    line [${values.join(', ')}]`,
    '```',
  ]
}

/** A round axis top at or above `max` (1, 2, 5 × 10^k), never 0. */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1
  const exp = Math.pow(10, Math.floor(Math.log10(max)))
  for (const step of [1, 2, 5, 10]) if (step * exp >= max) return step * exp
  return 10 * exp
}
