/**
 * Cause of death for real: a memory cgroup made for the test (cgroup v1's memory controller, or
 * v2 where the machine has it) holding only the workload, the real kernel log, real signals, the
 * built CLI. Needs root (creating cgroups, reading /dev/kmsg under dmesg_restrict).
 */
import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {faultingLibrary} from '../../src/death/describe-cause.js'
import {findMemoryCgroup} from '../../src/death/memory-cgroup.js'
import {CauseOfDeathSchema, type CauseOfDeath} from '../../src/model/cause-of-death.js'
import {BIN, jsonOutput, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {startCli, waitForTrace} from '../trace/run-cli-live.js'

const LIMIT_BYTES = 60 * 1024 * 1024
/** Sleeps first so that the tracer has resolved and enrolled it, then allocates 5× the limit. */
const ALLOCATE = (delay: number) => `import time; time.sleep(${delay}); x = bytearray(300 * 1024 * 1024); x[::4096] = b'a' * (len(x) // 4096)`

/** Makes a memory cgroup with a 60 MiB limit; undefined when this machine cannot. */
function makeCgroup(): {dir: string; version: 1 | 2} | undefined {
  const own = findMemoryCgroup(process.pid)
  if (own === undefined || process.getuid?.() !== 0) return undefined
  const name = `td-cod-test-${process.pid}-${Date.now()}`
  try {
    if (own.version === 1) {
      const dir = join(own.dir, name)
      mkdirSync(dir)
      writeFileSync(join(dir, 'memory.limit_in_bytes'), String(LIMIT_BYTES))
      return {dir, version: 1}
    }
    // v2: a child of the root (a non-root cgroup holding processes cannot enable controllers below it).
    const root = own.dir.slice(0, own.dir.length - own.path.length + (own.path === '/' ? 1 : 0)) || '/sys/fs/cgroup'
    writeFileSync(join(root, 'cgroup.subtree_control'), '+memory')
    const dir = join(root, name)
    mkdirSync(dir)
    writeFileSync(join(dir, 'memory.max'), String(LIMIT_BYTES))
    writeFileSync(join(dir, 'memory.swap.max'), '0')
    return {dir, version: 2}
  } catch {
    return undefined
  }
}

const cgroup = makeCgroup()
let bin = ''

beforeAll(() => {
  // `in-cgroup DIR CMD…` moves itself into DIR, then becomes CMD: only the workload is in the cgroup.
  bin = mkdtempSync(join(tmpdir(), 'td-cod-bin-')) // not tempDir(): that one goes after each test
  const script = join(bin, 'in-cgroup')
  writeFileSync(script, '#!/bin/sh\necho $$ > "$1/cgroup.procs" || exit 120\nshift\nexec "$@"\n')
  chmodSync(script, 0o755)
  process.env['PATH'] = `${bin}:${process.env['PATH']}` // startCli passes process.env on
})

afterAll(async () => {
  rmSync(bin, {recursive: true, force: true})
  if (cgroup === undefined) return
  for (let i = 0; i < 100; i++) {
    try {
      rmdirSync(cgroup.dir)
      return
    } catch {
      await new Promise((r) => setTimeout(r, 100)) // a killed task may take a moment to leave
    }
  }
})

const env = () => ({PATH: process.env['PATH']})

function causeOf(summary: Record<string, unknown>): CauseOfDeath {
  return CauseOfDeathSchema.parse(summary['cause_of_death'])
}

async function traceJson(args: string[]): Promise<{code: number | null; summary: Record<string, unknown>; stderr: string}> {
  const dirs = {tmpfs: tempDir('td-shm-'), logs: tempDir('td-logs-')}
  const r = await runCli(['trace', '--tmpfs', dirs.tmpfs, '--log-dir', dirs.logs, '--interval', '0.1', '--resolve-timeout', '10', '--json', ...args], {env: env()})
  // trace --json prints its document on stderr (stdout belongs to CMD)
  const doc = JSON.parse(r.stderr.slice(r.stderr.indexOf('{'))) as {summary: Record<string, unknown>}
  return {code: r.code, summary: doc.summary, stderr: r.stderr}
}

describe.skipIf(cgroup === undefined)(`cause of death in a memory cgroup (v${cgroup?.version})`, () => {
  for (const pty of [false, true]) {
    it(`a workload allocating past the limit is oom_killed, constraint cgroup, with the kernel line${pty ? ' (under --pty)' : ''}`, async () => {
      const r = await traceJson([...(pty ? ['--pty'] : []), '--expect=python3', '--', 'in-cgroup', cgroup!.dir, 'python3', '-c', ALLOCATE(0.5)])
      expect(r.code, r.stderr).toBe(137)
      const cause = causeOf(r.summary)
      expect(cause).toMatchObject({verdict: 'oom_killed', signal: 'SIGKILL', constraint: 'cgroup'})
      const pid = r.summary['pid'] as number
      const kernel = cause.evidence.filter((e) => e.source === 'kernel_log').map((e) => e.text)
      expect(kernel.some((t) => t.includes(`Killed process ${pid} (python3)`))).toBe(true)
      expect(kernel.some((t) => /^oom-kill:constraint=CONSTRAINT_MEMCG,.*task=python3,pid=\d+/.test(t) && t.includes(`pid=${pid},`))).toBe(true)
      const cg = cause.evidence.find((e) => e.source === 'cgroup')!
      expect(cg.text).toMatch(/oom_kill (\d+) → (\d+) during its life; limit 60\.0 MiB/)
      expect(r.summary['memory_cgroup']).toMatchObject({version: cgroup!.version, start: {limit_bytes: LIMIT_BYTES}, end: {limit_bytes: LIMIT_BYTES}})
      if (pty) expect(cause.evidence[0]!.text).toMatch(/PTY wrapper.*137 = 128 \+ 9 \(SIGKILL\)/)
    })
  }

  it('a sleep SIGKILLed from outside is killed, not oom_killed, though another process was OOM-killed a moment before', async () => {
    const tmpfs = tempDir('td-shm-')
    const logs = tempDir('td-logs-')
    const live = startCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--interval', '0.1', '--json', '--', 'in-cgroup', cgroup!.dir, 'sleep', '30'])
    const tracePath = await waitForTrace(tmpfs, 2, 30_000).catch(async (error: unknown) => {
      live.child.kill('SIGKILL')
      throw new Error(`${String(error)}: ${(await live.result).stderr}`)
    })
    const pid = Number(/_trace_(\d+)\.jsonl$/.exec(tracePath)![1])
    // Another process in the same cgroup, OOM-killed while the sleep runs.
    const victim = spawnSync('in-cgroup', [cgroup!.dir, 'python3', '-c', ALLOCATE(0)])
    expect(victim.signal).toBe('SIGKILL')
    process.kill(pid, 'SIGKILL')
    const result = await live.result
    expect(result.code).toBe(137)
    const doc = JSON.parse(result.stderr.slice(result.stderr.indexOf('{'))) as {summary: Record<string, unknown>}
    const cause = causeOf(doc.summary)
    expect(cause).toMatchObject({verdict: 'killed', signal: 'SIGKILL', constraint: null})
    expect(cause.evidence.find((e) => e.text.includes(`pid ${victim.pid} (python3)`))?.text).toMatch(/none of them is this one/)
    expect(cause.evidence.find((e) => e.source === 'cgroup')!.text).toMatch(/oom_kill (\d+) → (\d+)/)
  })

  it('a tracer SIGKILLed in the middle of an OOM-killed workload is recovered with both facts', async () => {
    const tmpfs = tempDir('td-shm-')
    const logs = tempDir('td-logs-')
    const argv = ['python3', '-c', ALLOCATE(2)]
    const live = startCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--interval', '0.1', '--resolve-timeout', '10', '--expect=python3', '--', 'in-cgroup', cgroup!.dir, ...argv])
    const tracePath = await waitForTrace(tmpfs, 2, 30_000)
    const pid = Number(/_trace_(\d+)\.jsonl$/.exec(tracePath)![1])
    const sidecar = JSON.parse(readFileSync(join(tmpfs, `trace-doctor_enrollment_${pid}.json`), 'utf8'))
    expect(sidecar).toMatchObject({tracer_pid: live.child.pid, memory_cgroup: {version: cgroup!.version, start: {limit_bytes: LIMIT_BYTES}}})
    live.child.kill('SIGKILL')
    expect((await live.result).signal).toBe('SIGKILL')
    // The orphan goes on, allocates, and the kernel kills it.
    const deadline = Date.now() + 30_000
    // By pid, not by argv: `python3` may be a version-manager shim that execs the real one under another argv[0].
    const ended = (): boolean => {
      try {
        return /\) [ZXx] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
      } catch {
        return true
      }
    }
    while (!ended() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    const recovered = await runCli(['recover', '--tmpfs', tmpfs, '--log-dir', logs, '--min-age', '0', '--json'])
    expect(recovered.code, recovered.stderr).toBe(0)
    const doc = jsonOutput(recovered, 'recover')
    expect(doc.rows.map((r) => `${r.verdict} ${r.action} ${r.reason}`)).toContainEqual(expect.stringMatching(/finalized/))
    const [dirName] = readdirSync(join(logs, 'sessions')).filter((d) => d.startsWith(`crashed_${pid}_`))
    const summary = JSON.parse(readFileSync(join(logs, 'sessions', dirName!, 'summary.json'), 'utf8')) as Record<string, unknown>
    const cause = causeOf(summary)
    expect(cause).toMatchObject({verdict: 'oom_killed', constraint: 'cgroup', signal: 'SIGKILL'})
    expect(cause.evidence.some((e) => e.source === 'kernel_log' && e.text.includes(`Killed process ${pid} (python3)`))).toBe(true)
    // The tracer: no OOM kill or fault of its own in the kernel log — killed by a signal it cannot catch.
    expect(cause.tracer).toMatchObject({pid: live.child.pid, verdict: 'killed'})
    expect(cause.tracer!.reason).toMatch(/no OOM kill or fault for it/)
    const index = readFileSync(join(logs, 'sessions.jsonl'), 'utf8')
    expect(index).toContain('"cause_of_death": "oom_killed"')
  })
})

describe('cause of death without a cgroup', () => {
  it("python3 -c 'import ctypes; ctypes.string_at(0)' is crashed with SIGSEGV and the faulting library", async () => {
    const r = await traceJson(['--', 'python3', '-c', 'import ctypes; ctypes.string_at(0)'])
    expect(r.code).toBe(139)
    const cause = causeOf(r.summary)
    expect(cause).toMatchObject({verdict: 'crashed', signal: 'SIGSEGV'})
    // The kernel rate-limits these lines (printk_ratelimit): when it dropped ours, the verdict still stands on the exit status.
    const line = cause.evidence.find((e) => e.source === 'kernel_log')
    if (line !== undefined) {
      expect(line.text).toMatch(new RegExp(`^python3\\[${r.summary['pid']}\\]: segfault at 0 `))
      expect(faultingLibrary(cause)).toMatch(/^lib/)
    }
  })

  it('exit 3 is exited', async () => {
    const r = await traceJson(['--', 'sh', '-c', 'sleep 0.2; exit 3'])
    expect(r.code).toBe(3)
    expect(causeOf(r.summary)).toMatchObject({verdict: 'exited', exit_code: 3, signal: null, core_dumped: false, reason: null})
  })

  it('sessions --cause filters on the verdict and shows the column', async () => {
    const tmpfs = tempDir('td-shm-')
    const logs = tempDir('td-logs-')
    for (const code of ['0', '3']) await runCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--interval', '0.1', '--', 'sh', '-c', `exit ${code}`])
    const child = spawn('sleep', ['30'])
    const live = startCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--interval', '0.1', '--pid', String(child.pid)])
    await waitForTrace(tmpfs, 1, 30_000)
    child.kill('SIGTERM')
    await live.result
    const all = await runCli(['sessions', '--log-dir', logs])
    expect(all.stdout.split('\n')[0]).toMatch(/^STARTED\s+SUBTYPE\s+EXIT\s+CAUSE\s+SNAPS/)
    const exited = await runCli(['sessions', '--log-dir', logs, '--cause', 'exited', '--json'])
    const rows = jsonOutput(exited, 'sessions').sessions
    expect(rows.map((l) => l.exit_code).sort()).toEqual([0, 3])
    // Attached: the exit status went to its parent, and no kernel record names it.
    const unknownRows = jsonOutput(await runCli(['sessions', '--log-dir', logs, '--cause', 'unknown', '--json']), 'sessions').sessions
    expect(unknownRows.map((l) => l.tracked_comm)).toEqual(['sleep'])
    const bad = await runCli(['sessions', '--log-dir', logs, '--cause', 'drowned'])
    expect(bad.code).toBe(2)
  })
})

const canDropRoot = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups']

describe.skipIf(!canDropRoot)('a kernel log the user may not read (kernel.dmesg_restrict)', () => {
  const restricted = () => readFileSync('/proc/sys/kernel/dmesg_restrict', 'utf8').trim() === '1'

  async function asNobody(trace: string[], dir: string, whileRunning?: () => void): Promise<CauseOfDeath> {
    const child = spawn('setpriv', [...NOBODY, process.execPath, BIN, 'trace', '--tmpfs', dir, '--log-dir', join(dir, 'logs'), '--interval', '0.1', '--json', ...trace], {env: {PATH: process.env['PATH'], HOME: dir}})
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    if (whileRunning !== undefined) {
      await waitForTrace(dir, 2, 30_000)
      whileRunning()
    }
    await new Promise((r) => child.on('close', r))
    return causeOf((JSON.parse(stderr.slice(stderr.indexOf('{'))) as {summary: Record<string, unknown>}).summary)
  }

  it('a SIGKILL of a spawned child: the cgroup counter decides, and the evidence says the log was closed and how to open it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-cod-nobody-'))
    chmodSync(dir, 0o777)
    try {
      const cause = await asNobody(['--', 'sh', '-c', 'sleep 0.5; kill -9 $$'], dir)
      if (!restricted()) return expect(cause.verdict).toBe('killed')
      expect(cause).toMatchObject({verdict: 'killed', signal: 'SIGKILL'})
      expect(cause.evidence.find((e) => e.source === 'cgroup')?.text).toMatch(/oom_kill (\d+) → \1 during its life/)
      expect(cause.evidence.find((e) => e.text.startsWith('unreadable: '))?.text).toMatch(/dmesg_restrict = 1.*CAP_SYSLOG.*sysctl -w kernel\.dmesg_restrict=0/)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('an attached process SIGKILLed: unknown, with the exact fix in the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-cod-nobody-'))
    chmodSync(dir, 0o777)
    const sleeper = spawn('setpriv', [...NOBODY, 'sleep', '30'])
    try {
      await new Promise((r) => setTimeout(r, 300)) // setpriv has exec'd sleep
      const cause = await asNobody(['--pid', String(sleeper.pid)], dir, () => sleeper.kill('SIGKILL'))
      if (!restricted()) return expect(cause.verdict).not.toBe('oom_killed')
      expect(cause.verdict).toBe('unknown')
      expect(cause.reason).toMatch(/attached with --pid.*permission denied \(kernel\.dmesg_restrict = 1/)
      expect(cause.reason).toMatch(/fix: run the tracer as root or with CAP_SYSLOG/)
    } finally {
      sleeper.kill('SIGKILL')
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
