#!/usr/bin/env node
// bench/ndjson: trace-doctor's NDJSON reader against the `ndjson` package (the baseline named in
// the brief) and node:readline + JSON.parse, on the same generated trace, each in its own
// process. All three parse every line; trace-doctor's also counts lines, skips and torn tails.
// Run: npm run build && node bench/ndjson.js [--runs 3] [--snapshots 500000]
import {mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {generateTrace} from './lib/generate-trace.js'
import {medianOf, mib, runNode, table} from './lib/measure.js'

const {values} = parseArgs({options: {runs: {type: 'string', default: '3'}, snapshots: {type: 'string', default: '500000'}}})
const runs = Number(values.runs)
const count = Number(values.snapshots)
const dir = mkdtempSync(join(tmpdir(), 'td-bench-ndjson-'))
try {
  const path = join(dir, 'trace.jsonl')
  generateTrace(path, count)
  console.log(`bench/ndjson: ${count.toLocaleString('en')} lines, ${(statSync(path).size / 1e6).toFixed(0)} MB; median of ${runs} runs\n`)
  const rows = [['reader', 'seconds', 'vs ndjson', 'peak RSS']]
  const results = {}
  for (const way of ['ndjson', 'readline', 'trace-doctor']) {
    const m = medianOf(runs, () => runNode(['bench/lib/read-with.js', way, path]))
    if (Number(m.last.stdout.trim()) !== count) throw new Error(`${way} read ${m.last.stdout.trim()} records, expected ${count}`)
    results[way] = m
    rows.push([way, m.seconds.toFixed(2), (m.seconds / (results.ndjson?.seconds ?? m.seconds)).toFixed(2), mib(m.maxRssKb)])
  }
  console.log(table(rows))
  const faster = results['trace-doctor'].seconds < results.ndjson.seconds
  console.log(`\ntrace-doctor's reader is ${faster ? 'faster' : 'SLOWER'} than the ndjson package (${(results.ndjson.seconds / results['trace-doctor'].seconds).toFixed(2)}x)`)
} finally {
  rmSync(dir, {recursive: true, force: true})
}
