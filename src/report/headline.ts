/**
 * The one-line headline of a report, from its most severe finding: critical anomalies before
 * warnings, and within a severity the kinds that invalidate or end a run first (a trace of the
 * wrong process makes every other number meaningless, so identity drift leads). With no
 * anomalies, how the session ended is the finding.
 */
import {severityRank} from '../model/anomaly.js'
import type {AnomalyDigestResult, AnomalyRow} from '../analyze/anomaly-digest.js'
import {escapeCell, inlineCode} from './markdown.js'
import {causeOfDeathOf} from '../model/cause-of-death.js'
import {describeCause} from '../death/describe-cause.js'

const KIND_PRIORITY = [
  'identity_drift',
  'oom_critical',
  'zombie_persistent',
  'd_state_sustained',
  'oom_spike',
  'rss_growth',
  'fd_high',
  'high_cpu_sustained',
  'zombie_detected',
  'signals_pending',
]

/** Kinds present, most severe first. */
export function rankKinds(digest: Pick<AnomalyDigestResult, 'kinds' | 'firstByKind'>): string[] {
  const prio = (k: string): number => {
    const i = KIND_PRIORITY.indexOf(k)
    return i < 0 ? KIND_PRIORITY.length : i
  }
  return [...digest.kinds].sort((a, b) => {
    const bySeverity = severityRank(digest.firstByKind[b]?.severity ?? '') - severityRank(digest.firstByKind[a]?.severity ?? '')
    return bySeverity !== 0 ? bySeverity : prio(a) - prio(b) || (a < b ? -1 : 1)
  })
}

export function renderHeadline(summary: Record<string, unknown>, digest: AnomalyDigestResult): string {
  const comm = typeof summary['tracked_comm'] === 'string' && summary['tracked_comm'] !== '' ? summary['tracked_comm'] : undefined
  const top = rankKinds(digest)[0]
  // How it died leads when it did not simply exit: it is the first question of a forensic run.
  const cause = causeOfDeathOf(summary)
  if (cause !== undefined && cause.verdict !== 'exited') {
    const death = `${comm ? inlineCode(comm) : 'the workload'} ${escapeCell(describeCause(cause))}`
    return top === undefined ? death : `${death}; ${describeKind(top, digest.firstByKind[top]!, digest.countByKind[top] ?? 1, summary, comm)}`
  }
  if (top !== undefined) return describeKind(top, digest.firstByKind[top]!, digest.countByKind[top] ?? 1, summary, comm)
  return describeEnding(summary, comm)
}

function describeKind(kind: string, row: AnomalyRow, count: number, s: Record<string, unknown>, comm: string | undefined): string {
  const d = row.detail
  const who = comm ? ` in ${inlineCode(comm)}` : ''
  const times = count > 1 ? ` (${count} records)` : ''
  switch (kind) {
    case 'identity_drift':
      return `identity drift: traced ${inlineCode(String(d['actual_comm'] ?? '?'))}, expected ${inlineCode(String(d['expected_comm'] ?? '?'))}`
    case 'oom_critical':
      return `OOM critical: oom_score reached ${typeof s['peak_oom_score'] === 'number' ? s['peak_oom_score'] : String(d['oom_score'])}${who}`
    case 'zombie_persistent':
      return `zombie: ${comm ? inlineCode(comm) : 'the process'} stayed a zombie for ${String(d['consecutive_count'] ?? 3)}+ snapshots`
    case 'd_state_sustained':
      return `stuck in disk sleep${who}: wchan ${inlineCode(String(d['wchan'] ?? '?'))}${times}`
    case 'oom_spike':
      return `OOM spike${who}: oom_score ${String(d['from'])} → ${String(d['to'])}${times}`
    case 'rss_growth':
      return `memory growth${who}: RSS ${String(d['initial_rss_kb'])} KB → ${String(d['final_rss_kb'])} KB (×${String(d['growth_factor'])})`
    case 'fd_high':
      return `file descriptors near the limit${who}: ${String(d['fd_count'])} of ${String(d['fd_soft_limit'])}`
    case 'high_cpu_sustained':
      return `sustained high CPU${who}: cpu_percent ≥ 90 since seq ${String(row.seq ?? '?')}${times}`
    case 'zombie_detected':
      return `zombie: ${comm ? inlineCode(comm) : 'the process'} became a zombie`
    case 'signals_pending':
      return `signals pending${who}: mask ${inlineCode(String(d['to'] ?? '?'))}`
    default:
      return `${kind} (${row.severity})${who}${times}`
  }
}

function describeEnding(s: Record<string, unknown>, comm: string | undefined): string {
  const name = comm ? inlineCode(comm) : 'the workload'
  const reason = typeof s['termination_reason'] === 'string' ? s['termination_reason'] : undefined
  const exit = typeof s['exit_code'] === 'number' ? `exit code ${s['exit_code']}` : 'no exit code'
  if (s['subtype'] === 'crashed' || reason === 'CRASHED') return `tracer crashed while tracing ${name}; session recovered from tmpfs`
  const sender = (s['signal_trace'] as {sender?: unknown} | undefined)?.sender
  if (typeof sender === 'string' && sender !== '') return `${name} was killed by ${inlineCode(sender)} (${exit})`
  if (reason === 'SIGNALED') return `${name} was killed by a signal (${exit})`
  if (s['success'] === false) return `${name} failed (${typeof s['subtype'] === 'string' ? `subtype ${s['subtype']}, ` : ''}${exit})`
  return `no anomalies: ${name} ended ${reason ?? 'normally'} (${exit})`
}
