#!/usr/bin/env node
// bench/signal-watch: what watching the workload's signals through tracefs costs the tracer.
// The shipped CLI as a whole process (`node bin/run.js trace --interval 5 -- <workload>`), twice
// in the same run: with the signal watch (tracefs instance, blocking read of trace_pipe on a pool
// thread) and without it (TRACE_DOCTOR_TRACEFS pointing nowhere: the reference). The tracer's CPU
// is read from outside, summing /proc/PID/task/*/schedstat (ns on CPU, every thread) over a
// steady-state window after startup. Then the same with a workload that receives SIGUSR1
// --rate times a second (a trap in sh), for the cost per recorded signal.
// Needs root and tracefs mounted. Run: npm run build && node bench/signal-watch.js [--seconds 20] [--rate 10]
import {spawn} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'

const {values} = parseArgs({options: {seconds: {type: 'string', default: '20'}, rate: {type: 'string', default: '10'}, warmup: {type: 'string', default: '3'}}})
const SECONDS = Number(values.seconds)
const RATE = Number(values.rate)
const WARMUP = Number(values.warmup)
const BIN = new URL('../bin/run.js', import.meta.url).pathname
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function cpuNs(pid) {
  let total = 0
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
    } catch {
      // thread gone
    }
  }
  return total
}

async function run(label, env, signalsPerSecond) {
  const dir = mkdtempSync(join(tmpdir(), 'td-bench-sig-'))
  const workload = ['sh', '-c', `trap ':' USR1; while :; do sleep 1; done`]
  const tracer = spawn(process.execPath, [BIN, 'trace', '--tmpfs', dir, '--log-dir', join(dir, 'logs'), '--interval', '5', '--', ...workload], {env: {...process.env, ...env}, stdio: 'ignore'})
  let name
  const deadline = Date.now() + 60_000
  while ((name = readdirSync(dir).find((n) => /_trace_\d+\.jsonl$/.test(n))) === undefined) {
    if (Date.now() > deadline || tracer.exitCode !== null) {
      tracer.kill('SIGTERM') // it forwards to the workload and finalizes
      throw new Error(`${label}: no trace appeared in ${dir}`)
    }
    await sleep(50)
  }
  await sleep(WARMUP * 1000) // startup done: measure the steady state
  const pid = Number(/_trace_(\d+)/.exec(name)[1])
  let sent = 0
  const timer = signalsPerSecond > 0 ? setInterval(() => { process.kill(pid, 'SIGUSR1'); sent++ }, 1000 / signalsPerSecond) : undefined
  const t0 = process.hrtime.bigint()
  const c0 = cpuNs(tracer.pid)
  await sleep(SECONDS * 1000)
  const c1 = cpuNs(tracer.pid)
  const wallNs = Number(process.hrtime.bigint() - t0)
  clearInterval(timer)
  process.kill(pid, 'SIGTERM')
  await new Promise((r) => tracer.once('exit', r))
  rmSync(dir, {recursive: true, force: true})
  const cpu = c1 - c0
  return {label, signals_per_s: signalsPerSecond, sent, cpu_ms: +(cpu / 1e6).toFixed(2), core_percent: +((cpu / wallNs) * 100).toFixed(4)}
}

const rows = []
rows.push(await run('reference (no tracefs)', {TRACE_DOCTOR_TRACEFS: '/nonexistent'}, 0))
rows.push(await run('signal watch, idle', {}, 0))
rows.push(await run(`reference, ${RATE} signals/s`, {TRACE_DOCTOR_TRACEFS: '/nonexistent'}, RATE))
rows.push(await run(`signal watch, ${RATE} signals/s`, {}, RATE))
const perSignal = (rows[3].cpu_ms - rows[2].cpu_ms) * 1000 / Math.max(1, rows[3].sent)
console.log(`tracer CPU over ${SECONDS} s from ${WARMUP} s after the trace began, interval 5 s (schedstat, all threads):`)
for (const r of rows) console.log(`  ${r.label.padEnd(32)} ${String(r.cpu_ms).padStart(9)} ms  ${String(r.core_percent).padStart(8)} % of a core${r.sent ? `  (${r.sent} signals)` : ''}`)
console.log(`  extra CPU per recorded signal: ≈${perSignal.toFixed(0)} µs`)
