/**
 * The tracer's crash contract end to end: SIGKILL trace-doctor mid-run; the tmpfs trace and its
 * sidecar stay (the flock goes with the dead process), and `recover --min-age 0` finalizes them
 * as a crashed session holding every snapshot taken. Needs the built CLI.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parseJson, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {hasFlock} from './proc-locks.js'
import {pidsRunning, startCli, waitForTrace} from './run-cli-live.js'

describe('a SIGKILLed tracer', () => {
  it('leaves a flock-free trace that recover finalizes as a crashed session', async () => {
    const tmpfs = tempDir('td-shm-')
    const logs = tempDir('td-logs-')
    const argv = ['sleep', '23.456']
    const live = startCli(['trace', '--tmpfs', tmpfs, '--log-dir', logs, '--interval', '0.05', '--', ...argv])
    const tracePath = await waitForTrace(tmpfs, 4)
    expect(hasFlock(tracePath)).toBe(true)
    const pid = Number(/_trace_(\d+)\.jsonl$/.exec(tracePath)![1])
    expect(pidsRunning(argv)).toEqual([pid]) // the file is named after the workload

    live.child.kill('SIGKILL')
    const result = await live.result
    expect(result.signal).toBe('SIGKILL')
    expect(hasFlock(tracePath)).toBe(false) // the kernel dropped the lock with the process
    // (and, where tracefs can be used, the signals file: see signal-sender.integration.test.ts)
    expect(readdirSync(tmpfs).filter((n) => !n.includes('_signals_')).sort()).toEqual([`trace-doctor_enrollment_${pid}.json`, `trace-doctor_trace_${pid}.jsonl`])
    const sidecar = JSON.parse(readFileSync(join(tmpfs, `trace-doctor_enrollment_${pid}.json`), 'utf8'))
    expect(sidecar).toMatchObject({schema_version: 2, pid, comm: 'sleep'})

    // The orphaned workload still runs: recover must leave a live trace alone …
    const early = await runCli(['recover', '--tmpfs', tmpfs, '--log-dir', logs, '--min-age', '0', '--json'])
    expect(early.code).toBe(0)
    expect(readdirSync(tmpfs).filter((n) => !n.includes('_signals_'))).toHaveLength(2)
    expect(early.stdout).toMatch(/"verdict": "live"/)

    // … and finalize it once the workload is gone.
    process.kill(pid, 'SIGKILL')
    while (pidsRunning(argv).length > 0) await new Promise((r) => setTimeout(r, 20))
    const taken = readFileSync(tracePath, 'utf8').split('\n').filter((l) => l.endsWith('}')).length
    const recovered = await runCli(['recover', '--tmpfs', tmpfs, '--log-dir', logs, '--min-age', '0', '--json'])
    expect(recovered.code, recovered.stderr).toBe(0)
    parseJson(recovered)
    expect(readdirSync(tmpfs)).toEqual([])
    const [dirName] = readdirSync(join(logs, 'sessions')).filter((d) => d.startsWith(`crashed_${pid}_`))
    expect(dirName).toBeDefined()
    const summary = JSON.parse(readFileSync(join(logs, 'sessions', dirName!, 'summary.json'), 'utf8'))
    expect(summary).toMatchObject({pid, success: false, subtype: 'crashed', exit_code: -1, termination_reason: 'CRASHED', tracked_comm: 'sleep'})
    expect(summary.snapshot_count).toBe(taken)
    expect(taken).toBeGreaterThanOrEqual(4)
  })
})
