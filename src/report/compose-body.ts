/**
 * Puts an issue body together from its parts, given how much of each to show. Pure; the size
 * cap (fit-body.ts) calls it with smaller and smaller parts until the body fits.
 *
 *   **<headline>**                          (or the user's --report text)
 *   Traced `claude` (pid 4242) from … to … (12.0s, 120 snapshots); it ended NATURAL_EXIT, exit code 0.
 *   ### Error context  + fenced text         (when given)
 *   ### Memory         + mermaid chart       (unless --no-chart)
 *   ## Session Diagnostics (full form)
 *   ---  footer: what was redacted/shortened, fingerprint marker, session marker
 */
import type {AnomalyRow} from '../analyze/anomaly-digest.js'
import type {RssPoint} from '../analyze/rss-series.js'
import {fingerprintMarker} from './fingerprint.js'
import {codeBlock, escapeCell, inlineCode, truncate} from './markdown.js'
import {causeOfDeathOf, type CauseOfDeath} from '../model/cause-of-death.js'
import {describeCause, kernelLineOf} from '../death/describe-cause.js'
import {renderRssChart} from './render-chart.js'
import {renderSignalsSection} from './render-signals.js'
import {SignalTraceSchema, type SignalRecord, type SignalTrace} from '../model/signal-record.js'

function signalTraceOf(summary: Record<string, unknown>): SignalTrace | undefined {
  const parsed = SignalTraceSchema.safeParse(summary['signal_trace'])
  return parsed.success ? parsed.data : undefined
}
import {formatFixed1, renderDiagnostics} from './render-diagnostics.js'

export const SESSION_MARKER_PREFIX = '<!-- trace-doctor:session='

export interface BodyParts {
  headline: string
  summary: Record<string, unknown>
  sessionDir: string
  fingerprint: string
  errorContext?: string
  report?: string
  rss: readonly RssPoint[]
  chart: boolean
  anomalyTotal: number
  redactionNote?: string
  /** identity_drift's actual comm: what the rows really describe. */
  observedComm?: string
  /** signal-sender: the session's signals.jsonl records (redacted). */
  signals?: readonly SignalRecord[]
}

export interface BodyShape {
  traceRows: readonly Record<string, unknown>[]
  anomalyRows: readonly AnomalyRow[]
  /** Max characters of the error context and of the report text (cut with a note). */
  textBudget?: number
  notes: readonly string[]
}

export function composeBody(p: BodyParts, shape: BodyShape): string {
  const lines: string[] = []
  if (p.report !== undefined) lines.push(cut(p.report, shape.textBudget).trimEnd())
  else lines.push(`**${p.headline}**`, '', describeRun(p.summary, p.observedComm))
  const cause = causeOfDeathOf(p.summary)
  if (cause !== undefined) lines.push('', ...renderCauseSection(cause))
  if (p.errorContext !== undefined && p.errorContext !== '') {
    lines.push('', '### Error context', '', ...codeBlock(cut(p.errorContext, shape.textBudget), 'text'))
  }
  const signals = renderSignalsSection(signalTraceOf(p.summary), p.signals ?? [])
  if (signals.length > 0) lines.push('', ...signals)
  if (p.chart) {
    const chart = renderRssChart(p.rss)
    if (chart.length > 0) lines.push('', '### Memory', '', ...chart)
  }
  lines.push(
    '',
    ...renderDiagnostics(
      {summary: p.summary, anomalyRows: shape.anomalyRows, anomalyTotal: p.anomalyTotal, traceRows: shape.traceRows, sessionDir: p.sessionDir},
      'full',
    ),
  )
  lines.push('', ...renderFooter(p, shape.notes))
  return lines.join('\n') + '\n'
}

export function renderFooter(p: Pick<BodyParts, 'fingerprint' | 'redactionNote' | 'summary'>, notes: readonly string[]): string[] {
  const lines = ['---', '']
  for (const note of notes) lines.push(`> ${note}`, '')
  const bits = [`fingerprint ${inlineCode(p.fingerprint)}`]
  if (p.redactionNote) bits.push(p.redactionNote)
  lines.push(`<sub>Filed by trace-doctor · ${bits.join(' · ')}</sub>`, '', fingerprintMarker(p.fingerprint))
  const marker = sessionMarker(p.summary)
  if (marker) lines.push(marker)
  return lines
}

