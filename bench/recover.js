#!/usr/bin/env node
/**
 * bench/recover: N leftover crashed traces of 500 snapshots each in a temp dir under /dev/shm,
 * recovered by the built CLI (`npm run build` first). Prints, for the same files in the same run:
 *   floor      node reading every file and JSON.parse of every line (no analysis, no writing)
 *   dry-run    `trace-doctor recover --dry-run`
 *   recover    `trace-doctor recover` with the log dir on disk (LOG_PARENT, default the OS temp
 *              dir: real use, where every session must be durable before its tmpfs files go)
 *   recover    the same with the log dir in /dev/shm too (no disk: the CPU side alone)
 * with wall time, traces/s and peak RSS (the process's own, threads included: bench/lib/measure.js),
 * then the same recover over a quarter of the traces to show memory is flat in the count.
 * Target: recover within 3× the floor, log dir on disk.
 * Usage: node bench/recover.js [traces=2000] [snapshots=500]   (LOG_PARENT=/some/disk/dir to choose)
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
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
const disk = mkdtempSync(join(process.env.LOG_PARENT ?? tmpdir(), 'td-bench-recover-logs-'))
const fsType = (dir) => execFileSync('stat', ['-f', '-c', '%T', dir], {encoding: 'utf8'}).trim()
try {
  console.log(`bench/recover: ${TRACES} crashed traces × ${SNAPSHOTS} snapshots under ${root}; log dir on disk: ${disk} (${fsType(disk)})`)
  const big = join(root, 'shm')
  generate(big, TRACES)
  const floor = await measure(['-e', FLOOR, big])
  console.log(fmt('floor (read+parse)', floor, TRACES))
  const dry = await measure([BIN, 'recover', '--tmpfs', big, '--log-dir', join(disk, 'logs'), '--dry-run', '--json'])
  if (JSON.parse(dry.stdout).totals.recovered !== TRACES) throw new Error('dry-run did not judge every trace recoverable')
  console.log(fmt('recover --dry-run', dry, TRACES, floor))
  const recoverInto = async (label, logDir) => {
    generate(big, TRACES) // again for the second layout: the first run consumed them
    const run = await measure([BIN, 'recover', '--tmpfs', big, '--log-dir', logDir, '--keep', String(TRACES), '--json'])
    const finalized = readdirSync(join(logDir, 'sessions')).length
    if (finalized !== TRACES || readdirSync(big).length !== 0) throw new Error(`recover finalized ${finalized} of ${TRACES}`)
    console.log(fmt(label, run, TRACES, floor))
    return run
  }
  const onDisk = await recoverInto(`recover, logs on ${fsType(disk)}`, join(disk, 'logs'))
  const inShm = await recoverInto('recover, logs in tmpfs', join(root, 'logs'))
  const small = join(root, 'shm-small')
  const smallCount = Math.max(1, Math.floor(TRACES / 4))
  generate(small, smallCount)
  const part = await measure([BIN, 'recover', '--tmpfs', small, '--log-dir', join(disk, 'logs-small'), '--keep', String(TRACES), '--json'])
  console.log(fmt(`recover (${smallCount} traces, disk)`, part, smallCount))
  console.log(`memory: ${part.rssMb.toFixed(0)} MiB at ${smallCount} traces vs ${onDisk.rssMb.toFixed(0)} MiB at ${TRACES} (flat if close)`)
  const ratio = onDisk.seconds / floor.seconds
  console.log(`durability on disk costs ${(((onDisk.seconds - inShm.seconds) / TRACES) * 1000).toFixed(2)} ms per session over tmpfs`)
  console.log(`target: recover within 3× the floor, log dir on disk → ${ratio.toFixed(2)}× (${ratio <= 3 ? 'met' : 'MISSED'})`)
} finally {
  rmSync(root, {recursive: true, force: true})
  rmSync(disk, {recursive: true, force: true})
}
