/**
 * The small multiples of the report — RSS, CPU, threads, fds against their limit, OOM score —
 * on one shared x axis (UTC time, or the row index for traces without timestamps), above a lane
 * of anomaly markers, one row per kind, coloured by severity.
 */
import {DEFAULT_THRESHOLDS, type Thresholds} from '../analyze/thresholds.js'
import type {Anomaly} from '../model/anomaly.js'
import {linearScale, niceAxis, seqTicks, timeTicks, type Tick} from './chart-scale.js'
import {renderChart, PLOT_LEFT, PLOT_RIGHT, type ChartSpec} from './render-chart.js'
import {renderAnomalyLane, type MarkerGroup} from './render-anomaly-lane.js'
import {renderSignalLane} from './render-signal-lane.js'
import type {SignalRecord} from '../model/signal-record.js'
import {metricIndex, type ReportSeriesData} from './report-series.js'
import {lastIndexAtMost} from '../util/sorted-index.js'

export interface RenderedCharts {
  html: string
  /** Bucket x positions (viewBox units), for the hover readout. */
  px: number[]
  markerGroups: MarkerGroup[]
}

export interface ChartOptions {
  /** The workload's memory cgroup limit (KiB): drawn on the RSS chart when RSS comes within reach of it. */
  memoryLimitKb?: number | undefined
}

export function renderCharts(series: ReportSeriesData, anomalies: readonly Anomaly[], thresholds: Thresholds = DEFAULT_THRESHOLDS, options: ChartOptions = {}, signals: readonly SignalRecord[] = []): RenderedCharts {
  const n = series.seq0.length
  const dom = series.hasTime ? series.t0 : series.seq0
  const d0 = n > 0 ? dom[0]! : 0
  const d1 = n > 0 ? (series.hasTime ? series.t1[n - 1]! : series.seq1[n - 1]!) : 1
  const x = linearScale(d0, d1, PLOT_LEFT + 4, PLOT_RIGHT - 4)
  const px = dom.map(x)
  const xTicks = series.hasTime ? timeTicks(d0, d1) : seqTicks(d0, d1)
  const markerGroups = groupMarkers(anomalies, series, x)
  const markers = markerGroups.map((g) => ({px: g.px, severity: g.severity}))
  const envelope = series.width > 1
  const base = {px, xTicks, x, markers}
  const max = (i: number) => series.max[i]!.reduce((m, v) => (v > m ? v : m), 0)
  const line = (metric: Parameters<typeof metricIndex>[0], tone: string, label: string, extra: {dashed?: boolean; envelope?: boolean} = {}) => {
    const i = metricIndex(metric)
    return {tone, label, min: series.min[i]!, max: series.max[i]!, envelope: extra.envelope ?? envelope, ...(extra.dashed ? {dashed: true} : {})}
  }

  // The cgroup limit, like the fd limit, only when the peak comes within a quarter of it.
  const memLimit = options.memoryLimitKb
  const memLimitInView = memLimit !== undefined && memLimit > 0 && max(0) >= memLimit * 0.25
  const rssPeak = Math.max(max(0), memLimitInView ? memLimit : 0) * 1.05
  const rss = niceAxis(rssPeak, kbLabel, {unit: rssPeak >= 1024 * 1024 ? 1024 * 1024 : rssPeak >= 1024 ? 1024 : 1})
  const cpu = niceAxis(Math.max(100, max(1)), (v) => `${trim(v)}%`)
  const threads = niceAxis(Math.max(4, max(2) * 1.1), trim, {integer: true})
  const fdMax = max(3)
  const limitMax = max(4)
  // A limit far above the count would flatten the count into the axis: show the limit only when
  // the count comes within reach of it (a quarter), and say so.
  const limitInView = limitMax > 0 && fdMax >= limitMax * 0.25
  const fd = niceAxis(limitInView ? limitMax * 1.05 : Math.max(8, fdMax * 1.2), trim, {integer: true})
  const oom = niceAxis(Math.max(1000, max(5)), trim, {integer: true})

  const specs: ChartSpec[] = [
    {
      ...base,
      id: 'chart-rss',
      title: memLimit !== undefined ? 'RSS (vm_rss_kb) against the memory cgroup limit' : 'RSS (vm_rss_kb)',
      yMax: rss.max,
      yTicks: rss.ticks,
      lines: [line('vm_rss_kb', 'rss', 'RSS')],
      thresholds: memLimitInView ? [{value: memLimit, label: `cgroup limit ${kbLabel(memLimit)}`, tone: 'crit'}] : [],
      ...(memLimit !== undefined && !memLimitInView ? {note: `cgroup limit ${kbLabel(memLimit)} is off scale (peak ${kbLabel(max(0))})`} : {}),
    },
    {
      ...base,
      id: 'chart-cpu',
      title: 'CPU (cpu_percent)',
      yMax: cpu.max,
      yTicks: cpu.ticks,
      lines: [line('cpu_percent', 'cpu', 'CPU')],
      thresholds: [{value: thresholds.highCpuPercent, label: `high_cpu ≥ ${thresholds.highCpuPercent}%`, tone: 'warn'}],
    },
    {...base, id: 'chart-threads', title: 'Threads', yMax: threads.max, yTicks: threads.ticks, lines: [line('threads', 'threads', 'threads')], thresholds: []},
    {
      ...base,
      id: 'chart-fd',
      title: 'Open fds (fd_count) against fd_soft_limit',
      yMax: fd.max,
      yTicks: fd.ticks,
      lines: limitInView ? [line('fd_count', 'fd', 'fd_count'), line('fd_soft_limit', 'limit', 'fd_soft_limit', {dashed: true, envelope: false})] : [line('fd_count', 'fd', 'fd_count')],
      thresholds: limitInView ? [{value: limitMax * thresholds.fdHighRatio, label: `fd_high > ${trim(thresholds.fdHighRatio * 100)}% of limit`, tone: 'warn'}] : [],
      ...(limitMax > 0 && !limitInView ? {note: `limit ${trim(limitMax)} is off scale (peak ${trim(fdMax)} = ${((fdMax / limitMax) * 100).toFixed(1)}%)`} : {}),
    },
    {
      ...base,
      id: 'chart-oom',
      title: 'OOM score',
      yMax: oom.max,
      yTicks: oom.ticks,
      lines: [line('oom_score', 'oom', 'oom_score')],
      thresholds: [{value: thresholds.oomCritical, label: `oom_critical ≥ ${thresholds.oomCritical}`, tone: 'crit'}],
    },
  ]
  const lane = renderAnomalyLane(markerGroups, xTicks as Tick[], x)
  const signalLane = renderSignalLane(signals, xTicks as Tick[], x, {d0, d1, hasTime: series.hasTime})
  return {html: lane + signalLane + specs.map(renderChart).join(''), px, markerGroups}
}

