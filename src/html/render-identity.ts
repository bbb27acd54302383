/**
 * The top of the report: who was traced (pid, comm, cmdline, the expected comm), a loud banner
 * when the trace describes another process than the one expected (the PTY-wrapper bug, a
 * recycled pid), and the headline numbers as cards.
 */
import type {AnalyzeResult} from '../analyze/analysis-result.js'
import type {Enrollment} from '../model/enrollment.js'
import type {SummaryRead} from '../model/summary.js'
import {formatCount, formatDuration, formatKb} from '../render/units.js'
import {escapeText} from './escape-html.js'

export interface IdentityContext {
  result: AnalyzeResult
  session?: SummaryRead | undefined
  enrollment?: Enrollment | undefined
}

export function renderHeader({result, session}: IdentityContext): string {
  const s = result.summary
  const comm = s.modal_comm ?? s.tracked_comm ?? '—'
  const span = s.first_ts && s.last_ts ? `${s.first_ts} → ${s.last_ts} (${formatDuration(s.duration_seconds)})` : 'no timestamps'
  const name = session?.session_id || session?.dir_name
  return [
    `<header><h1>${escapeText(comm)} <span class="sub">pid ${pidText(s.pid)}</span></h1>`,
    `<div class="sub">${name ? `session <code>${escapeText(name)}</code> · ` : ''}${formatCount(s.snapshot_count)} snapshots · ${escapeText(span)}</div></header>`,
  ].join('')
}

/** The red banner; empty when the trace shows the expected process throughout. */
export function renderDriftBanner({result}: IdentityContext): string {
  const s = result.summary
  const drift = result.anomalies.find((a) => a.kind === 'identity_drift')
  const seen = s.comm_counts.map((c) => `${c.comm} ×${formatCount(c.count)}`).join(', ')
  if (drift !== undefined) {
    const d = drift.detail as {expected_comm?: unknown; actual_comm?: unknown; seq?: unknown}
    return [
      '<div class="banner" id="drift-banner" role="alert">',
      `<strong>⚠ Identity drift: expected <code>${escapeText(String(d.expected_comm))}</code>, but the trace shows <code>${escapeText(String(d.actual_comm))}</code> from snapshot #${escapeText(String(d.seq))}.</strong>`,
      `The numbers on this page may describe the wrong process — a PTY wrapper such as <code>script</code> instead of the workload, or a recycled pid. Comms seen: ${escapeText(seen)}.`,
      '</div>',
    ].join('')
  }
  if (s.tracked_comm_drift) {
    return `<div class="banner mild" id="drift-banner" role="alert"><strong>⚠ The comm changed during the trace.</strong>Comms seen: ${escapeText(seen)}.</div>`
  }
  return ''
}

export function renderIdentity({result, session, enrollment}: IdentityContext): string {
  const s = result.summary
  const cmdline = commandLineOf(session)
  const pairs: Array<[string, string]> = [
    ['pid', pidText(s.pid)],
    ['comm (most seen)', code(s.modal_comm)],
    ['expected comm', s.expected_comm ? code(s.expected_comm) : '<span class="note">none given: the most seen comm is used</span>'],
    ['comms seen', s.comm_counts.length === 0 ? '—' : s.comm_counts.map((c) => `${code(c.comm)} ×${formatCount(c.count)}`).join(', ')],
    ['cmdline', cmdline === undefined ? '—' : code(cmdline)],
    ['cwd', code(session?.cwd)],
    ['outcome', outcome(session)],
    ['exit code', session?.exit_code === undefined || session.exit_code === null ? '—' : String(session.exit_code)],
  ]
  if (session?.kill_reason) pairs.push(['kill reason', escapeText(session.kill_reason)])
  if (enrollment) pairs.push(['enrolled', `${escapeText(enrollment.enrolled_at ?? '—')} (sidecar schema ${enrollment.schema_version})`])
  pairs.push(['input', `${code(result.input.path)} <span class="note">(${escapeText(result.input.kind)})</span>`])
  return `<section class="panel"><dl class="identity">${pairs.map(([k, v]) => `<dt>${escapeText(k)}</dt><dd>${v}</dd>`).join('')}</dl></section>`
}

export function renderCards({result}: IdentityContext): string {
  const s = result.summary
  const critical = result.anomalies.filter((a) => a.severity === 'critical').length
  const leak = result.trends.leak.verdict
  const cards: Array<[string, string, string]> = [
    ['Peak RSS', formatKb(s.peak_rss_kb), ''],
    ['Peak OOM score', String(s.peak_oom_score), s.peak_oom_score >= 800 ? 'crit' : ''],
    ['Peak fds / limit', `${(s.peak_fd_ratio * 100).toFixed(1)}%`, s.peak_fd_ratio > 0.8 ? 'warn' : ''],
    ['Anomalies', `${s.anomaly_count}${critical > 0 ? ` (${critical} critical)` : ''}`, critical > 0 ? 'crit' : s.anomaly_count > 0 ? 'warn' : 'ok'],
    ['Memory leak', leak === 'rss_leak_suspected' ? 'suspected' : leak === 'no_leak_suspected' ? 'not suspected' : 'not enough data', leak === 'rss_leak_suspected' ? 'crit' : ''],
    ['Duration', formatDuration(s.duration_seconds), ''],
  ]
  return `<div class="cards">${cards.map(([k, v, tone]) => `<div class="card ${tone}"><div class="k">${k}</div><div class="v">${escapeText(v)}</div></div>`).join('')}</div>`
}

/** The workload's command line: a tracer's `cmdline` field when present, else `skill_command`. */
export function commandLineOf(session: SummaryRead | undefined): string | undefined {
  const raw = (session as Record<string, unknown> | undefined)?.['cmdline']
  if (typeof raw === 'string' && raw !== '') return raw
  if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return raw.join(' ')
  return session?.skill_command || undefined
}

function outcome(session: SummaryRead | undefined): string {
  if (session === undefined) return '<span class="note">unknown (no summary.json)</span>'
  const ok = session.success === true
  const label = [session.subtype, session.termination_reason].filter(Boolean).join(', ')
  return `<span class="badge ${ok ? 'ok' : session.success === false ? 'bad' : 'mid'}">${ok ? 'success' : session.success === false ? 'failed' : 'unknown'}</span> ${escapeText(label)}`
}

/** 0 is what analyze uses when no input told the pid; no traced process has pid 0. */
function pidText(pid: number): string {
  return pid > 0 ? String(pid) : 'unknown'
}

function code(text: string | null | undefined): string {
  return text === null || text === undefined || text === '' ? '—' : `<code>${escapeText(text)}</code>`
}
