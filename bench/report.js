#!/usr/bin/env node
// bench/report: time and size of `trace-doctor report` for a generated 200,000-snapshot trace,
// beside `analyze --json` on the same trace (the report is one pass of the same analysis plus the
// chart buckets and the page), and how fast the page opens in Chromium (when /usr/bin/chromium
// is there). Budgets (issue 6): page < 5 MB, opens in < 2 s.
// Run: npm run build && node bench/report.js [--runs 3] [--snapshots 200000]
import {existsSync, mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {generateTrace} from './lib/generate-trace.js'
import {medianOf, mib, runNode, table} from './lib/measure.js'

const {values} = parseArgs({options: {runs: {type: 'string', default: '3'}, snapshots: {type: 'string', default: '200000'}}})
const runs = Number(values.runs)
const count = Number(values.snapshots)
const dir = mkdtempSync(join(tmpdir(), 'td-bench-report-'))
try {
  const trace = join(dir, 'trace.jsonl')
  const page = join(dir, 'report.html')
  generateTrace(trace, count)
  console.log(`bench/report: ${count.toLocaleString('en')} snapshots, ${(statSync(trace).size / 1e6).toFixed(0)} MB; median of ${runs} runs (after a warm-up)\n`)
  const analyze = medianOf(runs, () => runNode(['bin/run.js', 'analyze', trace, '--json']))
  const report = medianOf(runs, () => runNode(['bin/run.js', 'report', trace, '--output', page, '--json']))
  const result = JSON.parse(report.last.stdout)
  const bytes = statSync(page).size
  const rows = [
    ['command', 'seconds', 'peak RSS'],
    ['analyze --json', analyze.seconds.toFixed(2), mib(analyze.maxRssKb)],
    ['report --json', report.seconds.toFixed(2), mib(report.maxRssKb)],
  ]
  console.log(table(rows))
  console.log(`\nreport / analyze time: ${(report.seconds / analyze.seconds).toFixed(2)}×`)
  console.log(`page: ${(bytes / 1024).toFixed(0)} KiB for ${result.snapshots} snapshots drawn as ${result.points} points, ${result.anomalies} anomalies (budget 5120 KiB: ${bytes < 5 * 1024 * 1024 ? 'ok' : 'OVER'})`)
  if (existsSync('/usr/bin/chromium')) await browserOpen(page)
  else console.log('Chromium not found at /usr/bin/chromium: open time not measured')
} finally {
  rmSync(dir, {recursive: true, force: true})
}

/** Median time from navigation start to the first painted frame after load, in headless Chromium. */
async function browserOpen(page) {
  const {chromium} = await import('playwright-core')
  const profile = mkdtempSync(join(tmpdir(), 'td-bench-chromium-'))
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  const context = await chromium.launchPersistentContext(profile, {executablePath: '/usr/bin/chromium', headless: true, args, viewport: {width: 1280, height: 900}})
  try {
    const times = []
    for (let i = 0; i <= runs; i++) {
      const tab = await context.newPage()
      await tab.goto(`file://${page}`, {waitUntil: 'load'})
      // Two animation frames after load: the first frame with layout and paint of the SVGs done.
      const ms = await tab.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))')
      if (i > 0) times.push(ms) // the first is a warm-up
      await tab.close()
    }
    times.sort((a, b) => a - b)
    const median = times[Math.floor(times.length / 2)]
    console.log(`open in Chromium (navigation → first frame painted after load): ${median.toFixed(0)} ms (budget 2000 ms: ${median < 2000 ? 'ok' : 'OVER'})`)
  } finally {
    await context.close()
    rmSync(profile, {recursive: true, force: true})
  }
}
