/**
 * Who sent it, for real: a private tracefs instance sees the signals the workload receives, the
 * session names the sender, a SIGKILLed tracer's signals survive through `recover`, and no
 * instance is left behind. Needs root and the built CLI; mounts tracefs when needed.
 */
import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {acquireTracefs, instancesOf, releaseTracefs} from '../helpers/tracefs.js'
import {startCli, waitForTrace} from './run-cli-live.js'

let usable = false
beforeAll(() => {
  usable = acquireTracefs()
})
afterAll(() => releaseTracefs())

function session(logs: string): {dir: string; summary: Record<string, any>; signals: Array<Record<string, any>>} {
  const [name] = readdirSync(join(logs, 'sessions')).filter((n) => !n.startsWith('.'))
  const dir = join(logs, 'sessions', name!)
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))
  const path = join(dir, 'signals.jsonl')
  const signals = existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []
  return {dir, summary, signals}
}

/**
 * A sender with a known comm: a script's comm is its file name. It sends, then waits for its stdin
 * to close (see startReaper).
 */
function reaper(dir: string): string {
  const path = join(dir, 'grim-reaper')
  writeFileSync(path, '#!/bin/sh\nkill -s "$1" "$2" || exit 1\nread -r _ || true\n')
  chmodSync(path, 0o755)
  return path
}

const pidOf = (tracePath: string): number => Number(/_trace_(\d+)\.jsonl$/.exec(tracePath)![1])

