#!/usr/bin/env node
// bench/analyze: times `trace-doctor analyze --json` on a generated 500,000-snapshot trace
// (~190 MB) beside (a) the Node floor (read + JSON.parse of every line) and (b) python3
// json.loads of every line, and reports peak memory at 50,000 and 500,000 snapshots.
// Targets (issue 2): analyze within 1.5× the Node floor; peak RSS < 200 MB and flat.
// Then, once, a trace where every row is an anomaly (a CPU-bound session, --hot-rows of them):
// its --json document is ~850 bytes a row, past V8's longest string at 1,000,000 rows, so it
// shows that the document is written in pieces (src/io/json-chunks.ts) and what that costs.
// Run: npm run build && node bench/analyze.js [--runs 3] [--snapshots 500000] [--hot-rows 1000000]
import {closeSync, mkdtempSync, openSync, readSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {generateTrace} from './lib/generate-trace.js'
import {medianOf, mib, runNode, runPython, table} from './lib/measure.js'

const {values} = parseArgs({options: {runs: {type: 'string', default: '3'}, snapshots: {type: 'string', default: '500000'}, 'hot-rows': {type: 'string', default: '1000000'}}})
const runs = Number(values.runs)
const big = Number(values.snapshots)
const small = Math.round(big / 10)
const dir = mkdtempSync(join(tmpdir(), 'td-bench-analyze-'))
try {
  const bigPath = join(dir, 'trace_big.jsonl')
  const smallPath = join(dir, 'trace_small.jsonl')
  generateTrace(bigPath, big)
  generateTrace(smallPath, small)
  console.log(`bench/analyze: ${big.toLocaleString('en')} snapshots, ${(statSync(bigPath).size / 1e6).toFixed(0)} MB; median of ${runs} runs (after a warm-up)\n`)

  const floor = medianOf(runs, () => runNode(['bench/lib/floor.js', bigPath]))
  const python = medianOf(runs, () => runPython('import json,sys\nn=0\nfor line in open(sys.argv[1], "rb"):\n    if line.strip():\n        json.loads(line); n+=1\nprint(n)', [bigPath]))
  const analyze = medianOf(runs, () => runNode(['bin/run.js', 'analyze', bigPath, '--json']))
  const analyzeSmall = medianOf(runs, () => runNode(['bin/run.js', 'analyze', smallPath, '--json']))
  const result = JSON.parse(analyze.last.stdout)
  if (result.summary.snapshot_count !== big) throw new Error(`analyze saw ${result.summary.snapshot_count} snapshots, expected ${big}`)

  console.log(
    table([
      ['what', 'seconds', 'x floor', 'peak RSS'],
      ['node floor: read + JSON.parse', floor.seconds.toFixed(2), '1.00', mib(floor.maxRssKb)],
      ['python3 json.loads per line', python.seconds.toFixed(2), (python.seconds / floor.seconds).toFixed(2), mib(python.maxRssKb)],
      ['trace-doctor analyze --json', analyze.seconds.toFixed(2), (analyze.seconds / floor.seconds).toFixed(2), mib(analyze.maxRssKb)],
    ]),
  )
  console.log(`\npeak RSS of analyze: ${mib(analyzeSmall.maxRssKb)} at ${small.toLocaleString('en')} snapshots, ${mib(analyze.maxRssKb)} at ${big.toLocaleString('en')}`)
  console.log(`throughput: ${Math.round(big / analyze.seconds).toLocaleString('en')} snapshots/s; anomalies found: ${result.summary.anomaly_count}`)
  const ratio = analyze.seconds / floor.seconds
  console.log(`\ntarget: analyze <= 1.5x floor -> ${ratio.toFixed(2)}x ${ratio <= 1.5 ? 'MET' : 'MISSED'}`)
  console.log(`target: peak RSS < 200 MB -> ${mib(analyze.maxRssKb)} ${analyze.maxRssKb * 1024 < 200e6 ? 'MET' : 'MISSED'}`)

  const hot = Number(values['hot-rows'])
  if (hot > 0) {
    rmSync(bigPath)
    rmSync(smallPath)
    const hotPath = join(dir, 'trace_hot.jsonl')
    const outPath = join(dir, 'hot.json')
    generateTrace(hotPath, hot, {cpuPercent: 99})
    const out = openSync(outPath, 'w')
    const run = runNode(['bin/run.js', 'analyze', hotPath, '--json'], {stdio: ['ignore', out, 'pipe'], allowFailure: true})
    closeSync(out)
    const size = statSync(outPath).size
    const fd = openSync(outPath, 'r')
    const tail = Buffer.alloc(Math.min(2, size))
    readSync(fd, tail, 0, tail.length, size - tail.length)
    closeSync(fd)
    const whole = run.status === 0 && tail.toString() === '}\n'
    console.log(`\nevery row an anomaly, ${hot.toLocaleString('en')} rows (${(statSync(hotPath).size / 1e6).toFixed(0)} MB): analyze --json exit ${run.status}, ${run.seconds.toFixed(1)} s, peak RSS ${mib(run.maxRssKb)}, document ${(size / 1e6).toFixed(0)} MB${whole ? ', whole' : ', CUT SHORT'}`)
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
