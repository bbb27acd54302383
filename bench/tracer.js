#!/usr/bin/env node
/**
 * bench/tracer: what tracing a process costs, measured on the shipped command from outside.
 *
 * In the same run, side by side, two tracers each trace their own `sleep`:
 *   trace-doctor   `node bin/run.js trace --interval I -- sleep …` (build first: `npm run build`)
 *   python loop    the existing tracer's loop (psutil `oneshot()` reads + oom_score + wchan +
 *                  SigPnd/SigBlk/SigCgt, `json.dumps`, a line-buffered write, `asyncio.sleep`),
 *                  run by Debian's /usr/bin/python3 with python3-psutil
 * Their CPU is the sum of /proc/PID/task/ * /schedstat (ns on CPU, every thread: main, libuv,
 * V8 platform and GC threads) over a steady window that starts once both have written their
 * first snapshots and settled, and ends before either is stopped: start-up and finalization are
 * excluded. Helper processes of a tracer (anything under it but the workload) are counted too.
 * Snapshots in the window are the lines each one appended to its trace file meanwhile.
 *
 * Targets (issue 11): at --interval 5, trace-doctor's CPU ≤ the python loop's; at 0.05 s,
 * trace-doctor's CPU per snapshot ≤ ½ the python loop's.
 *
 * Usage: node bench/tracer.js [--rounds 3] [--window 30] [--fast-window 10] [--settle 5] [--intervals 5,0.05]
 */
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const PYTHON = '/usr/bin/python3'
const {values} = parseArgs({
  options: {
    rounds: {type: 'string', default: '3'},
    window: {type: 'string', default: '30'},
    'fast-window': {type: 'string', default: '10'},
    settle: {type: 'string', default: '5'},
    intervals: {type: 'string', default: '5,0.05'},
  },
})
const ROUNDS = Number(values.rounds)
const SETTLE_S = Number(values.settle)
// An interval of 1 s or more is judged by CPU share, a shorter one by CPU per snapshot.
const SCENARIOS = values.intervals.split(',').map((i) => ({intervalS: Number(i), windowS: Number(i) >= 1 ? Number(values.window) : Number(values['fast-window'])}))

// The existing tracer's loop, reduced to what it does per snapshot (SPEC §2.3 fields).
const PY_LOOP = `
import asyncio, json, sys
from datetime import datetime, timezone
import psutil

SIG_KEYS = {"SigPnd": "sig_pnd", "SigBlk": "sig_blk", "SigCgt": "sig_cgt"}

async def main(pid, interval, path):
    p = psutil.Process(pid)
    out = open(path, "a", buffering=1)
    while True:
        try:
            with p.oneshot():
                c = p.num_ctx_switches()
                d = {"captured_at": datetime.now(timezone.utc).isoformat(), "comm": p.name(), "state": p.status(),
                     "vm_rss_kb": p.memory_info().rss // 1024, "threads": p.num_threads(), "fd_count": p.num_fds(),
                     "fd_soft_limit": p.rlimit(psutil.RLIMIT_NOFILE)[0],
                     "ctx_switches_voluntary": c.voluntary, "ctx_switches_involuntary": c.involuntary}
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    k, _, v = line.partition(":")
                    if k in SIG_KEYS: d[SIG_KEYS[k]] = v.strip()
            try:
                with open("/proc/%d/oom_score" % pid) as f: d["oom_score"] = int(f.read())
            except OSError: d["oom_score"] = -1
            try:
                with open("/proc/%d/wchan" % pid) as f: d["wchan"] = f.read().strip()
            except OSError: d["wchan"] = ""
            d["cpu_percent"] = p.cpu_percent(None)
        except (psutil.NoSuchProcess, FileNotFoundError, ProcessLookupError):
            break
        out.write(json.dumps(d) + "\\n")
        await asyncio.sleep(interval)

asyncio.run(main(int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]))
`

const sleepMs = (ms) => new Promise((r) => setTimeout(r, ms))

/** Direct children of a process (every thread's children file). */
function childrenOf(pid) {
  const kids = []
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim()
      if (text) kids.push(...text.split(' ').map(Number))
    }
  } catch {
    // gone
  }
  return kids
}

/** ns on CPU of every thread of `pid` and of its descendants, except the `exclude` pids (the workload). */
function cpuNs(pid, exclude) {
  let total = 0
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
      } catch {
        // the thread ended between readdir and read
      }
    }
  } catch {
    return total
  }
  for (const child of childrenOf(pid)) if (!exclude.has(child)) total += cpuNs(child, exclude)
  return total
}

const countLines = (path) => (existsSync(path) ? readFileSync(path, 'latin1').split('\n').length - 1 : 0)

async function waitFor(predicate, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleepMs(50)
  }
}

