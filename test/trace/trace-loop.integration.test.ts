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

  it('notices the target\'s end within ~100 ms even with a long interval', async () => {
    const {child, sampler} = await start('10')
    const loop = new TraceLoop(sampler, () => undefined, 5000)
    loop.start()
    child.kill('SIGKILL')
    await once(child, 'exit')
    const t0 = performance.now()
    expect(await loop.done).toBe('gone')
    expect(performance.now() - t0).toBeLessThan(400)
    sampler.close()
  })
})