/** Identifies the session in a body or comment, so re-reporting the same session is a no-op. */
export function sessionMarker(summary: Record<string, unknown>): string | undefined {
  const id = typeof summary['dir_name'] === 'string' && summary['dir_name'] ? summary['dir_name'] : summary['session_id']
  if (typeof id !== 'string' || id === '') return undefined
  return `${SESSION_MARKER_PREFIX}${id.replace(/--+>?|[<>\r\n]/g, '_')} -->`
}

/** "Traced `claude` (pid 4242) from … to … (12.0s, 120 snapshots); it ended NATURAL_EXIT, exit code 0." */
export function describeRun(s: Record<string, unknown>, observedComm?: string): string {
  const tracked = typeof s['tracked_comm'] === 'string' && s['tracked_comm'] ? inlineCode(s['tracked_comm']) : 'the workload'
  const comm = observedComm && observedComm !== s['tracked_comm'] ? `${tracked} (but the rows describe ${inlineCode(observedComm)})` : tracked
  const pid = typeof s['pid'] === 'number' ? ` (pid ${s['pid']})` : ''
  const start = typeof s['start_ts'] === 'string' && s['start_ts'] ? s['start_ts'] : undefined
  const end = typeof s['end_ts'] === 'string' && s['end_ts'] ? s['end_ts'] : undefined
  const when = start ? (end ? ` from ${start} to ${end}` : ` from ${start}`) : ''
  const span: string[] = []
  if (typeof s['duration_seconds'] === 'number') span.push(`${formatFixed1(s['duration_seconds'])}s`)
  if (typeof s['snapshot_count'] === 'number') span.push(`${s['snapshot_count']} snapshots`)
  const how = typeof s['termination_reason'] === 'string' && s['termination_reason'] ? s['termination_reason'] : 'unknown'
  const exit = typeof s['exit_code'] === 'number' ? `exit code ${s['exit_code']}` : 'no exit code'
  const cmd = typeof s['skill_command'] === 'string' && s['skill_command'] ? `\n\nCommand: ${inlineCode(truncate(s['skill_command'], 500))}` : ''
  return `Traced ${comm}${pid}${when}${span.length ? ` (${span.join(', ')})` : ''}; it ended ${inlineCode(how)}, ${exit}.${cmd}`
}

/** "### Cause of death": the verdict, the kernel's line, every piece of evidence (already redacted). */
export function renderCauseSection(cause: CauseOfDeath): string[] {
  const lines = ['### Cause of death', '', `**${inlineCode(cause.verdict)}**: ${escapeMarkdownText(describeCause(cause))}`]
  const kernel = kernelLineOf(cause)
  if (kernel !== undefined) lines.push('', ...codeBlock(kernel, 'text'))
  if (cause.reason) lines.push('', `Why unknown: ${escapeMarkdownText(cause.reason)}`)
  if (cause.tracer) lines.push('', `The tracer itself (pid ${cause.tracer.pid ?? '?'}): ${inlineCode(cause.tracer.verdict)}${cause.tracer.reason ? ` — ${escapeMarkdownText(cause.tracer.reason)}` : ''}`)
  if (cause.evidence.length > 0) {
    lines.push('', '| Source | At | Evidence |', '|--------|----|----------|')
    for (const e of cause.evidence) lines.push(`| ${escapeCell(e.source)} | ${e.at ? escapeCell(e.at) : '—'} | ${inlineCode(truncate(e.text, 500), {inTable: true})} |`)
  }
  return lines
}

function escapeMarkdownText(text: string): string {
  return escapeCell(text)
}

function cut(text: string, budget: number | undefined): string {
  if (budget === undefined || text.length <= budget) return text
  return `${text.slice(0, Math.max(0, budget))}\n… [${text.length - budget} characters cut to fit GitHub's limit]`
}
