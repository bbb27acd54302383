/**
 * One small-multiple chart as inline SVG: a value axis, the shared time axis, the series (an
 * envelope between bucket min and max when downsampled, a line through the max), threshold lines
 * and one faint vertical line per anomaly marker. Pure: data in, SVG text out.
 */
import {coord, linearScale, type Tick} from './chart-scale.js'
import {escapeText} from './escape-html.js'

export const VIEW_WIDTH = 960
/** Wide enough for the longest anomaly kind (`zombie_persistent`) in the lane's gutter. */
export const PLOT_LEFT = 124
export const PLOT_RIGHT = 948
export const CHART_HEIGHT = 150
const PLOT_TOP = 8
const PLOT_BOTTOM = 128

export interface ChartLine {
  /** CSS class suffix: the stroke/fill colour comes from the page's style sheet. */
  tone: string
  label: string
  min: readonly number[]
  max: readonly number[]
  /** Draw the min–max envelope (only worth it when buckets hold several rows). */
  envelope: boolean
  dashed?: boolean
}

export interface ChartSpec {
  id: string
  title: string
  /** Bucket x positions in viewBox units, one per bucket, shared by all charts. */
  px: readonly number[]
  xTicks: readonly Tick[]
  /** Maps an x-domain value (time ms or row index) to viewBox units. */
  x: (v: number) => number
  yMax: number
  yTicks: readonly Tick[]
  lines: readonly ChartLine[]
  thresholds: ReadonlyArray<{value: number; label: string; tone: string}>
  /** Anomaly marker positions (viewBox x) with their severity. */
  markers: ReadonlyArray<{px: number; severity: string}>
  note?: string
}

export function renderChart(spec: ChartSpec): string {
  const y = linearScale(0, spec.yMax, PLOT_BOTTOM, PLOT_TOP)
  const out: string[] = []
  out.push(`<figure class="chart" id="${spec.id}">`)
  out.push(`<figcaption><span class="chart-title">${escapeText(spec.title)}</span>${legend(spec.lines)}${spec.note ? `<span class="chart-note">${escapeText(spec.note)}</span>` : ''}</figcaption>`)
  out.push(`<svg viewBox="0 0 ${VIEW_WIDTH} ${CHART_HEIGHT}" role="img" aria-label="${escapeText(spec.title)}">`)
  for (const t of spec.yTicks) {
    const ty = coord(y(t.value))
    out.push(`<line class="grid" x1="${PLOT_LEFT}" x2="${PLOT_RIGHT}" y1="${ty}" y2="${ty}"/><text class="ylabel" x="${PLOT_LEFT - 6}" y="${ty}" dy="0.32em">${escapeText(t.label)}</text>`)
  }
  for (const t of spec.xTicks) {
    const tx = coord(spec.x(t.value))
    out.push(`<line class="grid" x1="${tx}" x2="${tx}" y1="${PLOT_TOP}" y2="${PLOT_BOTTOM}"/><text class="xlabel" x="${tx}" y="${PLOT_BOTTOM + 16}">${escapeText(t.label)}</text>`)
  }
  for (const m of spec.markers) {
    out.push(`<line class="amark sev-${escapeText(m.severity)}" x1="${coord(m.px)}" x2="${coord(m.px)}" y1="${PLOT_TOP}" y2="${PLOT_BOTTOM}"/>`)
  }
  for (const th of spec.thresholds) {
    if (th.value > spec.yMax) continue
    const ty = coord(y(th.value))
    out.push(`<line class="threshold tone-${th.tone}" x1="${PLOT_LEFT}" x2="${PLOT_RIGHT}" y1="${ty}" y2="${ty}"/><text class="tlabel tone-${th.tone}" x="${PLOT_RIGHT - 4}" y="${ty}" dy="-0.35em">${escapeText(th.label)}</text>`)
  }
  for (const line of spec.lines) {
    if (line.envelope) {
      const d = envelopePath(spec.px, line.min, line.max, y)
      if (d !== '') out.push(`<path class="band tone-${line.tone}" d="${d}"/>`)
    }
    const d = linePath(spec.px, line.max, y)
    if (d !== '') out.push(`<path class="line tone-${line.tone}${line.dashed ? ' dashed' : ''}" d="${d}"/>`)
  }
  out.push(`<rect class="frame" x="${PLOT_LEFT}" y="${PLOT_TOP}" width="${PLOT_RIGHT - PLOT_LEFT}" height="${PLOT_BOTTOM - PLOT_TOP}"/>`)
  out.push(`<line class="cursor" x1="-10" x2="-10" y1="${PLOT_TOP}" y2="${PLOT_BOTTOM}"/>`)
  out.push('</svg></figure>')
  return out.join('')
}

function legend(lines: readonly ChartLine[]): string {
  if (lines.length < 2) return ''
  return lines.map((l) => `<span class="key tone-${l.tone}${l.dashed ? ' dashed' : ''}">${escapeText(l.label)}</span>`).join('')
}

/** A polyline through the values; NaN (missing) breaks it, a lone point becomes a dot-length segment. */
export function linePath(px: readonly number[], values: readonly number[], y: (v: number) => number): string {
  let d = ''
  let run = 0
  for (let i = 0; i < px.length; i++) {
    const v = values[i]!
    if (Number.isNaN(v)) {
      run = 0
      continue
    }
    const point = `${coord(px[i]!)},${coord(y(v))}`
    d += run === 0 ? `M${point}` : `L${point}`
    run++
    const next = values[i + 1]
    if (run === 1 && (next === undefined || Number.isNaN(next))) d += 'h0.1'
  }
  return d
}

/** Closed areas between min and max over each run of buckets that has values. */
export function envelopePath(px: readonly number[], mins: readonly number[], maxs: readonly number[], y: (v: number) => number): string {
  let d = ''
  let start = -1
  const close = (end: number) => {
    if (start < 0) return
    let s = ''
    for (let i = start; i < end; i++) s += `${i === start ? 'M' : 'L'}${coord(px[i]!)},${coord(y(maxs[i]!))}`
    for (let i = end - 1; i >= start; i--) s += `L${coord(px[i]!)},${coord(y(mins[i]!))}`
    d += `${s}Z`
    start = -1
  }
  for (let i = 0; i < px.length; i++) {
    if (Number.isNaN(maxs[i]!) || Number.isNaN(mins[i]!)) close(i)
    else if (start < 0) start = i
  }
  close(px.length)
  return d
}
