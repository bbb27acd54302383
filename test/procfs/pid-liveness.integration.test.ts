/**
 * Liveness against real processes: a running child, a zombie (a parent that never waits) and a
 * reaped pid, through both readers (`readProcess` for recovery, `isPidAlive` for lock staleness).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {afterEach, describe, expect, it} from 'vitest'
import {isPidAlive, isRunning, parseProcStat, readProcess} from '../../src/procfs/pid-liveness.js'

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL')
})

function child(cmd: string, args: string[]): ChildProcess {
  const c = spawn(cmd, args, {stdio: ['ignore', 'pipe', 'ignore']})
  children.push(c)
  return c
}

describe('pid liveness', () => {
  it('parses the state and start ticks after the last ")"', () => {
    const stat = '74718 (a) S 1 (b)) Z 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 20 21\n'
    expect(parseProcStat(stat)).toEqual({state: 'Z', startTicks: 987654})
    expect(parseProcStat('garbage')).toEqual({state: undefined, startTicks: undefined})
  })

  it('a running child is alive; a zombie exists but is not; a reaped pid is gone', async () => {
    const running = child('sleep', ['30']).pid!
    expect(isPidAlive(running)).toBe(true)
    expect(isRunning(readProcess(running))).toBe(true)

    const maker = child('python3', ['-c', 'import os, time\npid = os.fork()\nif pid == 0: os._exit(0)\nprint(pid, flush=True)\ntime.sleep(30)'])
    const zombie = Number(await new Promise<string>((resolve) => maker.stdout!.once('data', (d: Buffer) => resolve(d.toString()))))
    let facts = readProcess(zombie)
    while (facts.exists && facts.state !== 'Z') {
      await new Promise((r) => setTimeout(r, 10))
      facts = readProcess(zombie)
    }
    expect(facts).toMatchObject({exists: true, state: 'Z'})
    expect(isRunning(facts)).toBe(false)
    expect(isPidAlive(zombie)).toBe(false)

    const gone = child('true', [])
    await new Promise((resolve) => gone.once('close', resolve))
    expect(readProcess(gone.pid!)).toEqual({exists: false})
    expect(isPidAlive(gone.pid!)).toBe(false)
  })

  it('an unreadable stat counts as existing with unknown state (nothing proves it gone)', () => {
    expect(readProcess(process.pid, '/nonexistent-proc')).toEqual({exists: false})
    expect(isPidAlive(process.pid, '/nonexistent-proc')).toBe(true)
  })
})
