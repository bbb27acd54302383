/** What `recover` reports: one row per trace file, and totals (the `--json` contract). */
import type {Verdict} from './facts.js'
import type {InstanceRow} from './signal-leftovers.js'

export interface RecoverRow {
  /** The trace's original file name. */
  file: string
  prefix: string
  pid: number | null
  verdict: Verdict
  /** The gate that decided (safety, age, enrollment, boot, liveness, alien, all, claim). */
  gate: string
  reason: string
  /** finalized, already-finalized, quarantined, deleted, none, or would-… under --dry-run. */
  action: string
  session_dir: string | null
  snapshot_count: number | null
  skipped_lines: number | null
  torn_tail: boolean | null
  /** Where quarantined files went. */
  moved_to: string[]
}

export type VerdictCounts = Record<Verdict, number>

export interface RecoverTotals extends VerdictCounts {
  files: number
  skipped_lines: number
  torn_tails: number
  pruned_sessions: number
}

export interface RecoverReport {
  tmpfs_dir: string
  log_dir: string
  quarantine_dir: string
  dry_run: boolean
  rows: RecoverRow[]
  totals: RecoverTotals
  /** signal-sender: trace-doctor tracefs instances found, and what became of them. */
  tracefs_instances: InstanceRow[]
}

export function totalsOf(rows: readonly RecoverRow[], pruned: number): RecoverTotals {
  const t: RecoverTotals = {
    files: rows.length, recovered: 0, live: 0, 'too-young': 0, 'no-enrollment': 0, 'stale-boot': 0, alien: 0, refused: 0, claimed: 0,
    skipped_lines: 0, torn_tails: 0, pruned_sessions: pruned,
  }
  for (const r of rows) {
    t[r.verdict]++
    t.skipped_lines += r.skipped_lines ?? 0
    if (r.torn_tail) t.torn_tails++
  }
  return t
}
