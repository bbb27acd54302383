/**
 * TraceLoop driven by a manual clock and a scripted sampler: the schedule, the probe and the
 * end reasons, with no wall time and no process (trace-loop.integration.test.ts runs it for real).
 */
import {describe, expect, it} from 'vitest'
import type {Snapshot} from '../../src/model/snapshot.js'
import {TraceLoop, type LoopClock, type LoopSampler} from '../../src/trace/trace-loop.js'

/** Timers that fire only when the test advances time. */
class ManualClock implements LoopClock {
  private t = 1000
  private nextId = 1
  private readonly timers = new Map<number, {due: number; fn: () => void; every?: number}>()
  now = (): number => this.t
  setTimeout = (fn: () => void, ms: number): number => this.add(fn, ms)
  setInterval = (fn: () => void, ms: number): number => this.add(fn, ms, ms)
  clearTimeout = (handle: unknown): void => void this.timers.delete(handle as number)
  clearInterval = (handle: unknown): void => void this.timers.delete(handle as number)
  get pending(): number {
    return this.timers.size
  }

  /** Time passing inside a callback (a sample's own cost). */
  spend(ms: number): void {
    this.t += ms
  }

  /** Moves time forward, firing every timer due on the way, in due order. */
  advance(ms: number): void {
    const until = this.t + ms
    for (;;) {
      const next = [...this.timers.entries()].filter(([, x]) => x.due <= until).sort((a, b) => a[1].due - b[1].due || a[0] - b[0])[0]
      if (next === undefined) break
      const [id, timer] = next
      this.t = Math.max(this.t, timer.due)
      if (timer.every === undefined) this.timers.delete(id)
      else timer.due += timer.every
      timer.fn()
    }
    this.t = Math.max(this.t, until)
  }

  private add(fn: () => void, ms: number, every?: number): number {
    const id = this.nextId++
    this.timers.set(id, {due: this.t + ms, fn, ...(every === undefined ? {} : {every})})
    return id
  }
}

/** A sampler whose target lives until `exitAt` ms of clock time, then is a zombie or gone. */
function scriptedSampler(clock: ManualClock, exitAt: number, after: 'zombie' | 'gone', costMs: (at: number) => number = () => 0) {
  const taken: number[] = []
  const sampler: LoopSampler & {taken: number[]} = {
    taken,
    isGone: false,
    isZombie: false,
    sample() {
      if (clock.now() >= exitAt && after === 'gone') {
        this.isGone = true
        return undefined
      }
      const at = clock.now()
      taken.push(at)
      this.isZombie = at >= exitAt
      clock.spend(costMs(at - 1000))
      return {captured_at: String(clock.now())} as unknown as Snapshot
    },
    probe() {
      return clock.now() < exitAt ? 'alive' : after
    },
  }
  return sampler
}

describe('TraceLoop on a manual clock', () => {
  it('samples at once, then at start + k × interval whatever a sample costs', () => {
    const clock = new ManualClock()
    const sampler = scriptedSampler(clock, Infinity, 'gone', () => 7)
    const loop = new TraceLoop(sampler, () => undefined, 50, clock)
    loop.start()
    clock.advance(500)
    expect(sampler.taken.map((t) => t - 1000)).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500])
    loop.stop()
    expect(clock.pending).toBe(0)
  })

  it('skips ticks missed behind a stall instead of bursting to catch up', () => {
    const clock = new ManualClock()
    // The tick at 50 costs 180 ms: those at 100, 150 and 200 are missed.
    const sampler = scriptedSampler(clock, Infinity, 'gone', (at) => (at === 50 ? 180 : 0))
    const loop = new TraceLoop(sampler, () => undefined, 50, clock)
    loop.start()
    clock.advance(300)
    expect(sampler.taken.map((t) => t - 1000)).toEqual([0, 50, 250, 300])
    loop.stop()
  })

  it('wakes up only for snapshots unless asked to probe', () => {
    const clock = new ManualClock()
    const sampler = scriptedSampler(clock, 1000 + 250, 'gone')
    const loop = new TraceLoop(sampler, () => undefined, 5000, clock)
    loop.start()
    expect(clock.pending).toBe(1) // the next snapshot, nothing else
    clock.advance(1000)
    expect(sampler.taken).toEqual([1000])
    expect(loop.checkEnd()).toBe(true) // an exit event arrived: the loop looks and ends
    expect(clock.pending).toBe(0)
  })

  it('sees the end through startProbing within one probe period, with a long interval', async () => {
    const clock = new ManualClock()
    const sampler = scriptedSampler(clock, 1000 + 250, 'gone')
    const loop = new TraceLoop(sampler, () => undefined, 5000, clock)
    loop.start()
    loop.startProbing(100)
    clock.advance(250 + 100)
    expect(await loop.done).toBe('gone')
    expect(clock.pending).toBe(0)
  })

  it('takes one last snapshot of a zombie, then ends', async () => {
    const clock = new ManualClock()
    const sampler = scriptedSampler(clock, 1000 + 120, 'zombie')
    const loop = new TraceLoop(sampler, () => undefined, 5000, clock)
    loop.start()
    loop.startProbing(100)
    clock.advance(1000)
    expect(await loop.done).toBe('zombie')
    expect(sampler.taken.map((t) => t - 1000)).toEqual([0, 200])
  })
})
