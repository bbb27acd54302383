#!/usr/bin/env node
/**
 * bench/recover: N leftover crashed traces of 500 snapshots each in a temp dir under /dev/shm,
 * recovered by the built CLI (`npm run build` first). Prints, for the same files in the same run:
 *   floor      node reading every file and JSON.parse of every line (no analysis, no writing)
 *   dry-run    `trace-doctor recover --dry-run`
 *   recover    `trace-doctor recover` (finalize every trace into a log dir, also under /dev/shm)
 * with wall time, traces/s and peak RSS (the process's own, threads included: bench/lib/measure.js),
 * then the same recover over a quarter of the traces to show memory is flat in the count.
 * Target: recover within 3× the floor. Usage: node bench/recover.js [traces=2000] [snapshots=500]
 */
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {runNode} from './lib/measure.js'

const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const TRACES = Number(process.argv[2] ?? 2000)
const SNAPSHOTS = Number(process.argv[3] ?? 500)
const BOOT_ID = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()

/** One line as the Python tracer writes it (its key order, its separators). */
function snapshotLine(i, t0) {
  const at = new Date(t0 + i * 5000).toISOString().replace('Z', '417+00:00')
  const s = {
    captured_at: at, comm: 'claude', state: i % 7 === 0 ? 'running' : 'sleeping', vm_rss_kb: 180000 + i * 37,
    threads: 12 + (i % 3), fd_count: 41 + (i % 5), fd_soft_limit: 1024, ctx_switches_voluntary: 1000 + i * 13,
    ctx_switches_involuntary: 70 + i, sig_pnd: '0000000000000000', sig_blk: '0000000000000000', sig_cgt: '0000000180004a03',
    oom_score: 668 + (i % 4), wchan: 'do_epoll_wait', cpu_percent: i === 0 ? 0 : (i % 50) / 3,
  }
  return JSON.stringify(s).replaceAll('","', '", "').replaceAll(',"', ', "').replaceAll('":', '": ').replace('"cpu_percent": 0}', '"cpu_percent": 0.0}') + '\n'
}

function generate(dir, count) {
  mkdirSync(dir, {recursive: true})
  const old = new Date(Date.now() - 3_600_000)
  for (let n = 0; n < count; n++) {
    const pid = 4_100_000 + n // above any pid in use here: every trace is a crash
    let text = ''
    const t0 = Date.UTC(2026, 3, 13, 11) + n * 10_000
    for (let i = 0; i < SNAPSHOTS; i++) text += snapshotLine(i, t0)
    const trace = join(dir, `autoskillit_trace_${pid}.jsonl`)
    const sidecar = join(dir, `autoskillit_enrollment_${pid}.json`)
    writeFileSync(trace, text)
    writeFileSync(sidecar, JSON.stringify({schema_version: 2, pid, boot_id: BOOT_ID, starttime_ticks: 12345, session_id: '', enrolled_at: '2026-04-13T11:00:00+00:00', kitchen_id: '', order_id: '', comm: 'claude'}))
    utimesSync(trace, old, old)
    utimesSync(sidecar, old, old)
  }
}

const FLOOR = `
const fs = require('node:fs'); const path = require('node:path')
const dir = process.argv[1]; let lines = 0
for (const name of fs.readdirSync(dir).sort()) {
  if (!name.includes('_trace_')) continue
  for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\\n')) if (line !== '') { JSON.parse(line); lines++ }
}
console.log(lines)`

/** One run of `node ARGS` (shared helper: wall time, peak RSS of the process and its threads). */
function measure(args) {
  const r = runNode(args)
  return {seconds: r.seconds, rssMb: r.maxRssKb / 1024, stdout: r.stdout}
}

const fmt = (label, r, n, floor) =>
  `${label.padEnd(22)} ${r.seconds.toFixed(2).padStart(7)} s  ${(n / r.seconds).toFixed(0).padStart(6)} traces/s  peak RSS ${r.rssMb.toFixed(0).padStart(4)} MiB` +
  (floor ? `  ${(r.seconds / floor.seconds).toFixed(2)}× floor` : '')

const root = mkdtempSync('/dev/shm/td-bench-recover-')
try {
  console.log(`bench/recover: ${TRACES} crashed traces × ${SNAPSHOTS} snapshots under ${root}`)
  const big = join(root, 'shm')
  generate(big, TRACES)
  const floor = await measure(['-e', FLOOR, big])
  console.log(fmt('floor (read+parse)', floor, TRACES))
  const dry = await measure([BIN, 'recover', '--tmpfs', big, '--log-dir', join(root, 'logs'), '--dry-run', '--json'])
  if (JSON.parse(dry.stdout).totals.recovered !== TRACES) throw new Error('dry-run did not judge every trace recoverable')
  console.log(fmt('recover --dry-run', dry, TRACES, floor))
  const full = await measure([BIN, 'recover', '--tmpfs', big, '--log-dir', join(root, 'logs'), '--keep', String(TRACES), '--json'])
  const finalized = readdirSync(join(root, 'logs', 'sessions')).length
  if (finalized !== TRACES || readdirSync(big).length !== 0) throw new Error(`recover finalized ${finalized} of ${TRACES}`)
  console.log(fmt('recover', full, TRACES, floor))
  const small = join(root, 'shm-small')
  const smallCount = Math.max(1, Math.floor(TRACES / 4))
  generate(small, smallCount)
  const part = await measure([BIN, 'recover', '--tmpfs', small, '--log-dir', join(root, 'logs-small'), '--keep', String(TRACES), '--json'])
  console.log(fmt(`recover (${smallCount} traces)`, part, smallCount))
  console.log(`memory: ${part.rssMb.toFixed(0)} MiB at ${smallCount} traces vs ${full.rssMb.toFixed(0)} MiB at ${TRACES} (flat if close)`)
  console.log(`target: recover within 3× the floor → ${(full.seconds / floor.seconds).toFixed(2)}× (${full.seconds / floor.seconds <= 3 ? 'met' : 'MISSED'})`)
} finally {
  rmSync(root, {recursive: true, force: true})
}
