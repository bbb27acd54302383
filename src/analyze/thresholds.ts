/**
 * Every threshold of the anomaly rules (docs/formats.md §6), as named constants. Library callers may
 * override any of them through `AnalyzerOptions.thresholds`.
 */
export interface Thresholds {
  /** oom_spike: oom_score rose by more than this between two consecutive snapshots. */
  oomSpikeDelta: number
  /** oom_critical: oom_score at or above this. */
  oomCritical: number
  /** zombie_persistent: reported at this many consecutive zombie snapshots. */
  zombiePersistentCount: number
  /** d_state_sustained: these wait channels are sleeps, not stuck I/O. */
  dStateBenignWchans: readonly string[]
  /** high_cpu_sustained: cpu_percent at or above this. */
  highCpuPercent: number
  /** d_state/high_cpu runs are reported from this snapshot of the run on. */
  sustainedFromCount: number
  /** fd_high: fd_count / fd_soft_limit above this. */
  fdHighRatio: number
  /** rss_growth: at least this many snapshots … */
  rssGrowthMinSnapshots: number
  /** … and the last vm_rss_kb above this factor times the first positive one. */
  rssGrowthFactor: number
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  oomSpikeDelta: 200,
  oomCritical: 800,
  zombiePersistentCount: 3,
  dStateBenignWchans: Object.freeze(['do_nanosleep', 'do_epoll_wait', 'schedule_hrtimeout_range', '', '0']),
  highCpuPercent: 90.0,
  sustainedFromCount: 2,
  fdHighRatio: 0.8,
  rssGrowthMinSnapshots: 5,
  rssGrowthFactor: 2,
})

export function resolveThresholds(overrides: Partial<Thresholds> = {}): Thresholds {
  return {...DEFAULT_THRESHOLDS, ...overrides}
}

/** `0000000000000000`: no signal pending. */
export const NO_SIGNALS = '0'.repeat(16)