async function until(what: string, test: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The workload's pid once its signals are being watched (the tracer creates the signals file after arming the instance). */
async function watchedPid(tmpfs: string): Promise<number> {
  const pid = pidOf(await waitForTrace(tmpfs, 1, 30_000))
  await until('the signals file', () => existsSync(join(tmpfs, `trace-doctor_signals_${pid}.jsonl`)))
  return pid
}

/**
 * Runs the reaper and leaves it alive until `stop`. Under load the kernel's comm cache can lose a
 * short-lived sender before its event is read (trace_pipe then says `<...>`), and the tracer then
 * names it from /proc, which needs it alive: a sender that exited at once would make the name
 * depend on the machine's load.
 */
function startReaper(path: string, signal: string, pid: number): {pid: number; stop: () => Promise<void>} {
  const child = spawn(path, [signal, String(pid)], {stdio: ['pipe', 'ignore', 'inherit']})
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  return {
    pid: child.pid!,
    stop: async () => {
      child.stdin.end()
      expect(await exited).toBe(0)
    },
  }
}

describe.skipIf(process.getuid?.() !== 0)('signal senders from tracefs', () => {
  it('names the helper that sent SIGTERM, and leaves no instance', async () => {
    expect(usable).toBe(true)
    const [tmpfs, logs, bin] = [tempDir('td-shm-'), tempDir('td-logs-'), tempDir('td-bin-')]
    const live = startCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--interval', '0.2', '--', 'sleep', '30'])
    const pid = await watchedPid(tmpfs)
    expect(instancesOf(live.child.pid!)).toHaveLength(1)
    const reaping = startReaper(reaper(bin), 'TERM', pid)
    const sender = reaping.pid
    const result = await live.result
    await reaping.stop()
    expect(result.code, result.stderr).toBe(128 + 15)
    const {summary, signals} = session(logs)
    expect(summary.signal_trace).toEqual({status: 'traced', count: 1, sender: `SIGTERM from grim-reaper (pid ${sender})`})
    expect(signals).toEqual([expect.objectContaining({kind: 'signal', sig: 15, signal: 'SIGTERM', sender_pid: sender, sender_comm: 'grim-reaper', target_pid: pid, target_comm: 'sleep', result: 'delivered', group: true, origin: 'process'})])
    expect(instancesOf(live.child.pid!)).toEqual([])
    expect(readdirSync(tmpfs)).toEqual([])
  })

  it('names `timeout` as the sender of `timeout 1 sleep 5`', async () => {
    const [tmpfs, logs] = [tempDir('td-shm-'), tempDir('td-logs-')]
    const result = await runCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--expect=sleep', '--', 'timeout', '1', 'sleep', '5'])
    expect(result.code, result.stderr).toBe(124)
    const {summary, signals} = session(logs)
    const timeoutPid = summary.target_resolution.root_pid
    expect(summary.signal_trace.sender).toBe(`SIGTERM from timeout (pid ${timeoutPid})`)
    const term = signals.find((s) => s.target_pid === summary.pid && s.signal === 'SIGTERM')
    expect(term).toMatchObject({sender_comm: 'timeout', sender_pid: timeoutPid, origin: 'process'})
    // read from /proc as the event arrived: there unless timeout had already exited (null then)
    if (term!.sender_cmdline !== null) expect(term!.sender_cmdline).toEqual(['timeout', '1', 'sleep', '5'])
  })

  it('tells an OOM kill in a memory cgroup by oom:mark_victim', async () => {
    const cgroup = memoryCgroup()
    if (cgroup === undefined) return
    try {
      const [tmpfs, logs] = [tempDir('td-shm-'), tempDir('td-logs-')]
      const script = `echo $$ > ${cgroup.procs} && exec python3 -c 'x = bytearray(300 * 1024 * 1024)'`
      const result = await runCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--', 'sh', '-c', script])
      expect(result.code, result.stderr).toBe(137)
      const {summary, signals} = session(logs)
      expect(summary.signal_trace.sender).toBe('SIGKILL from the OOM killer')
      expect(signals).toContainEqual(expect.objectContaining({kind: 'oom_victim', target_pid: summary.pid, target_comm: 'python3'}))
      expect(signals).toContainEqual(expect.objectContaining({kind: 'signal', signal: 'SIGKILL', code: 128, target_pid: summary.pid}))
    } finally {
      cgroup.remove()
    }
  })

  it('keeps the signals of a SIGKILLed tracer, before and after its death, through recover', async () => {
    const [tmpfs, logs, bin] = [tempDir('td-shm-'), tempDir('td-logs-'), tempDir('td-bin-')]
    const kill = reaper(bin)
    const workload = ['sh', '-c', "trap 'echo usr1' USR1; while :; do sleep 0.05; done"]
    const live = startCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--interval', '0.2', '--', ...workload])
    const pid = await watchedPid(tmpfs)
    const firstReaping = startReaper(kill, 'USR1', pid)
    const first = firstReaping.pid
    const signalsPath = join(tmpfs, `trace-doctor_signals_${pid}.jsonl`)
    await until('SIGUSR1 in the signals file', () => readFileSync(signalsPath, 'utf8').includes('"SIGUSR1"'))
    await firstReaping.stop()
    live.child.kill('SIGKILL')
    await live.result
    expect(instancesOf(live.child.pid!)).toHaveLength(1) // the dead tracer's instance stays until recover
    const secondReaping = startReaper(kill, 'USR2', pid) // the trap is for USR1 only: USR2 ends the shell
    const second = secondReaping.pid
    await until('the workload to end', () => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z')
      } catch {
        return true // gone, even between two reads
      }
    })
    const recovered = await runCli(['recover', '--tmpfs', tmpfs, '--log-dir', logs, '--min-age', '0'])
    await secondReaping.stop()
    expect(recovered.code, recovered.stderr).toBe(0)
    expect(recovered.stdout).toMatch(new RegExp(`tracefs instance trace-doctor-${live.child.pid}-\\d+: removed \\(1 buffered`))
    expect(instancesOf(live.child.pid!)).toEqual([])
    expect(readdirSync(tmpfs)).toEqual([])
    const {summary, signals} = session(logs)
    expect(summary.signal_trace).toMatchObject({status: 'partial', count: 2, sender: `SIGUSR2 from grim-reaper (pid ${second})`})
    expect(signals.map((s) => [s.signal, s.sender_pid])).toEqual([['SIGUSR1', first], ['SIGUSR2', second]])
  })

  it('without tracefs: the sender is unknown with the reason and the fix; the session is otherwise whole', async () => {
    const [tmpfs, logs] = [tempDir('td-shm-'), tempDir('td-logs-')]
    const result = await runCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--', 'sh', '-c', 'exit 3'], {env: {TRACE_DOCTOR_TRACEFS: join(tmpfs, 'no-tracefs')}})
    expect(result.code, result.stderr).toBe(3)
    const {dir, summary} = session(logs)
    expect(summary.signal_trace).toEqual({status: 'unavailable', count: 0, reason: expect.stringContaining('tracefs is not mounted'), fix: expect.stringContaining('mount -t tracefs nodev')})
    expect(summary).toMatchObject({exit_code: 3, termination_reason: 'NATURAL_EXIT'})
    expect(readdirSync(dir)).not.toContain('signals.jsonl')
  })
})

/** A fresh memory cgroup (v1 here; v2 where the machine has its memory controller), limited to 60 MB. */
function memoryCgroup(): {procs: string; remove: () => void} | undefined {
  const name = `td-test-oom-${process.pid}-${Date.now()}`
  const v1 = '/sys/fs/cgroup/memory'
  let dir: string
  if (existsSync(join(v1, 'memory.limit_in_bytes'))) {
    dir = join(v1, name)
    mkdirSync(dir)
    writeFileSync(join(dir, 'memory.limit_in_bytes'), String(60 * 1024 * 1024))
  } else if (existsSync('/sys/fs/cgroup/cgroup.controllers') && readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8').includes('memory')) {
    dir = join('/sys/fs/cgroup', name)
    mkdirSync(dir)
    writeFileSync(join(dir, 'memory.max'), String(60 * 1024 * 1024))
    writeFileSync(join(dir, 'memory.swap.max'), '0')
  } else return undefined
  return {
    procs: join(dir, 'cgroup.procs'),
    remove: () => {
      for (let i = 0; i < 50; i++) {
        try {
          return rmdirSync(dir)
        } catch {
          spawnSync('sleep', ['0.1'])
        }
      }
    },
  }
}
