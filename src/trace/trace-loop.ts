/**
 * The sampling loop: one snapshot at once, then one every interval on a drift-free schedule
 * (tick k is due at start + k × interval, whatever the previous tick cost). Between snapshots
 * the process sleeps: a timer wake-up costs ≈130 µs of CPU on these machines, so the end of the
 * target is learnt from an event where there is one (a spawned child's 'exit', a pidfd through
 * watch-exit.ts), and is polled (`startProbing`) only when there is none. Whatever the event
 * source, every snapshot also notices a vanished target (its fds fail with ESRCH).
 * A target that turned zombie gets one last snapshot (the evidence) and ends the loop: it has
 * exited, only its parent has not reaped it.
 */
import {performance} from 'node:perf_hooks'
import type {Snapshot} from '../model/snapshot.js'
import type {ProcSampler} from './sampler.js'

export type LoopEnd = 'gone' | 'zombie' | 'stopped'

/**
 * The next tick after `lastTick` and the delay until it, skipping ticks already missed. Node's
 * timers run on a millisecond loop clock and can fire a fraction of a millisecond before
 * performance.now() reaches the due time, so the next tick is never the one just taken.
 */
export function nextTickDelay(startMs: number, intervalMs: number, nowMs: number, lastTick = 0): {delayMs: number; tick: number} {
  const tick = Math.max(lastTick + 1, Math.floor((nowMs - startMs) / intervalMs) + 1)
  return {delayMs: Math.max(0, startMs + tick * intervalMs - nowMs), tick}
}

export class TraceLoop {
  private sampleTimer: NodeJS.Timeout | undefined
  private probeTimer: NodeJS.Timeout | undefined
  private startMs = 0
  private tick = 0
  private resolveDone!: (end: LoopEnd) => void
  private ended = false
  readonly done: Promise<LoopEnd>

  constructor(
    private readonly sampler: ProcSampler,
    private readonly onSnapshot: (snapshot: Snapshot) => void,
    private readonly intervalMs: number,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve))
  }

  get isEnded(): boolean {
    return this.ended
  }

  /** Starts sampling: at once, unless the caller already took (and stored) the first snapshot. */
  start(options: {firstTaken?: boolean} = {}): void {
    this.startMs = performance.now()
    if (options.firstTaken) {
      if (this.sampler.isGone) return this.end('gone')
      if (this.sampler.isZombie) return this.end('zombie')
    } else this.takeSample()
    if (!this.ended) this.schedule()
  }

  /**
   * Polls the target's liveness every `everyMs` between snapshots, for targets whose end is no
   * event we can wait on. Pointless when snapshots come at least as often.
   */
  startProbing(everyMs: number): void {
    if (this.ended || this.probeTimer !== undefined || everyMs >= this.intervalMs) return
    this.probeTimer = setInterval(() => this.checkEnd(), everyMs)
  }

  /**
   * Looks at the target now (an exit event arrived, or a probe is due): when it has exited, takes
   * the last snapshot it still allows (a zombie's) and ends the loop. Returns whether it ended.
   */
  checkEnd(): boolean {
    if (this.ended) return true
    const state = this.sampler.probe()
    if (state === 'gone') this.end('gone')
    else if (state === 'zombie') this.takeSample()
    return this.ended
  }

  /** Ends the loop now (the workload exited, or the user detached). */
  stop(): void {
    this.end('stopped')
  }

  private schedule(): void {
    const {delayMs, tick} = nextTickDelay(this.startMs, this.intervalMs, performance.now(), this.tick)
    this.tick = tick
    this.sampleTimer = setTimeout(() => {
      this.takeSample()
      if (!this.ended) this.schedule()
    }, delayMs)
  }

  private takeSample(): void {
    const snapshot = this.sampler.sample()
    if (snapshot === undefined) return this.end('gone')
    this.onSnapshot(snapshot)
    if (this.sampler.isZombie) this.end('zombie')
  }

  private end(reason: LoopEnd): void {
    if (this.ended) return
    this.ended = true
    clearTimeout(this.sampleTimer)
    clearInterval(this.probeTimer)
    this.resolveDone(reason)
  }
}
