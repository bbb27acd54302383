import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {describe, expect, it} from 'vitest'
import type {Snapshot} from '../../src/model/snapshot.js'
import {readSystemInfo} from '../../src/procfs/system-info.js'
import {ProcSampler} from '../../src/trace/sampler.js'
import {TraceLoop} from '../../src/trace/trace-loop.js'
import {resolveSpawnedTarget} from '../../src/trace/trace-target.js'

async function start(seconds: string) {
  const child = spawn('sleep', [seconds], {stdio: 'ignore'})
  await once(child, 'spawn')
  return {child, sampler: new ProcSampler(resolveSpawnedTarget(child.pid!), readSystemInfo())}
}

describe('TraceLoop', () => {
  it('samples at once, then once per interval (no tick taken twice), with increasing captured_at', async () => {
    const {child, sampler} = await start('10')
    const seen: Snapshot[] = []
    const loop = new TraceLoop(sampler, (s) => seen.push(s), 50)
    loop.start()
    expect(seen).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 525))
    loop.stop()
    expect(await loop.done).toBe('stopped')
    expect(seen.length).toBeGreaterThanOrEqual(9)
    expect(seen.length).toBeLessThanOrEqual(12)
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.captured_at > seen[i - 1]!.captured_at).toBe(true)
    sampler.close()
    child.kill('SIGKILL')
  })

  it('takes no wake-up between snapshots of its own: an end is learnt from checkEnd (an event) or a probe', async () => {
    const {child, sampler} = await start('10')
    const loop = new TraceLoop(sampler, () => undefined, 60_000)
    loop.start()
    expect(loop.checkEnd()).toBe(false) // alive
    child.kill('SIGKILL')
    await once(child, 'exit')
    await new Promise((r) => setTimeout(r, 300))
    expect(loop.isEnded).toBe(false) // nothing polled in between
    expect(loop.checkEnd()).toBe(true)
    expect(await loop.done).toBe('gone')
    sampler.close()
  })

  it('with probing started, notices the end well before the next snapshot', async () => {
    const {child, sampler} = await start('10')
    const loop = new TraceLoop(sampler, () => undefined, 60_000)
    loop.start()
    loop.startProbing(50)
    child.kill('SIGKILL')
    await once(child, 'exit')
    expect(await loop.done).toBe('gone')
    sampler.close()
  })
})
