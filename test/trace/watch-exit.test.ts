import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {readdirSync, readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {readSystemInfo} from '../../src/procfs/system-info.js'
import {ProcSampler} from '../../src/trace/sampler.js'
import {TraceLoop} from '../../src/trace/trace-loop.js'
import {resolveSpawnedTarget} from '../../src/trace/trace-target.js'
import {followAttachedEnd, watchExit} from '../../src/trace/watch-exit.js'

/** Pids of perl watchers of `pid` (their argv ends with it). */
function watchersOf(pid: number): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter((a) => a !== '')
      if (argv[0] === 'perl' && argv.at(-1) === String(pid)) found.push(Number(name))
    } catch {
      // gone
    }
  }
  return found
}

async function sleeper() {
  const child = spawn('sleep', ['30'], {stdio: 'ignore'})
  await once(child, 'spawn')
  return child
}

describe('watchExit (pidfd through perl)', () => {
  it('resolves "exited" when the watched process ends, and leaves no watcher behind', async () => {
    const child = await sleeper()
    const watch = await watchExit(child.pid!)
    expect(watch).toBeDefined()
    expect(watchersOf(child.pid!)).toHaveLength(1)
    child.kill('SIGKILL')
    expect(await watch!.ended).toBe('exited')
    expect(watchersOf(child.pid!)).toEqual([])
  })

  it('close() stops the watcher while the process keeps running', async () => {
    const child = await sleeper()
    const watch = await watchExit(child.pid!)
    watch!.close()
    expect(await watch!.ended).toBe('lost')
    expect(child.exitCode).toBeNull()
    child.kill('SIGKILL')
  })

  it('is undefined for a pid that does not exist, or without perl', async () => {
    expect(await watchExit(4_194_000)).toBeUndefined()
    const child = await sleeper()
    expect(await watchExit(child.pid!, '/nonexistent/perl')).toBeUndefined()
    child.kill('SIGKILL')
  })
})

describe('followAttachedEnd', () => {
  it('ends a loop with a long interval as soon as the target exits', async () => {
    const child = await sleeper()
    const sampler = new ProcSampler(resolveSpawnedTarget(child.pid!), readSystemInfo())
    const loop = new TraceLoop(sampler, () => undefined, 600_000)
    loop.start()
    const stop = await followAttachedEnd(loop, child.pid!)
    child.kill('SIGKILL')
    expect(await loop.done).toBe('gone')
    stop()
    sampler.close()
  })
})
