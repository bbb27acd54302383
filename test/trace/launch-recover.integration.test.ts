/**
 * Issue 9 through the built CLI: after a SIGKILL of the tracer, the trace of every launch shape
 * is recovered, never quarantined as alien (the sidecar carries the settled comm); a real trace
 * of a PTY wrapper is still identity_drift; and `sessions --drift` lists it.
 */
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {jsonOutput, runCli, type CliResult} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {expectTracedAsItself, makeShapeBin, pool, readAnomalies, type ShapeBin} from './launch-shapes.js'
import {startCli, waitForTrace, type LiveCli} from './run-cli-live.js'

let bin: ShapeBin
beforeAll(() => {
  bin = makeShapeBin()
})
afterAll(() => bin.remove())

/** A fresh dir on tmpfs, as the tracer's --tmpfs is in real use (a disk-backed one fsyncs slowly under load). */
const shmDirs: string[] = []
function shmDir(): string {
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'td-shm-'))
  shmDirs.push(dir)
  return dir
}
afterEach(() => {
  while (shmDirs.length > 0) rmSync(shmDirs.pop()!, {recursive: true, force: true})
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits until the tracer has written rows of the settled program (sidecar settled_comm = comm, a row after the launch). */
async function waitForSettled(tmpfs: string, comm: string, live: LiveCli, timeoutMs = 100_000): Promise<{pid: number; sidecar: Record<string, unknown>}> {
  const deadline = Date.now() + timeoutMs
  let seen = 'nothing'
  let ended: CliResult | undefined
  void live.result.then((r) => (ended = r))
  while (Date.now() < deadline) {
    if (ended !== undefined) throw new Error(`trace ended before ${comm} settled (last seen: ${seen.slice(0, 2000)}): ${JSON.stringify(ended).slice(0, 300)}`)
    const name = readdirSync(tmpfs).find((n) => /^trace-doctor_enrollment_\d+\.json$/.test(n))
    if (name !== undefined) {
      const pid = Number(/_(\d+)\.json$/.exec(name)![1])
      try {
        const sidecar = JSON.parse(readFileSync(join(tmpfs, name), 'utf8')) as Record<string, unknown>
        const text = readFileSync(join(tmpfs, `trace-doctor_trace_${pid}.jsonl`), 'utf8')
        const lines = text.split('\n').length - 1
        seen = `${JSON.stringify(sidecar)} ${lines} rows: ${text.split('\n').map((l) => /"comm": "([^"]*)"/.exec(l)?.[1]).join(' ')}`
        if (sidecar['settled_comm'] === comm && lines >= Number(sidecar['launch_rows']) + 2) return {pid, sidecar}
      } catch {
        // between the rename of the sidecar and the trace's first line
      }
    }
    await sleep(20)
  }
  throw new Error(`no settled ${comm} trace in ${tmpfs} after ${timeoutMs} ms; last seen: ${seen.slice(0, 2000)}`)
}

/** Until the pid is gone or a zombie. Its stat can vanish between any two reads: that is gone too. */
async function waitGone(pid: number): Promise<void> {
  const running = (): boolean => {
    try {
      return !/\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/s, ')'))
    } catch {
      return false
    }
  }
  while (running()) await sleep(20)
}

describe('after a SIGKILL of the tracer', () => {
  it.each([
    ['spawned', false],
    ['under --pty', true],
  ])('every launch shape %s is recovered, not quarantined, and traced as itself', {timeout: 400_000}, async (_label, pty) => {
    await pool(
      Number(process.env['TD_RECOVER_WIDTH'] ?? 4),
      bin.shapes.map((shape) => async () => {
        const tmpfs = shmDir()
        const logs = tempDir('td-logs-')
        // SHELL unset, as under a supervisor: `script` then runs /bin/sh, which forks CMD and stays.
        const live = startCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--interval', '0.05', '--resolve-timeout', '20', ...(pty ? ['--pty'] : []), '--', ...shape.argv(60)], {PATH: bin.path, SHELL: undefined}, 120_000)
        const {pid, sidecar} = await waitForSettled(tmpfs, shape.comm, live).catch((e: Error) => Promise.reject(new Error(`${shape.name}: ${e.message}`)))
        live.child.kill('SIGKILL')
        await live.result
        expect(sidecar, shape.name).toMatchObject({schema_version: 2, pid, settled_comm: shape.comm})
        process.kill(pid, 'SIGKILL') // the orphaned workload (under --pty, its wrapper then exits too)
        await waitGone(pid)
        const recovered = await runCli(['recover', '--tmpfs', tmpfs, '--log-dir', logs, '--min-age', '0', '--json'])
        expect(recovered.code, `${shape.name}: ${recovered.stdout}${recovered.stderr}`).toBe(0)
        expect(recovered.stdout, shape.name).not.toMatch(/"verdict": "alien"/)
        expect(readdirSync(tmpfs), shape.name).toEqual([])
        const [dirName] = readdirSync(join(logs, 'sessions')).filter((d) => d.startsWith(`crashed_${pid}_`))
        expect(dirName, `${shape.name}: ${recovered.stdout}`).toBeDefined()
        expectTracedAsItself(join(logs, 'sessions', dirName!), shape.comm, `${shape.name} recovered`, {spawned: false})
      }),
    )
  })
})

describe('a real trace of the PTY wrapper', () => {
  it('is identity_drift against the workload, and sessions --drift lists it with why', async () => {
    const logs = tempDir('td-logs-')
    const wrapper = spawn('script', ['-qefc', 'sleep 60', '/dev/null'], {stdio: 'ignore'})
    await once(wrapper, 'spawn')
    const exited = once(wrapper, 'exit')
    // A supervisor's mistake: the wrapper's pid, traced as if it were the workload.
    const tmpfs = shmDir()
    const live = startCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--interval', '0.05', '--session-id', 'wrapper', '--pid', String(wrapper.pid), '--json'], {}, 120_000)
    await waitForTrace(tmpfs, 3, 60_000)
    const workload = readFileSync(`/proc/${wrapper.pid}/task/${wrapper.pid}/children`, 'utf8').trim()
    process.kill(Number(workload), 'SIGKILL') // the wrapper then exits, and the trace ends
    await exited
    const traced = await live.result
    expect(traced.code, traced.stderr).toBe(0)
    const session = join(logs, 'sessions', 'wrapper')
    expect(JSON.parse(readFileSync(join(session, 'summary.json'), 'utf8'))).toMatchObject({tracked_comm: 'script', identity_drift: false})

    const analyzed = await runCli(['analyze', session, '--expect-comm', 'sleep', '--json'])
    const result = jsonOutput(analyzed, 'analyze')
    expect(result.summary).toMatchObject({identity_drift: true, launch_rows: 0})
    expect(result.anomalies.find((a) => a.kind === 'identity_drift')?.detail).toMatchObject({expected_comm: 'sleep', actual_comm: 'script', seq: 0})

    // Written back, the session's anomalies now end with identity_drift; its index line predates
    // that, and sessions --drift still finds it through the anomalies file.
    expect((await runCli(['analyze', session, '--expect-comm', 'sleep', '--write', '--json'])).code).toBe(0)
    expect(readAnomalies(session).at(-1)?.['kind']).toBe('identity_drift')
    const listed = jsonOutput(await runCli(['sessions', '--log-dir', logs, '--drift', '--json']), 'sessions').sessions
    expect(listed.map((l) => [l.dir_name, l.drift_by])).toEqual([['wrapper', ['identity_drift']]])
  })
})
