import {createHash} from 'node:crypto'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {analyzeInput} from '../../src/input/analyze-input.js'
import {toAnalyzeResult} from '../../src/analyze/analysis-result.js'
import {MAX_ANOMALY_ROWS} from '../../src/html/render-findings.js'
import {renderReportPage} from '../../src/html/render-report-page.js'
import {ReportSeries} from '../../src/html/report-series.js'
import {PROJECT_ROOT} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {writeBigTrace} from './big-trace.js'

const fixture = (...p: string[]) => join(PROJECT_ROOT, 'fixtures', ...p)

async function render(path: string) {
  const series = new ReportSeries()
  const analyzed = await analyzeInput(path, {onRow: (row) => series.push(row)})
  const result = toAnalyzeResult(analyzed)
  const page = renderReportPage({result, series: series.finish(), session: analyzed.input.summary, enrollment: analyzed.input.enrollment})
  return {result, page, html: page.html}
}

const count = (html: string, needle: string) => html.split(needle).length - 1
const dataOf = (html: string) => JSON.parse(/<script type="application\/json" id="td-data">(.*?)<\/script>/s.exec(html)![1]!) as {max: Array<Array<number | null>>; px: number[]}

describe('renderReportPage on the fixtures', () => {
  const sessions = readdirSync(fixture('sessions'))

  it.each(sessions)('%s: self-contained, one marker per anomaly, charts for every metric', async (name) => {
    const {html, result, page} = await render(fixture('sessions', name))
    expect(html).toMatch(/^<!DOCTYPE html>/)
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/\s(src|href)=/)
    expect(html).not.toMatch(/<link|@import|url\(/)
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!
    expect(csp).toContain("default-src 'none'")
    // The CSP pins our script by hash: recompute it from the page itself.
    const script = /<script>(.*?)<\/script>/s.exec(html)![1]!
    expect(csp).toContain(`sha256-${createHash('sha256').update(script).digest('base64')}`)
    for (const id of ['chart-rss', 'chart-cpu', 'chart-threads', 'chart-fd', 'chart-oom']) expect(html).toContain(`id="${id}"`)
    const markers = [...html.matchAll(/class="anomaly-marker[^"]*"[^>]*data-count="(\d+)"/g)].map((m) => Number(m[1]))
    expect(markers.reduce((a, b) => a + b, 0)).toBe(result.summary.anomaly_count)
    expect(markers.length).toBe(result.summary.anomaly_count)
    expect(page.markerCount).toBe(markers.length)
    expect(count(html, 'class="anomaly-row"')).toBe(result.summary.anomaly_count)
  })

  it('shows the drift banner for the PTY wrapper, naming both comms', async () => {
    const {html} = await render(fixture('sessions', 'pty-wrapper'))
    expect(html).toContain('id="drift-banner"')
    expect(html).toMatch(/expected <code>claude<\/code>, but the trace shows <code>script<\/code>/)
    expect(html).toContain('claude --print &quot;/autoskillit:implement-worktree plan.md&quot;')
  })

  it('shows the drift banner for the tmpfs trace with its sidecar too', async () => {
    const {html} = await render(fixture('tmpfs', 'pty-wrapper', 'autoskillit_trace_4242.jsonl'))
    expect(html).toContain('id="drift-banner"')
    expect(html).toContain('sidecar schema 2')
  })

  it('has no banner and says so when a session is healthy', async () => {
    const {html} = await render(fixture('sessions', 'healthy'))
    expect(html).not.toContain('id="drift-banner"')
    expect(html).toContain('id="no-anomalies"')
  })

  it('escapes hostile comms everywhere, including the data block', async () => {
    const {html} = await render(fixture('traces', 'adversarial-comm.jsonl'))
    expect(html).not.toContain('<b>')
    expect(html).toContain('&lt;b&gt;')
    expect(html).toContain('((bash process)')
    const data = /id="td-data">(.*?)<\/script>/s.exec(html)![1]!
    expect(data).not.toContain('<')
  })

  it('reports skipped lines and a torn tail from the input', async () => {
    expect((await render(fixture('traces', 'torn-tail.jsonl'))).html).toContain('The last line is torn')
    expect((await render(fixture('traces', 'garbage-lines.jsonl'))).html).toMatch(/\d+ malformed line\(s\) skipped — line \d+/)
  })
})

describe('renderReportPage on a long trace', () => {
  it('downsamples to a few thousand points, keeps the one-row spike, caps the table, stays small', async () => {
    const path = join(tempDir(), 'long.jsonl')
    const facts = writeBigTrace(path, 50_000)
    const {html, result, page} = await render(path)
    expect(result.summary.snapshot_count).toBe(50_000)
    expect(page.points).toBeLessThanOrEqual(2048)
    expect(page.points).toBeGreaterThan(1000)
    const data = dataOf(html)
    expect(Math.max(...data.max[0]!.map((v) => v ?? 0))).toBe(facts.spikeRssKb)
    expect(html).toContain('class="band tone-rss"')
    expect(count(html, 'class="anomaly-row"')).toBe(MAX_ANOMALY_ROWS)
    expect(html).toContain(`Showing the first ${MAX_ANOMALY_ROWS} of ${result.summary.anomaly_count} anomalies`)
    const markers = [...html.matchAll(/class="anomaly-marker[^"]*"[^>]*data-count="(\d+)"/g)].map((m) => Number(m[1]))
    expect(markers.reduce((a, b) => a + b, 0)).toBe(result.summary.anomaly_count)
    expect(markers.length).toBeLessThan(200)
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024)
  })
})
