/**
 * The workload's signals in the HTML report: a lane on the charts' shared time axis (one row per
 * signal name, the OOM killer's choice as a row of its own), a banner naming who ended the
 * workload (or why that is unknown, and the fix), and a table of every signal. Signals that came
 * after the last snapshot (the fatal one usually does) sit at the right edge, and say so.
 * Pure; every comm and cmdline is escaped.
 */
import type {SignalsResult} from '../analyze/analysis-result.js'
import type {SignalRecord} from '../model/signal-record.js'
import {timestampMs} from '../model/timestamp.js'
import {coord, type Tick} from './chart-scale.js'
import {escapeText} from './escape-html.js'
import {PLOT_LEFT, PLOT_RIGHT, VIEW_WIDTH} from './render-chart.js'

const ROW = 20
const TOP = 6
const OOM_ROW = 'OOM killer'

const rowOf = (r: SignalRecord): string => (r.kind === 'oom_victim' ? OOM_ROW : r.signal)

function titleOf(r: SignalRecord): string {
  if (r.kind === 'oom_victim') return `OOM killer chose ${r.target_comm} (pid ${r.target_pid}) at ${r.at}`
  const from = r.origin === 'kernel' ? `the kernel (si_code ${r.code})` : `${r.sender_comm} (pid ${r.sender_pid})`
  return `${r.signal} from ${from} to ${r.target_comm} (pid ${r.target_pid}), ${r.result}, at ${r.at}`
}

/** `domain`: the charts' x domain (ms for a timed trace); signals are drawn only on a time axis. */
export function renderSignalLane(records: readonly SignalRecord[], xTicks: readonly Tick[], x: (v: number) => number, domain: {d0: number; d1: number; hasTime: boolean}): string {
  if (records.length === 0 || !domain.hasTime) return ''
  const rows = [...new Set(records.map(rowOf))]
  const height = TOP * 2 + ROW * rows.length
  const out: string[] = ['<figure class="chart lane" id="signal-lane"><figcaption><span class="chart-title">Signals received</span></figcaption>']
  out.push(`<svg viewBox="0 0 ${VIEW_WIDTH} ${height}" role="img" aria-label="signals received, by signal">`)
  for (const t of xTicks) out.push(`<line class="grid" x1="${coord(x(t.value))}" x2="${coord(x(t.value))}" y1="${TOP}" y2="${height - TOP}"/>`)
  rows.forEach((row, i) => {
    const cy = TOP + ROW * i + ROW / 2
    out.push(`<line class="lane-row" x1="${PLOT_LEFT}" x2="${PLOT_RIGHT}" y1="${cy}" y2="${cy}"/>`)
    out.push(`<text class="ylabel lane-label" x="${PLOT_LEFT - 6}" y="${cy}" dy="0.32em">${escapeText(row)}</text>`)
  })
  for (const r of records) {
    const t = timestampMs(r.at)
    if (t === undefined) continue
    const late = t > domain.d1
    const cx = coord(x(Math.min(Math.max(t, domain.d0), domain.d1)))
    const cy = TOP + ROW * rows.indexOf(rowOf(r)) + ROW / 2
    const title = titleOf(r) + (late ? ' (after the last snapshot)' : '')
    const tone = r.kind === 'oom_victim' || r.signal === 'SIGKILL' ? 'sev-critical' : 'sev-warning'
    out.push(`<g class="signal-marker ${tone}" data-signal="${escapeText(rowOf(r))}"><path d="M${cx},${coord(cy - 6)}l5,12h-10z"/><title>${escapeText(title)}</title></g>`)
  }
  out.push('</svg></figure>')
  return out.join('')
}

/** Who ended the workload, or why that is not known. */
export function renderSignalBanner(s: SignalsResult | undefined): string {
  if (s === undefined) return ''
  if (s.status === 'unavailable') {
    return `<div class="banner mild" id="signal-banner"><strong>Sender unknown</strong>${escapeText(s.reason ?? '')}${s.fix ? `. Fix: <code>${escapeText(s.fix)}</code>` : ''}</div>`
  }
  if (s.sender === null) return ''
  const partial = s.status === 'partial' ? ` <em>(${escapeText(s.reason ?? 'partial')})</em>` : ''
  return `<div class="banner mild" id="signal-banner"><strong>Ended by ${escapeText(s.sender)}</strong>${s.count} signal(s) received during the trace${partial}</div>`
}

export function renderSignalTable(s: SignalsResult | undefined): string {
  if (s === undefined || s.records.length === 0) return ''
  const rows = s.records.map((r) => {
    const sender = r.kind === 'signal' && r.origin === 'kernel' ? 'the kernel' : `${r.sender_comm} (pid ${r.sender_pid}${r.sender_ppid == null ? '' : `, parent ${r.sender_ppid}`})`
    const cmd = r.sender_cmdline?.join(' ') ?? ''
    const what = r.kind === 'oom_victim' ? 'OOM killer' : r.signal
    const result = r.kind === 'oom_victim' ? 'chosen' : r.result
    return `<tr><td>${escapeText(r.at)}</td><td>${escapeText(what)}</td><td>${escapeText(sender)}</td><td><code>${escapeText(cmd)}</code></td><td>${escapeText(`${r.target_comm} (pid ${r.target_pid})`)}</td><td>${escapeText(result)}</td></tr>`
  })
  return `<h2>Signals (${s.records.length})</h2><table id="signal-table"><thead><tr><th>time (UTC)</th><th>signal</th><th>sender</th><th>sender command</th><th>target</th><th>result</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}
