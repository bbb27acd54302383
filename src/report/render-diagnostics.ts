/**
 * The "Session Diagnostics" section of docs/formats.md §8, as Markdown lines:
 *
 *   ## Session Diagnostics
 *
 *   | Metric | Value |
 *   |--------|-------|
 *   | Session ID | `0f3c…` |
 *   | Duration | 12.3s |
 *   …
 *
 * The condensed form (comments on duplicates) is the metrics table alone. The full form adds a
 * collapsed anomalies table, a collapsed block with the last trace rows as indented JSON, and
 * the session dir's local path. Every value is escaped: comm and paths are hostile input.
 */
import {pyDumps} from '../io/py-json.js'
import {ANOMALY_FLOAT_KEYS} from '../model/anomaly.js'
import {SNAPSHOT_FLOAT_KEYS} from '../model/snapshot.js'
import type {AnomalyRow} from '../analyze/anomaly-digest.js'
import {codeBlock, escapeCell, inlineCode} from './markdown.js'
import {causeOfDeathOf} from '../model/cause-of-death.js'
import {describeCause} from '../death/describe-cause.js'

export interface DiagnosticsInput {
  summary: Record<string, unknown>
  /** Anomaly rows to list, in file order. */
  anomalyRows: readonly AnomalyRow[]
  /** Total anomaly records of the session (the block title's N). */
  anomalyTotal: number
  /** Trace rows to show, oldest first; empty omits the block. */
  traceRows: readonly Record<string, unknown>[]
  sessionDir: string
}

export type SectionForm = 'full' | 'condensed'

const DASH = '—'
const DETAIL_FLOAT_KEYS = new Set([...ANOMALY_FLOAT_KEYS, ...SNAPSHOT_FLOAT_KEYS])

export function renderDiagnostics(input: DiagnosticsInput, form: SectionForm): string[] {
  const lines = ['## Session Diagnostics', '', ...renderMetricsTable(input.summary)]
  if (form === 'condensed') return lines
  if (input.anomalyTotal > 0) lines.push('', ...renderAnomalyBlock(input.anomalyRows, input.anomalyTotal))
  if (input.traceRows.length > 0) lines.push('', ...renderTraceBlock(input.traceRows))
  lines.push('', `**Local path:** ${inlineCode(input.sessionDir)}`)
  return lines
}

export function renderMetricsTable(s: Record<string, unknown>): string[] {
  const id = str(s['session_id']) || str(s['dir_name'])
  const rows: Array<[string, string]> = [
    ['Session ID', id ? inlineCode(id, {inTable: true}) : DASH],
    ['Duration', typeof s['duration_seconds'] === 'number' ? `${formatFixed1(s['duration_seconds'])}s` : DASH],
    ['Peak RSS', typeof s['peak_rss_kb'] === 'number' ? `${s['peak_rss_kb']} KB` : DASH],
    ['Peak OOM Score', num(s['peak_oom_score'])],
    ['Anomaly Count', num(s['anomaly_count'])],
    ['Termination', str(s['termination_reason']) ? escapeCell(str(s['termination_reason'])) : DASH],
    ['Exit Code', num(s['exit_code'])],
  ]
  // cause of death (docs/cause-of-death.md): a row only for summaries that have one
  const cause = causeOfDeathOf(s)
  if (cause !== undefined) rows.push(['Cause of Death', `${inlineCode(cause.verdict, {inTable: true})} — ${escapeCell(describeCause(cause))}`])
  const comm = str(s['tracked_comm'])
  if (comm) rows.push(['Tracked Process', `${inlineCode(comm, {inTable: true})}${s['tracked_comm_drift'] === true ? ' ⚠️ drift' : ''}`])
  return ['| Metric | Value |', '|--------|-------|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)]
}

/** Rows are the kept ones; when fewer than `total`, a last row says how many are not shown. */
export function renderAnomalyBlock(rows: readonly AnomalyRow[], total: number): string[] {
  const lines = [
    '<details>',
    `<summary>Anomalies (${total})</summary>`,
    '',
    '| Kind | Severity | Detail |',
    '|------|----------|--------|',
  ]
  for (const row of rows) lines.push(renderAnomalyRow(row))
  if (rows.length < total) lines.push(`| … ${total - rows.length} more | | |`)
  lines.push('', '</details>')
  return lines
}

export function renderAnomalyRow(row: AnomalyRow): string {
  const detail = pyDumps(row.detail, {sortKeys: true, floatKeys: DETAIL_FLOAT_KEYS})
  return `| ${inlineCode(row.kind, {inTable: true})} | ${escapeCell(row.severity)} | ${escapeCell(detail)} |`
}

export function renderTraceBlock(rows: readonly Record<string, unknown>[]): string[] {
  const json = pyDumps(rows, {sortKeys: true, indent: 2, floatKeys: SNAPSHOT_FLOAT_KEYS})
  return [
    '<details>',
    `<summary>Process Trace (last ${rows.length} snapshots)</summary>`,
    '',
    ...codeBlock(json, 'json'),
    '',
    '</details>',
  ]
}

/** Python's `f"{x:.1f}"`: like toFixed(1) but exact ties go to the even digit (0.25 → 0.2). */
export function formatFixed1(x: number): string {
  const t = x * 10
  if (Number.isInteger(t * 2) && !Number.isInteger(t)) {
    const down = Math.floor(t)
    return ((down % 2 === 0 ? down : down + 1) / 10).toFixed(1)
  }
  return x.toFixed(1)
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function num(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : DASH
}
