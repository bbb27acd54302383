/**
 * Attach mode's end detection through the built CLI: the end of a process that is not our child
 * is an event (a pidfd watcher), so even with a long interval the trace ends soon after the
 * process does; and a SIGKILLed tracer leaves no watcher behind.
 */
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {readdirSync, readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {tempDir} from '../helpers/temp-dir.js'
import {startCli, waitForTrace} from './run-cli-live.js'

function perlWatchersOf(pid: number): number[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number).filter((p) => {
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter((a) => a !== '')
      return argv[0] === 'perl' && argv.at(-1) === String(pid)
    } catch {
      return false
    }
  })
}

async function until(predicate: () => boolean, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) return false
    await new Promise((r) => setTimeout(r, 20))
  }
  return true
}

describe('trace --pid end detection', () => {
  it('ends soon after the process, long before the next snapshot is due', async () => {
    const target = spawn('sleep', ['60'], {stdio: 'ignore'})
    await once(target, 'spawn')
    const tmpfs = tempDir('td-shm-')
    const live = startCli(['trace', '--pid', String(target.pid), '--interval', '600', '--tmpfs', tmpfs, '--log-dir', tempDir('td-logs-'), '--json'])
    await waitForTrace(tmpfs, 1, 30_000)
    expect(await until(() => perlWatchersOf(target.pid!).length === 1)).toBe(true)
    target.kill('SIGKILL')
    const result = await live.result // startCli kills it after 30 s: a 600 s interval would fail here
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/"subtype": "exited"/)
    expect(perlWatchersOf(target.pid!)).toEqual([])
  })

  it('a SIGKILLed tracer leaves no watcher behind', async () => {
    const target = spawn('sleep', ['60'], {stdio: 'ignore'})
    await once(target, 'spawn')
    const tmpfs = tempDir('td-shm-')
    const live = startCli(['trace', '--pid', String(target.pid), '--interval', '600', '--tmpfs', tmpfs, '--log-dir', tempDir('td-logs-')])
    await waitForTrace(tmpfs, 1, 30_000)
    expect(await until(() => perlWatchersOf(target.pid!).length === 1)).toBe(true)
    live.child.kill('SIGKILL')
    await live.result
    expect(await until(() => perlWatchersOf(target.pid!).length === 0, 5000)).toBe(true) // stdin EOF ends it
    expect(target.exitCode).toBeNull() // the attached process was left alone
    target.kill('SIGKILL')
  })
})