async function round({intervalS, windowS}) {
  const dir = mkdtempSync(join('/dev/shm', 'td-bench-tracer-'))
  const logDir = mkdtempSync(join(tmpdir(), 'td-bench-tracer-logs-'))
  const sleepS = String(SETTLE_S + windowS + 60)
  const children = []
  try {
    // trace-doctor, as a user runs it
    const td = spawn(process.execPath, [BIN, 'trace', '--interval', String(intervalS), '--tmpfs', dir, '--log-dir', logDir, '--', 'sleep', sleepS], {stdio: ['ignore', 'ignore', 'pipe']})
    children.push(td)
    let tdErr = ''
    td.stderr.setEncoding('utf8').on('data', (d) => (tdErr += d))
    const tdExit = once(td, 'exit')
    // the python loop, on a sleep of its own
    const pySleep = spawn('sleep', [sleepS], {stdio: 'ignore'})
    children.push(pySleep)
    await once(pySleep, 'spawn')
    const pyTrace = join(dir, `python_trace_${pySleep.pid}.jsonl`)
    const py = spawn(PYTHON, ['-c', PY_LOOP, String(pySleep.pid), String(intervalS), pyTrace], {stdio: ['ignore', 'ignore', 'pipe']})
    children.push(py)
    let pyErr = ''
    py.stderr.setEncoding('utf8').on('data', (d) => (pyErr += d))

    const tdTraceName = () => readdirSync(dir).find((n) => /^trace-doctor_trace_\d+\.jsonl$/.test(n))
    await waitFor(() => tdTraceName() !== undefined && countLines(join(dir, tdTraceName())) > 0 && countLines(pyTrace) > 0, `first snapshots (${tdErr.trim()} ${pyErr.trim()})`)
    const tdTrace = join(dir, tdTraceName())
    const workload = Number(/_trace_(\d+)\.jsonl$/.exec(tdTrace)[1])
    await sleepMs(SETTLE_S * 1000)

    const exclude = new Set([workload])
    const t0 = process.hrtime.bigint()
    const start = {td: cpuNs(td.pid, exclude), py: cpuNs(py.pid, exclude), tdLines: countLines(tdTrace), pyLines: countLines(pyTrace)}
    await sleepMs(windowS * 1000)
    const end = {td: cpuNs(td.pid, exclude), py: cpuNs(py.pid, exclude), tdLines: countLines(tdTrace), pyLines: countLines(pyTrace)}
    const wallNs = Number(process.hrtime.bigint() - t0)
    if (td.exitCode !== null || py.exitCode !== null) throw new Error(`a tracer ended inside the window: ${tdErr}${pyErr}`)

    // Stop: trace-doctor forwards SIGTERM to its workload, finalizes, exits 128 + 15.
    td.kill('SIGTERM')
    const [code] = await tdExit
    if (code !== 143) throw new Error(`trace-doctor exited ${code} after SIGTERM (expected 143): ${tdErr}`)
    pySleep.kill('SIGKILL')
    await once(py, 'exit')

    const figures = (cpu, lines) => ({pct: (cpu / wallNs) * 100, snapshots: lines, usPerSnapshot: lines > 0 ? cpu / 1000 / lines : Number.NaN})
    return {
      windowS: wallNs / 1e9,
      td: figures(end.td - start.td, end.tdLines - start.tdLines),
      py: figures(end.py - start.py, end.pyLines - start.pyLines),
    }
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    rmSync(dir, {recursive: true, force: true})
    rmSync(logDir, {recursive: true, force: true})
  }
}

const range = (xs, digits) => {
  const s = [...xs].sort((a, b) => a - b)
  const f = (x) => x.toFixed(digits)
  return s.length === 1 ? f(s[0]) : `${f(s[0])}–${f(s.at(-1))} (median ${f(s[Math.floor(s.length / 2)])})`
}

if (!existsSync(BIN.replace(/bin\/run\.js$/, 'dist/commands/trace.js'))) throw new Error('build first: npm run build')
const psutilCheck = spawn(PYTHON, ['-c', 'import psutil'], {stdio: 'ignore'})
const [psutilCode] = await once(psutilCheck, 'exit')
if (psutilCode !== 0) throw new Error(`${PYTHON} cannot import psutil: apt-get install python3-psutil`)

console.log(`bench/tracer: trace-doctor trace vs the python loop, each on its own sleep; ${ROUNDS} round(s); Node ${process.version}`)
console.log('CPU = Σ /proc/PID/task/*/schedstat of the tracer (and its helpers, not the workload) over a steady window\n')
let failed = false
for (const scenario of SCENARIOS) {
  const rounds = []
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(scenario))
  const pick = (who, key) => rounds.map((r) => r[who][key])
  console.log(`--interval ${scenario.intervalS} s, window ${scenario.windowS} s after ${SETTLE_S} s settling`)
  console.log(`  trace-doctor  ${range(pick('td', 'pct'), 4)} % of a core   ${range(pick('td', 'usPerSnapshot'), 0)} µs CPU / snapshot   (${pick('td', 'snapshots').join(', ')} snapshots)`)
  console.log(`  python loop   ${range(pick('py', 'pct'), 4)} % of a core   ${range(pick('py', 'usPerSnapshot'), 0)} µs CPU / snapshot   (${pick('py', 'snapshots').join(', ')} snapshots)`)
  const ratios = rounds.map((r) => (scenario.intervalS >= 1 ? r.td.pct / r.py.pct : r.td.usPerSnapshot / r.py.usPerSnapshot))
  const worst = Math.max(...ratios)
  if (scenario.intervalS >= 1) {
    console.log(`  target: CPU ≤ the python loop's → ratio ${range(ratios, 2)} → ${worst <= 1 ? 'met' : 'MISSED'}\n`)
    failed ||= worst > 1
  } else {
    console.log(`  target: CPU per snapshot ≤ ½ the python loop's → ratio ${range(ratios, 2)} → ${worst <= 0.5 ? 'met' : 'MISSED'}\n`)
    failed ||= worst > 0.5
  }
}
process.exitCode = failed ? 1 : 0
