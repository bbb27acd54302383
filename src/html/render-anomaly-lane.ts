/**
 * The anomaly lane above the charts: one row per anomaly kind, one marker per kind per bucket,
 * at its time on the shared axis. Critical markers are red diamonds, warnings amber circles
 * (shape as well as colour, for readers who do not tell red from amber). Each marker carries its
 * count and rows as data attributes and a native tooltip, so it works without the script.
 */
import {ANOMALY_KINDS} from '../model/anomaly.js'
import {coord, type Tick} from './chart-scale.js'
import {escapeText} from './escape-html.js'
import {PLOT_LEFT, PLOT_RIGHT, VIEW_WIDTH} from './render-chart.js'

export interface MarkerGroup {
  kind: string
  severity: string
  /** x in viewBox units. */
  px: number
  count: number
  firstSeq: number
  lastSeq: number
  /** The first record's ts. */
  ts: string
}

const ROW = 20
const TOP = 6

export function renderAnomalyLane(groups: readonly MarkerGroup[], xTicks: readonly Tick[], x: (v: number) => number): string {
  if (groups.length === 0) return '<p class="lane-empty">No anomalies: nothing to mark on the charts.</p>'
  const kinds = orderKinds(groups.map((g) => g.kind))
  const height = TOP * 2 + ROW * kinds.length
  const out: string[] = [`<figure class="chart lane" id="anomaly-lane"><figcaption><span class="chart-title">Anomalies</span>`]
  out.push('<span class="key sev-critical">◆ critical</span><span class="key sev-warning">● warning</span></figcaption>')
  out.push(`<svg viewBox="0 0 ${VIEW_WIDTH} ${height}" role="img" aria-label="anomaly markers by kind">`)
  for (const t of xTicks) {
    const tx = coord(x(t.value))
    out.push(`<line class="grid" x1="${tx}" x2="${tx}" y1="${TOP}" y2="${height - TOP}"/>`)
  }
  kinds.forEach((kind, row) => {
    const cy = TOP + ROW * row + ROW / 2
    out.push(`<line class="lane-row" x1="${PLOT_LEFT}" x2="${PLOT_RIGHT}" y1="${cy}" y2="${cy}"/>`)
    out.push(`<text class="ylabel lane-label" x="${PLOT_LEFT - 6}" y="${cy}" dy="0.32em">${escapeText(kind)}</text>`)
  })
  for (const g of groups) {
    const cy = TOP + ROW * kinds.indexOf(g.kind) + ROW / 2
    const cx = coord(g.px)
    const sev = escapeText(g.severity)
    const rows = g.firstSeq === g.lastSeq ? `snapshot #${g.firstSeq}` : `snapshots #${g.firstSeq}–#${g.lastSeq}`
    const title = `${g.kind} (${g.severity}) ${g.count > 1 ? `×${g.count} ` : ''}at ${g.ts}, ${rows}`
    const shape = g.severity === 'critical' ? `<path d="M${cx},${coord(cy - 6)}l6,6l-6,6l-6,-6z"/>` : `<circle cx="${cx}" cy="${cy}" r="5"/>`
    out.push(
      `<g class="anomaly-marker sev-${sev}" data-kind="${escapeText(g.kind)}" data-severity="${sev}" data-count="${g.count}" data-first-seq="${g.firstSeq}" data-last-seq="${g.lastSeq}">${shape}<title>${escapeText(title)}</title></g>`,
    )
  }
  out.push(`<line class="cursor" x1="-10" x2="-10" y1="${TOP}" y2="${height - TOP}"/>`)
  out.push('</svg></figure>')
  return out.join('')
}

/** Known kinds in the original tracer's order, then any future kinds in order of appearance. */
function orderKinds(kinds: readonly string[]): string[] {
  const present = new Set(kinds)
  const known = ANOMALY_KINDS.filter((k) => present.has(k))
  const unknown = [...present].filter((k) => !(ANOMALY_KINDS as readonly string[]).includes(k))
  return [...known, ...unknown]
}
