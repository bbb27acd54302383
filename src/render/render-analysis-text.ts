/**
 * The compact human report of `analyze`: what was traced (and a loud warning when it was the
 * wrong process), peaks, anomalies grouped by kind, trends with sparklines. Pure: lines in,
 * one string out; colors come in as functions so tests render without them.
 */
import type {AnalyzeResult} from '../analyze/analysis-result.js'
import {sparkline} from './sparkline.js'
import {escapeLine as esc} from './terminal-text.js'
import {renderSignalsLines} from './render-signals-text.js'
import {describeCause, kernelLineOf} from '../death/describe-cause.js'
import type {CauseOfDeath} from '../model/cause-of-death.js'
import {terminalSafe} from './terminal-safe.js'
import {formatDuration, formatKb} from './units.js'

export interface Palette {
  red(s: string): string
  yellow(s: string): string
  green(s: string): string
  bold(s: string): string
  dim(s: string): string
}

export const PLAIN: Palette = {red: (s) => s, yellow: (s) => s, green: (s) => s, bold: (s) => s, dim: (s) => s}

export function renderAnalysisText(r: AnalyzeResult, series: {rssKb: number[]; cpuPercent: number[]}, c: Palette = PLAIN): string {
  const s = r.summary
  const lines: string[] = []
  const span = s.first_ts && s.last_ts ? `${s.first_ts} → ${s.last_ts}, ${formatDuration(s.duration_seconds)}` : 'no timestamps'
  lines.push(`${c.bold('trace-doctor analyze')} ${esc(r.input.path)}`)
  lines.push(c.dim(`  ${esc(r.input.kind)}, ${s.snapshot_count} snapshots, ${span}`))
  lines.push('')
  const expected = s.expected_comm ? ` (expected ${esc(s.expected_comm)})` : ''
  lines.push(`${label('Process')}pid ${s.pid}, comm ${s.modal_comm === null || s.modal_comm === undefined ? '—' : esc(s.modal_comm)}${expected}`)
  if (r.cause_of_death) lines.push(...renderCauseLines(r.cause_of_death, c))
  const drift = r.anomalies.find((a) => a.kind === 'identity_drift')
  if (drift) {
    const d = drift.detail as {expected_comm?: string; actual_comm?: string; seq?: number}
    lines.push(
      c.red(c.bold(`!! IDENTITY DRIFT: expected \`${esc(String(d.expected_comm))}\`, but the trace shows \`${esc(String(d.actual_comm))}\` (first at seq ${d.seq}).`)),
      c.red('   The numbers below may describe the wrong process (e.g. a PTY wrapper instead of the workload).'),
    )
  } else if (s.tracked_comm_drift) {
    lines.push(c.yellow(`!  comm changed during the trace: ${s.comm_counts.map((x) => `${esc(x.comm)}×${x.count}`).join(', ')}`))
  }
  const fd = s.peak_fd_ratio > 0 ? `, fd ${(s.peak_fd_ratio * 100).toFixed(1)}% of limit` : ''
  lines.push(`${label('Peaks')}RSS ${formatKb(s.peak_rss_kb)}, OOM score ${s.peak_oom_score}${fd}`)
  const t = r.trends
  if (t.rss_kb) {
    lines.push(`${label('RSS')}${sparkline(series.rssKb)}  p50 ${formatKb(t.rss_kb.p50)}, p95 ${formatKb(t.rss_kb.p95)}, max ${formatKb(t.rss_kb.max)}`)
  }
  if (t.cpu_percent) {
    const p = t.cpu_percent
    lines.push(`${label('CPU')}${sparkline(series.cpuPercent)}  p50 ${p.p50.toFixed(1)}%, p95 ${p.p95.toFixed(1)}%, max ${p.max.toFixed(1)}%`)
  }
  if (t.memory) {
    const m = t.memory
    const r2 = m.r_squared === null ? 'n/a' : m.r_squared.toFixed(2)
    const projection = m.projected_minutes_to_limit === null ? '' : `, limit in ~${formatDuration(m.projected_minutes_to_limit * 60)}`
    lines.push(`${label('Memory')}${m.metric} ${signed(m.slope_kb_per_min)} KB/min (R² ${r2}), growth ${formatKb(Math.round(Math.max(0, m.growth_kb)))}${projection}`)
  }
  const verdict = t.leak.verdict
  const verdictText = verdict === 'rss_leak_suspected' ? c.red('leak suspected') : verdict === 'no_leak_suspected' ? c.green('no leak suspected') : c.dim('not enough data')
  lines.push(`${label('Leak')}${verdictText}${verdict === 'rss_leak_suspected' ? '' : c.dim(` (${t.leak.reasons.filter((x) => !x.startsWith('ok')).join('; ')})`)}`)
  // signal-sender: who sent what
  if (r.signals !== undefined) lines.push(...renderSignalsLines(r.signals, c, label))
  lines.push('')
  const byKind = s.anomalies_by_kind
  const critical = byKind.filter((k) => k.severity === 'critical').reduce((n, k) => n + k.count, 0)
  lines.push(`${label('Anomalies')}${s.anomaly_count === 0 ? c.green('none') : `${s.anomaly_count} (${critical} critical, ${s.anomaly_count - critical} warning)`}`)
  for (const k of byKind) {
    const sev = k.severity === 'critical' ? c.red(k.severity.padEnd(8)) : c.yellow(k.severity.padEnd(8))
    const where = k.first_seq === k.last_seq ? `seq ${k.first_seq}` : `seq ${k.first_seq}…${k.last_seq}`
    lines.push(`  ${sev}  ${esc(k.kind).padEnd(20)} ${String(k.count).padStart(5)}×  ${where}`)
  }
  lines.push('')
  const i = r.input
  const problems = [
    i.skipped_count > 0 ? c.yellow(`${i.skipped_count} malformed line(s) skipped (first: line ${i.skipped[0]?.line}: ${esc(i.skipped[0]?.reason ?? '')})`) : undefined,
    i.torn_tail ? c.yellow('torn last line (the writer died mid-line)') : undefined,
    i.field_issue_count > 0 ? c.yellow(`${i.field_issue_count} field(s) of the wrong type (first: line ${i.field_issues[0]?.line} \`${esc(i.field_issues[0]?.field ?? '')}\`: ${esc(i.field_issues[0]?.reason ?? '')})`) : undefined,
    ...r.warnings.map((w) => c.yellow(esc(w))),
  ].filter((x): x is string => x !== undefined)
  lines.push(`${label('Input')}${i.lines} lines, ${i.snapshots} snapshots${problems.length === 0 ? ', all clean' : ''}`)
  for (const p of problems) lines.push(`  ${p}`)
  if (r.written) for (const w of r.written) lines.push(`${label('Wrote')}${esc(w)}`)
  return lines.join('\n')
}

/** "Death      OOM-killed (cgroup memory limit, SIGKILL)" and the kernel's line under it. */
export function renderCauseLines(cause: CauseOfDeath, c: Palette = PLAIN): string[] {
  const tone = cause.verdict === 'exited' ? (cause.exit_code === 0 ? c.green : c.yellow) : cause.verdict === 'unknown' ? c.yellow : (s: string) => c.red(c.bold(s))
  const lines = [`${label('Death')}${tone(terminalSafe(describeCause(cause)))}`]
  const kernel = kernelLineOf(cause)
  if (kernel !== undefined) lines.push(c.dim(`${label('')}kernel: ${terminalSafe(kernel)}`))
  if (cause.reason) lines.push(c.dim(`${label('')}why: ${terminalSafe(cause.reason)}`))
  if (cause.tracer) lines.push(c.dim(`${label('')}tracer (pid ${cause.tracer.pid ?? '?'}): ${cause.tracer.verdict}${cause.tracer.reason ? ` — ${terminalSafe(cause.tracer.reason)}` : ''}`))
  return lines
}

function label(text: string): string {
  return text.padEnd(11)
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)}`
}
