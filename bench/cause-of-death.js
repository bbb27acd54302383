#!/usr/bin/env node
// bench/cause-of-death.js — what reading the kernel log adds to finalizing a `trace` run.
//
// Whole process, from outside: `trace --interval 1 -- true` (spawn, one snapshot, finalize,
// cause of death) with the kernel log
//   off      TRACE_DOCTOR_KERNEL_LOG=off: the reference, no kernel log read at all;
//   kmsg     the real /dev/kmsg of this machine, whole ring buffer (needs root or CAP_SYSLOG);
//   full     a synthetic 1 MiB buffer in /dev/kmsg's format (8× the 128 KiB default ring,
//            OOM dumps and segfaults mixed in), read from a file through the same parser.
// Runs alternate (off, kmsg, full, off, …) so that machine drift hits all three alike; the
// figure is the median. Also the in-process cost of readKernelLog alone, for each source.
// Run `npm run build` first. Uses node only.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {table} from './lib/measure.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const {readKernelLog} = await import(join(root, 'dist/src/death/read-kernel-log.js'))
const work = mkdtempSync(join(tmpdir(), 'td-bench-cod-'))
const RUNS = Number(process.env.RUNS ?? 9)

// A synthetic ring buffer: the record mix of a busy machine (driver chatter, call traces of OOM
// reports, segfaults), µs increasing, sequence numbers like the kernel's.
function syntheticBuffer(bytes) {
  const lines = []
  let size = 0
  let seq = 0
  let usec = 1_000_000
  const push = (pri, text) => {
    const line = `${pri},${seq++},${(usec += 997)},-;${text}`
    lines.push(line)
    size += line.length + 1
  }
  while (size < bytes) {
    const k = seq % 200
    if (k === 0) {
      push(4, 'python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0')
      for (let i = 0; i < 40; i++) push(4, ` dump_stack_lvl+0x59/0x90 frame ${i}`)
      push(6, `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/job${seq},task_memcg=/job${seq},task=python3,pid=${10000 + seq},uid=0`)
      push(3, `Memory cgroup out of memory: Killed process ${10000 + seq} (python3) total-vm:323768kB, anon-rss:60928kB, file-rss:6712kB, shmem-rss:0kB, UID:0 pgtables:184kB oom_score_adj:0`)
    } else if (k === 100) {
      push(6, `python3[${20000 + seq}]: segfault at 0 ip 00007f2052d74219 sp 00007fff307e1f58 error 4 in libc.so.6[156219,7f2052c44000+156000] likely on CPU 1 (core 1, socket 0)`)
    } else {
      push(6, `eth0: link up, 1000Mbps, full-duplex, lpa 0x45E1 (record ${seq})\n SUBSYSTEM=net\n DEVICE=n2`)
    }
  }
  return {text: lines.join('\n') + '\n', records: seq}
}

const full = syntheticBuffer(1024 * 1024)
const fullPath = join(work, 'kmsg-1MiB.txt')
writeFileSync(fullPath, full.text)

function inProcess(env) {
  const times = []
  let log
  for (let i = 0; i < 15; i++) {
    const t = process.hrtime.bigint()
    log = readKernelLog({env})
    times.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  times.sort((a, b) => a - b)
  return {ms: times[7], log}
}

const kmsg = inProcess({})
const file = inProcess({TRACE_DOCTOR_KERNEL_LOG: fullPath})
console.log('readKernelLog alone (median of 15, in one process):')
console.log(
  table([
    ['source', 'records kept', 'ms'],
    ['/dev/kmsg (this machine)', kmsg.log.readable ? String(kmsg.log.records.length) : `unreadable: ${kmsg.log.reason}`, kmsg.ms.toFixed(2)],
    [`1 MiB synthetic (${full.records} records)`, String(file.log.records.length), file.ms.toFixed(2)],
  ]),
)

// CPU seconds (user + system) of the whole child, from the OS's accounting via python3's
// getrusage(RUSAGE_CHILDREN): on a shared, loaded machine wall time mostly measures the others.
const RUSAGE = 'import resource, subprocess, sys, time\nt = time.monotonic()\nr = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\nw = time.monotonic() - t\nu = resource.getrusage(resource.RUSAGE_CHILDREN)\nprint(r.returncode, u.ru_utime + u.ru_stime, w)'

function traceOnce(kernelLog) {
  const env = {...process.env, TRACE_DOCTOR_LOG_DIR: join(work, 'logs')}
  if (kernelLog === undefined) delete env.TRACE_DOCTOR_KERNEL_LOG
  else env.TRACE_DOCTOR_KERNEL_LOG = kernelLog
  const r = spawnSync('python3', ['-c', RUSAGE, process.execPath, join(root, 'bin/run.js'), 'trace', '--tmpfs', work, '--interval', '1', '--', 'true'], {env, encoding: 'utf8'})
  const [status, cpu, wall] = r.stdout.trim().split(' ').map(Number)
  if (r.status !== 0 || status !== 0) throw new Error(`trace exited ${status}: ${r.stderr}`)
  return {cpu, wall}
}

const variants = [
  ['off (reference)', 'off'],
  ['/dev/kmsg', undefined],
  ['1 MiB synthetic', fullPath],
]
const samples = variants.map(() => [])
for (const [, v] of variants) traceOnce(v) // warm-up
for (let i = 0; i < RUNS; i++) variants.forEach(([, v], j) => samples[j].push(traceOnce(v)))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const cpu = samples.map((xs) => median(xs.map((x) => x.cpu)))
const wall = samples.map((xs) => median(xs.map((x) => x.wall)))
console.log(`\ntrace --interval 1 -- true, whole process, median of ${RUNS} alternating runs:`)
console.log(
  table([
    ['kernel log', 'cpu s', 'cpu added vs off', 'wall s'],
    ...variants.map(([name], j) => [name, cpu[j].toFixed(3), j === 0 ? '—' : `${((cpu[j] - cpu[0]) * 1000).toFixed(1)} ms`, wall[j].toFixed(3)]),
  ]),
)
rmSync(work, {recursive: true, force: true})
