import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, utimesSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {RecoverJson} from '../../src/model/cli-output.js'
import {BIN, jsonOutput, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {writeSidecar, writeTrace} from '../store/make-trace.js'

/** `count` crashed leftovers with pids that no process has (above any pid_max in use here). */
function crashedLeftovers(count: number, snapshots: number): {shm: string; logDir: string} {
  const root = tempDir()
  const shm = join(root, 'shm')
  mkdirSync(shm)
  const old = new Date(Date.now() - 3_600_000)
  for (let i = 0; i < count; i++) {
    const pid = 4_000_000 + i
    writeTrace(join(shm, `autoskillit_trace_${pid}.jsonl`), snapshots)
    writeSidecar(join(shm, `autoskillit_enrollment_${pid}.json`), pid)
  }
  for (const name of readdirSync(shm)) utimesSync(join(shm, name), old, old)
  return {shm, logDir: join(root, 'logs')}
}

function expectExactlyOnce(shm: string, logDir: string, count: number): void {
  const names = readFileSync(join(logDir, 'sessions.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l).dir_name)
  expect(names).toHaveLength(count)
  expect(new Set(names).size).toBe(count)
  expect(readdirSync(join(logDir, 'sessions')).sort()).toEqual([...names].sort())
  expect(readdirSync(shm)).toEqual([])
}

describe('trace-doctor recover (built CLI)', () => {
  it('prints rows and totals as JSON, and a readable table otherwise', async () => {
    const {shm, logDir} = crashedLeftovers(2, 5)
    const dry = await runCli(['recover', '--tmpfs', shm, '--log-dir', logDir, '--dry-run'])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(/would-finalize/)
    expect(dry.stdout).toMatch(/dry run, nothing changed: 2 trace file\(s\) in .*: 2 recovered/)
    const result = await runCli(['recover', '--tmpfs', shm, '--log-dir', logDir, '--json'])
    expect(result.code).toBe(0)
    const report = jsonOutput(result, 'recover')
    expect(report.rows.map((r) => [r.verdict, r.action])).toEqual([['recovered', 'finalized'], ['recovered', 'finalized']])
    expect(report.totals).toMatchObject({files: 2, recovered: 2})
    expectExactlyOnce(shm, logDir, 2)
  })

  it('exits 2 on usage errors with one line on stderr', async () => {
    const result = await runCli(['recover', '--tmpfs', '/nonexistent/dir'])
    expect(result.code).toBe(2)
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/)
    const help = await runCli(['recover', '--help'])
    expect(help.stdout).toMatch(/--quarantine-dir/)
    expect(help.stdout).toMatch(/--min-age/)
  })

  it('two runs started together finalize each trace exactly once', async () => {
    const {shm, logDir} = crashedLeftovers(60, 50)
    const args = ['recover', '--tmpfs', shm, '--log-dir', logDir, '--json']
    const [a, b] = await Promise.all([runCli(args), runCli(args)])
    expect([a.code, b.code]).toEqual([0, 0])
    const finalized = [a, b].flatMap((r) => jsonOutput(r, 'recover').rows).filter((r) => r.action === 'finalized')
    expect(finalized).toHaveLength(60)
    expectExactlyOnce(shm, logDir, 60)
  }, 120_000)

  it('worker threads (--jobs 2) and one thread (--jobs 1) give the same sessions and rows', async () => {
    const one = crashedLeftovers(40, 30)
    const two = crashedLeftovers(40, 30)
    const a = jsonOutput(await runCli(['recover', '--tmpfs', one.shm, '--log-dir', one.logDir, '--jobs', '1', '--json']), 'recover')
    const b = jsonOutput(await runCli(['recover', '--tmpfs', two.shm, '--log-dir', two.logDir, '--jobs', '2', '--json']), 'recover')
    const strip = (r: RecoverJson) => r.rows.map(({session_dir: _d, ...row}) => row)
    expect(strip(b)).toEqual(strip(a))
    expect(b.totals).toEqual(a.totals)
    expectExactlyOnce(two.shm, two.logDir, 40)
    // Dir names and start_ts come from each file's mtime; everything read from the traces must match
    // (the cause of death is read from the kernel log and cgroups at recovery time, not from the traces).
    const summaries = (logDir: string) =>
      readdirSync(join(logDir, 'sessions'))
        .map((name) => JSON.parse(readFileSync(join(logDir, 'sessions', name, 'summary.json'), 'utf8')))
        .map(({dir_name: _n, session_id: _s, start_ts: _t, cause_of_death: _c, memory_cgroup: _m, ...rest}) => rest)
        .sort((x, y) => x.pid - y.pid)
    expect(summaries(two.logDir)).toEqual(summaries(one.logDir))
  }, 120_000)

  it('a run killed with SIGKILL midway is finished by the next one, without duplicates', async () => {
    const {shm, logDir} = crashedLeftovers(80, 400)
    for (const delayMs of [150, 300]) {
      const child = spawn(process.execPath, [BIN, 'recover', '--tmpfs', shm, '--log-dir', logDir], {stdio: 'ignore'})
      const sessions = join(logDir, 'sessions')
      const started = Date.now()
      while (!(existsSync(sessions) && readdirSync(sessions).length > 0) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 5))
      await new Promise((r) => setTimeout(r, delayMs))
      child.kill('SIGKILL')
      await new Promise((r) => child.on('close', r))
    }
    expect(readdirSync(shm).length).toBeGreaterThan(0) // the kills did interrupt the work
    const finish = await runCli(['recover', '--tmpfs', shm, '--log-dir', logDir])
    expect(finish.code).toBe(0)
    expectExactlyOnce(shm, logDir, 80)
  }, 120_000)

  it('a SIGKILL inside a durability batch loses no session and finalizes none twice', async () => {
    // Sessions of a batch are written unsynced into temp dirs, synced together, placed, and only
    // then are their tmpfs files removed. Kill while the first batch is being written, then
    // while it is being placed (sessions in place, their claims still in tmpfs).
    const {shm, logDir} = crashedLeftovers(40, 300)
    const sessions = join(logDir, 'sessions')
    const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : [])
    const killWhen = async (moment: () => boolean): Promise<void> => {
      const child = spawn(process.execPath, [BIN, 'recover', '--tmpfs', shm, '--log-dir', logDir, '--jobs', '1'], {stdio: 'ignore'})
      const started = Date.now()
      while (!moment() && child.exitCode === null && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 2))
      child.kill('SIGKILL')
      await new Promise((r) => child.on('close', r))
    }
    await killWhen(() => list(sessions).some((n) => n.startsWith('.tmp-')))
    expect(list(sessions).filter((n) => !n.startsWith('.'))).toEqual([]) // nothing placed yet
    expect(list(shm).filter((n) => n.includes('.recovering-')).length).toBeGreaterThan(0)
    await killWhen(() => list(sessions).some((n) => n.startsWith('crashed_')) && list(shm).some((n) => n.includes('.recovering-')))
    expect(list(shm).length).toBeGreaterThan(0)
    const finish = await runCli(['recover', '--tmpfs', shm, '--log-dir', logDir, '--json'])
    expect(finish.code, finish.stderr + finish.stdout.slice(0, 6000)).toBe(0)
    const report = jsonOutput(finish, 'recover')
    expect(report.rows.every((r) => r.action === 'finalized' || r.action === 'already-finalized')).toBe(true)
    expectExactlyOnce(shm, logDir, 40)
  }, 120_000)
})
