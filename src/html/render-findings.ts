/**
 * The report's tables: anomalies (by kind, then one row each, capped so a long trace with a
 * chronic condition does not produce a 100 MB page), trends as `analyze` computes them, and what
 * the reader saw in the input (skipped lines, torn tail, downsampling).
 */
import type {AnalyzeResult} from '../analyze/analysis-result.js'
import {pyDumps} from '../io/py-json.js'
import {formatCount, formatDuration, formatKb} from '../render/units.js'
import {escapeText} from './escape-html.js'
import type {ReportSeriesData} from './report-series.js'

/** Rows of the anomaly table; the by-kind table above it always counts them all. */
export const MAX_ANOMALY_ROWS = 500

export function renderAnomalyTables(result: AnalyzeResult): string {
  const all = result.anomalies
  if (all.length === 0) return '<p class="note" id="no-anomalies">No anomalies were found in this trace.</p>'
  const byKind = result.summary.anomalies_by_kind
    .map((k) => `<tr><td><code>${escapeText(k.kind)}</code></td><td>${badge(k.severity)}</td><td class="num">${k.count}</td><td class="num">#${k.first_seq}</td><td class="num">#${k.last_seq}</td></tr>`)
    .join('')
  const shown = all.slice(0, MAX_ANOMALY_ROWS)
  const rows = shown
    .map((a) => {
      const snap = a.snapshot as Record<string, unknown>
      const comm = typeof snap['comm'] === 'string' ? snap['comm'] : ''
      return `<tr class="anomaly-row" data-kind="${escapeText(a.kind)}"><td class="mono">${escapeText(a.ts)}</td><td class="num">${a.seq}</td><td><code>${escapeText(a.kind)}</code></td><td>${badge(a.severity)}</td><td class="mono">${escapeText(pyDumps(a.detail, {sortKeys: true}))}</td><td><code>${escapeText(comm)}</code></td></tr>`
    })
    .join('')
  const more = all.length > shown.length ? `<p class="note">Showing the first ${shown.length} of ${all.length} anomalies; <code>trace-doctor analyze --json</code> lists them all.</p>` : ''
  return [
    '<table id="anomalies-by-kind"><thead><tr><th>kind</th><th>severity</th><th class="num">count</th><th class="num">first</th><th class="num">last</th></tr></thead>',
    `<tbody>${byKind}</tbody></table>`,
    '<h3 class="note">Every anomaly (time is the snapshot\'s captured_at)</h3>',
    '<div class="scroll"><table id="anomalies"><thead><tr><th>time</th><th class="num">seq</th><th>kind</th><th>severity</th><th>detail</th><th>comm</th></tr></thead>',
    `<tbody>${rows}</tbody></table></div>${more}`,
  ].join('')
}

export function renderTrends(result: AnalyzeResult): string {
  const t = result.trends
  const rows: Array<[string, string]> = []
  if (t.rss_kb) rows.push(['RSS percentiles', `p50 ${formatKb(t.rss_kb.p50)} · p95 ${formatKb(t.rss_kb.p95)} · max ${formatKb(t.rss_kb.max)}`])
  if (t.cpu_percent) rows.push(['CPU percentiles', `p50 ${fix(t.cpu_percent.p50)}% · p95 ${fix(t.cpu_percent.p95)}% · max ${fix(t.cpu_percent.max)}%`])
  const m = t.memory
  if (m) {
    rows.push([`memory slope (${m.metric}, Theil–Sen)`, `${signed(m.slope_kb_per_min)} KB/min over ${m.sample_points} sampled points`])
    rows.push(['R² of a linear fit', m.r_squared === null ? 'n/a' : m.r_squared.toFixed(3)])
    rows.push(['last-quarter slope', m.last_quarter_slope_kb_per_min === null ? 'n/a' : `${signed(m.last_quarter_slope_kb_per_min)} KB/min`])
    rows.push(['growth (fitted)', `${formatKb(Math.round(Math.max(0, m.growth_kb)))} (${formatKb(m.start_kb)} → ${formatKb(m.end_kb)})`])
    if (m.limit_kb !== null) {
      rows.push(['time to memory limit', m.projected_minutes_to_limit === null ? 'not growing' : `~${formatDuration(m.projected_minutes_to_limit * 60)} to ${formatKb(m.limit_kb)}`])
    }
  }
  const verdict = t.leak.verdict
  const tone = verdict === 'rss_leak_suspected' ? 'bad' : verdict === 'no_leak_suspected' ? 'ok' : 'mid'
  const reasons = t.leak.reasons.map((r) => `<li>${escapeText(r)}</li>`).join('')
  return [
    '<section class="panel" id="trends"><dl class="identity">',
    rows.map(([k, v]) => `<dt>${escapeText(k)}</dt><dd>${escapeText(v)}</dd>`).join(''),
    `<dt>leak verdict</dt><dd><span class="badge ${tone}">${escapeText(verdict)}</span><ul class="reasons">${reasons}</ul></dd>`,
    '</dl></section>',
  ].join('')
}

export function renderInputNotes(result: AnalyzeResult, series: ReportSeriesData): string {
  const i = result.input
  const notes: string[] = []
  notes.push(`${formatCount(i.snapshots)} snapshots read from <code>${escapeText(i.trace_path)}</code> (${formatCount(i.lines)} lines).`)
  notes.push(
    series.width > 1
      ? `Charts show ${formatCount(series.seq0.length)} buckets of ${series.width} snapshots: the shaded band is each bucket's min–max, the line its max, so no peak is lost.`
      : 'Charts show every snapshot.',
  )
  if (i.skipped_count > 0) {
    const first = i.skipped.slice(0, 5).map((s) => `line ${s.line}: ${s.reason}`).join('; ')
    notes.push(`${i.skipped_count} malformed line(s) skipped — ${escapeText(first)}${i.skipped_count > 5 ? '; …' : ''}`)
  }
  if (i.torn_tail) notes.push('The last line is torn (the writer died mid-line); it was not counted.')
  if (i.field_issue_count > 0) notes.push(`${i.field_issue_count} field(s) of the wrong type were ignored by the rules they feed.`)
  for (const w of result.warnings) notes.push(`Warning: ${escapeText(w)}`)
  return `<section class="panel note" id="input-notes">${notes.map((n) => `<p>${n}</p>`).join('')}</section>`
}

function badge(severity: string): string {
  const cls = severity === 'critical' || severity === 'warning' ? `sev-${severity}` : 'sev-other'
  return `<span class="badge ${cls}">${escapeText(severity)}</span>`
}

function fix(v: number): string {
  return v.toFixed(1)
}

function signed(v: number): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(1)}`
}
