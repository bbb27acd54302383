/** The human form of a recover report: one row per trace file, then a total line. Pure. */
import {renderTable} from '../render/table.js'
import type {RecoverReport} from './recover-report.js'

export function renderRecoverReport(report: RecoverReport): string {
  const head = ['PID', 'VERDICT', 'ACTION', 'LINES', 'SESSION / FILE', 'REASON']
  const rows = report.rows.map((r) => [
    r.pid === null ? '-' : String(r.pid),
    r.verdict,
    r.action,
    linesCell(r.snapshot_count, r.skipped_lines, r.torn_tail),
    r.session_dir ?? r.moved_to.join(', ') ?? r.file,
    r.reason,
  ].map((c, i) => (i === 4 && c === '' ? r.file : c)))
  const t = report.totals
  const counts = (['recovered', 'live', 'too-young', 'no-enrollment', 'stale-boot', 'alien', 'refused', 'claimed'] as const)
    .filter((v) => t[v] > 0)
    .map((v) => `${t[v]} ${v}`)
  const total = `${report.dry_run ? 'dry run, nothing changed: ' : ''}${t.files} trace file(s) in ${report.tmpfs_dir}` +
    (counts.length > 0 ? `: ${counts.join(', ')}` : '') +
    (t.skipped_lines > 0 ? `; ${t.skipped_lines} unreadable line(s) skipped` : '') +
    (t.torn_tails > 0 ? `; ${t.torn_tails} torn tail(s)` : '') +
    (t.pruned_sessions > 0 ? `; retention removed ${t.pruned_sessions} old session(s)` : '')
  const lines = rows.length === 0 ? [total] : [...renderTable(head, rows, {unbounded: [5]}), total]
  return [...lines, ...instanceLines(report)].join('\n')
}

/** signal-sender: what became of dead tracers' tracefs instances (names are ours: digits only). */
function instanceLines(report: RecoverReport): string[] {
  return (report.tracefs_instances ?? [])
    .filter((i) => i.action !== 'kept')
    .map((i) => `tracefs instance ${i.name}: ${i.action}${i.drained > 0 ? ` (${i.drained} buffered signal event(s) kept)` : ''}`)
}

function linesCell(count: number | null, skipped: number | null, torn: boolean | null): string {
  if (count === null) return '-'
  return `${count}` + (skipped ? ` (+${skipped} bad)` : '') + (torn ? ' torn' : '')
}
