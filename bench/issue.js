#!/usr/bin/env node
// bench/issue.js — what `trace-doctor issue --dry-run` costs on big sessions, and that its
// memory stays flat as the trace grows (one streaming pass keeping 10 rows and ≤100 chart
// points). Compared with a naive loader that keeps every row (readFileSync + JSON.parse each
// line), which is what "load the session, then render" would do.
// Run `npx tsc -p tsconfig.json` first. Uses node only.
import {createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {runNode} from './lib/measure.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const {serializeTraceRow, serializeSummary, serializeAnomaly} = await import(join(root, 'dist/src/store/session-files.js'))
const work = mkdtempSync(join(tmpdir(), 'td-bench-issue-'))
const RUNS = 3

async function makeSession(rows) {
  const dir = join(work, `s${rows}`)
  mkdirSync(dir)
  const t0 = Date.parse('2026-04-13T11:04:43Z')
  const out = createWriteStream(join(dir, 'proc_trace.jsonl'))
  let chunk = ''
  for (let i = 0; i < rows; i++) {
    const ts = new Date(t0 + i * 1000).toISOString().replace('Z', '000+00:00')
    chunk += serializeTraceRow({captured_at: ts, comm: 'claude', state: 'sleeping', vm_rss_kb: 180000 + (i % 977), threads: 12, fd_count: 41, fd_soft_limit: 1024,
      ctx_switches_voluntary: i * 3, ctx_switches_involuntary: i, sig_pnd: '0000000000000000', sig_blk: '0000000000000000', sig_cgt: '0000000180004a02',
      oom_score: 600, wchan: 'do_epoll_wait', cpu_percent: 95.5, ts, seq: i, event: 'snapshot', pid: 4242})
    if (chunk.length > 1 << 20) { if (!out.write(chunk)) await new Promise((r) => out.once('drain', r)); chunk = '' }
  }
  await new Promise((r) => out.end(chunk, r))
  let anomalies = ''
  for (let i = 1; i < rows; i++) anomalies += serializeAnomaly({ts: 'x', seq: i, event: 'anomaly', kind: 'high_cpu_sustained', severity: 'warning', pid: 4242, detail: {consecutive_count: i + 1, cpu_percent: 95.5}, snapshot: {}})
  writeFileSync(join(dir, 'anomalies.jsonl'), anomalies)
  writeFileSync(join(dir, 'summary.json'), serializeSummary({session_id: `s${rows}`, dir_name: `s${rows}`, pid: 4242, snapshot_count: rows, anomaly_count: rows - 1, tracked_comm: 'claude', subtype: 'completed', termination_reason: 'NATURAL_EXIT', exit_code: 0, duration_seconds: rows, peak_rss_kb: 180976, peak_oom_score: 600}))
  return dir
}

function measure(args) {
  const r = runNode(args)
  return {secs: r.seconds, mib: r.maxRssKb / 1024}
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const NAIVE = `const fs=require('fs');const d=process.argv[1];const rows=fs.readFileSync(d+'/proc_trace.jsonl','utf8').split('\\n').filter(Boolean).map(l=>JSON.parse(l));const an=fs.readFileSync(d+'/anomalies.jsonl','utf8').split('\\n').filter(Boolean).map(l=>JSON.parse(l));console.log(rows.length,an.length)`

console.log('rows      | issue --dry-run: s  peak MiB | naive load-all: s  peak MiB')
for (const rows of [30_000, 300_000]) {
  const dir = await makeSession(rows)
  const issue = Array.from({length: RUNS}, () => measure([join(root, 'bin/run.js'), 'issue', dir, '--dry-run', '--json']))
  const naive = Array.from({length: RUNS}, () => measure(['-e', NAIVE, dir]))
  const f = (xs, k) => median(xs.map((x) => x[k])).toFixed(k === 'secs' ? 2 : 0)
  console.log(`${String(rows).padEnd(9)} | ${f(issue, 'secs').padStart(17)} ${f(issue, 'mib').padStart(9)} | ${f(naive, 'secs').padStart(16)} ${f(naive, 'mib').padStart(9)}`)
}
console.log(`(median of ${RUNS}; trace + as many anomaly lines; peak = max RSS of the process)`)
rmSync(work, {recursive: true, force: true})
