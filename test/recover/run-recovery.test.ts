import {execFileSync, spawn, type ChildProcess} from 'node:child_process'
import {chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {readBootId, readProcess} from '../../src/procfs/pid-liveness.js'
import {runRecovery, type RecoverOptions} from '../../src/recover/run-recovery.js'
import {tempDir} from '../helpers/temp-dir.js'
import {writeSidecar, writeTrace, type SidecarOverrides} from '../store/make-trace.js'

const children: ChildProcess[] = []
afterEach(() => {
  while (children.length > 0) children.pop()!.kill('SIGKILL')
})

/** A pid that is certainly not running: a child we started and waited for. */
async function deadPid(): Promise<number> {
  const child = spawn('true')
  await new Promise((resolve) => child.on('exit', resolve))
  return child.pid!
}

function liveChild(cmd: string, args: string[]): ChildProcess {
  const child = spawn(cmd, args, {stdio: ['ignore', 'pipe', 'ignore']})
  children.push(child)
  return child
}

const ticksOf = (pid: number): number => {
  const p = readProcess(pid)
  if (!p.exists || p.startTicks === undefined) throw new Error(`no ticks for ${pid}`)
  return p.startTicks
}

function setup(): {shm: string; logDir: string; opts: RecoverOptions} {
  const root = tempDir()
  const shm = join(root, 'shm')
  mkdirSync(shm)
  const logDir = join(root, 'logs')
  return {shm, logDir, opts: {tmpfsDir: shm, logDir, quarantineDir: join(logDir, 'quarantine')}}
}

const HOUR_AGO = new Date(Date.now() - 3_600_000)

function leftover(shm: string, pid: number | string, sidecar: SidecarOverrides | null = {}, opts: {comm?: string; tail?: string; prefix?: string} = {}): string {
  const prefix = opts.prefix ?? 'autoskillit'
  const trace = join(shm, `${prefix}_trace_${pid}.jsonl`)
  writeTrace(trace, 6, opts.comm === undefined ? {} : {comm: opts.comm}, opts.tail)
  if (sidecar !== null) writeSidecar(join(shm, `${prefix}_enrollment_${pid}.json`), Number(pid) || 1, sidecar)
  for (const name of readdirSync(shm)) utimesSync(join(shm, name), HOUR_AGO, HOUR_AGO)
  return trace
}

const rowFor = (report: Awaited<ReturnType<typeof runRecovery>>, pid: number) => report.rows.find((r) => r.pid === pid)!

describe('runRecovery on real files and processes', () => {
  it('recovers a crashed trace, counting torn and garbage lines, and removes its tmpfs files', async () => {
    const {shm, logDir, opts} = setup()
    const pid = await deadPid()
    leftover(shm, pid, {session_id: 'ignored-for-name'}, {tail: 'garbage\n{"captured_at": "20'})
    const report = await runRecovery(opts)
    const row = rowFor(report, pid)
    expect(row).toMatchObject({verdict: 'recovered', action: 'finalized', snapshot_count: 6, skipped_lines: 1, torn_tail: true})
    expect(readdirSync(shm)).toEqual([])
    const summary = JSON.parse(readFileSync(join(row.session_dir!, 'summary.json'), 'utf8'))
    expect(summary).toMatchObject({
      success: false, subtype: 'crashed', exit_code: -1, termination_reason: 'CRASHED', session_id: 'ignored-for-name',
      end_ts: '2026-04-13T11:04:48.000123+00:00',
      recovery: {skipped_lines: 1, torn_tail: true, source: `autoskillit_trace_${pid}.jsonl`},
    })
    expect(summary.start_ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/)
    expect(Math.abs(Date.parse(summary.start_ts) - HOUR_AGO.getTime())).toBeLessThanOrEqual(1)
    expect(row.session_dir!.endsWith(`crashed_${pid}_${summary.start_ts.replaceAll(':', '-')}`)).toBe(true)
    expect(readFileSync(join(logDir, 'sessions.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1)
  })

  it('leaves a live process alone, and recovers the same pid with other ticks (recycled) and a zombie', async () => {
    const {shm, opts} = setup()
    const live = liveChild('sleep', ['30']).pid!
    leftover(shm, live, {starttime_ticks: ticksOf(live), comm: 'sleep'}, {comm: 'sleep'})
    // A parent that never waits: its exited child stays a zombie. (A shell may reap it itself.)
    const zombieMaker = liveChild('python3', ['-c', 'import os, time\npid = os.fork()\nif pid == 0: os._exit(0)\nprint(pid, flush=True)\ntime.sleep(30)'])
    const zombie = Number(await new Promise<string>((resolve) => zombieMaker.stdout!.once('data', (d: Buffer) => resolve(d.toString()))))
    while (readProcess(zombie).exists && (readProcess(zombie) as {state?: string}).state !== 'Z') await new Promise((r) => setTimeout(r, 10))
    leftover(shm, zombie, {starttime_ticks: ticksOf(zombie)})
    const recycledHolder = liveChild('sleep', ['30']).pid!
    leftover(shm, recycledHolder, {starttime_ticks: ticksOf(recycledHolder) + 1})
    const report = await runRecovery({...opts, prefixes: ['autoskillit']})
    expect(rowFor(report, live)).toMatchObject({verdict: 'live', action: 'none'})
    expect(existsSync(join(shm, `autoskillit_trace_${live}.jsonl`))).toBe(true)
    expect(rowFor(report, zombie)).toMatchObject({verdict: 'recovered', action: 'finalized'})
    expect(rowFor(report, zombie).reason).toMatch(/zombie/)
    expect(rowFor(report, recycledHolder)).toMatchObject({verdict: 'recovered'})
    expect(rowFor(report, recycledHolder).reason).toMatch(/reused/)
  })

  it('treats a trace flocked by another process as live whatever the pid says', async () => {
    const {shm, opts} = setup()
    const pid = await deadPid()
    const trace = leftover(shm, pid)
    const holder = liveChild('flock', [trace, 'sleep', '30'])
    const deadline = Date.now() + 5000
    while (!readFileSync('/proc/locks', 'utf8').includes(` ${holder.pid} `) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    utimesSync(trace, HOUR_AGO, HOUR_AGO)
    const row = rowFor(await runRecovery(opts), pid)
    expect(row).toMatchObject({verdict: 'live', gate: 'liveness'})
    expect(row.reason).toMatch(/locked/)
    expect(existsSync(trace)).toBe(true)
  })

  it('quarantines stale-boot and alien traces with their sidecars, or deletes them with delete', async () => {
    const {shm, logDir, opts} = setup()
    const stale = await deadPid()
    leftover(shm, stale, {boot_id: 'not-this-boot'})
    const alien = stale + 100_000
    leftover(shm, alien, {boot_id: readBootId(), comm: 'claude'}, {comm: 'script'})
    const report = await runRecovery(opts)
    expect(rowFor(report, stale)).toMatchObject({verdict: 'stale-boot', action: 'quarantined'})
    expect(rowFor(report, alien)).toMatchObject({verdict: 'alien', action: 'quarantined'})
    expect(readdirSync(join(logDir, 'quarantine')).sort()).toEqual(
      [`autoskillit_enrollment_${alien}.json`, `autoskillit_enrollment_${stale}.json`, `autoskillit_trace_${alien}.jsonl`, `autoskillit_trace_${stale}.jsonl`].sort(),
    )
    expect(readdirSync(shm)).toEqual([])
    leftover(shm, stale, {boot_id: 'not-this-boot'})
    const again = await runRecovery({...opts, delete: true})
    expect(rowFor(again, stale).action).toBe('deleted')
    expect(readdirSync(shm)).toEqual([])
    expect(readdirSync(join(logDir, 'quarantine'))).toHaveLength(4)
  })

  it('skips a schema-1 sidecar alien check; too-young and unenrolled files stay untouched', async () => {
    const {shm, opts} = setup()
    const v1 = await deadPid()
    leftover(shm, v1, {schema_version: 1}, {comm: 'script'})
    const noSidecar = v1 + 100_001
    leftover(shm, noSidecar, null)
    const badSidecar = v1 + 100_002
    leftover(shm, badSidecar, null)
    writeFileSync(join(shm, `autoskillit_enrollment_${badSidecar}.json`), '{"pid": 5')
    const young = v1 + 100_003
    writeTrace(join(shm, `autoskillit_trace_${young}.jsonl`), 2)
    const report = await runRecovery(opts)
    expect(rowFor(report, v1).verdict).toBe('recovered')
    expect(rowFor(report, noSidecar)).toMatchObject({verdict: 'no-enrollment', action: 'none'})
    expect(rowFor(report, badSidecar).reason).toMatch(/not JSON/)
    expect(rowFor(report, young)).toMatchObject({verdict: 'too-young'})
    expect(readdirSync(shm)).toHaveLength(4)
  })

  it('refuses symlinks, fifos, foreign-owned files and non-numeric pids, touching nothing', async () => {
    const {shm, opts} = setup()
    const secret = join(tempDir(), 'secret.jsonl')
    writeTrace(secret, 3)
    const pid = await deadPid()
    symlinkSync(secret, join(shm, `autoskillit_trace_${pid}.jsonl`))
    writeSidecar(join(shm, `autoskillit_enrollment_${pid}.json`), pid)
    const fifo = pid + 100_000
    execFileSync('mkfifo', [join(shm, `autoskillit_trace_${fifo}.jsonl`)])
    const foreign = pid + 100_001
    leftover(shm, foreign)
    chownSync(join(shm, `autoskillit_trace_${foreign}.jsonl`), 12345, 12345)
    const linkedSidecar = pid + 100_002
    leftover(shm, linkedSidecar, null)
    symlinkSync(secret, join(shm, `autoskillit_enrollment_${linkedSidecar}.json`))
    leftover(shm, 'abc')
    const before = readdirSync(shm).sort()
    const report = await runRecovery(opts)
    expect(report.rows.map((r) => r.verdict)).toEqual(['refused', 'refused', 'refused', 'refused', 'refused'])
    expect(report.rows.find((r) => r.file === 'autoskillit_trace_abc.jsonl')?.reason).toMatch(/not a pid/)
    expect(readdirSync(shm).sort()).toEqual(before)
    expect(readFileSync(secret, 'utf8').split('\n')).toHaveLength(4)
  }, 60_000)

  it('dry-run decides and reports but changes nothing', async () => {
    const {shm, logDir, opts} = setup()
    const pid = await deadPid()
    leftover(shm, pid, {}, {tail: 'x\n'})
    const before = readdirSync(shm).sort()
    const report = await runRecovery({...opts, dryRun: true})
    expect(rowFor(report, pid)).toMatchObject({verdict: 'recovered', action: 'would-finalize', snapshot_count: 6, skipped_lines: 1})
    expect(readdirSync(shm).sort()).toEqual(before)
    expect(existsSync(logDir)).toBe(false)
  })

  it('resumes a claim left by a killed run without doubling a session already written', async () => {
    const {shm, logDir, opts} = setup()
    const pid = await deadPid()
    const claimer = await deadPid()
    leftover(shm, pid)
    const first = await runRecovery({...opts, dryRun: false})
    expect(rowFor(first, pid).action).toBe('finalized')
    // Re-create the state a SIGKILL after finalizing leaves: claimed files still in tmpfs.
    leftover(shm, pid)
    renameSync(join(shm, `autoskillit_trace_${pid}.jsonl`), join(shm, `autoskillit_trace_${pid}.jsonl.recovering-${claimer}-1`))
    renameSync(join(shm, `autoskillit_enrollment_${pid}.json`), join(shm, `autoskillit_enrollment_${pid}.json.recovering-${claimer}-1`))
    const second = await runRecovery(opts)
    expect(rowFor(second, pid)).toMatchObject({verdict: 'recovered', action: 'already-finalized'})
    expect(rowFor(second, pid).reason).toMatch(/resumed/)
    expect(readdirSync(shm)).toEqual([])
    expect(readFileSync(join(logDir, 'sessions.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1)
  })
})