/**
 * One marker per kind per bucket: a 200,000-snapshot trace may hold 100,000 `oom_critical`
 * records, which as separate SVG elements would make the page slow. Each group keeps its count,
 * so the markers still account for every anomaly.
 */
export function groupMarkers(anomalies: readonly Anomaly[], series: ReportSeriesData, x: (v: number) => number): MarkerGroup[] {
  const groups = new Map<string, MarkerGroup>()
  for (const a of anomalies) {
    const bucket = lastIndexAtMost(series.seq0, a.seq)
    const at = series.hasTime ? timeOf(a, series, bucket) : a.seq
    const key = `${a.kind}\u0000${bucket}`
    const group = groups.get(key)
    if (group === undefined) {
      groups.set(key, {kind: a.kind, severity: a.severity, px: x(at), count: 1, firstSeq: a.seq, lastSeq: a.seq, ts: a.ts})
    } else {
      group.count++
      group.lastSeq = Math.max(group.lastSeq, a.seq)
    }
  }
  return [...groups.values()]
}

function timeOf(a: Anomaly, series: ReportSeriesData, bucket: number): number {
  const t = Date.parse(a.ts)
  return Number.isNaN(t) ? series.t0[bucket] ?? 0 : t
}

/** 0, 512 KiB, 1.5 MiB, 2 GiB: axis labels for sizes in KiB. */
export function kbLabel(kb: number): string {
  if (kb === 0) return '0'
  if (kb < 1024) return `${trim(kb)} KiB`
  if (kb < 1024 * 1024) return `${trim(kb / 1024)} MiB`
  return `${trim(kb / 1024 / 1024)} GiB`
}

function trim(v: number): string {
  return String(Math.round(v * 10) / 10)
}
