/**
 * The signal side of one `trace` run: start the watch once the target is known (with its tmpfs
 * file when tmpfs is in use), follow the target's threads, and at the end hand finalizeSession
 * the records and `signal_trace` (with the sender of the fatal signal).
 */
import {findKiller} from '../analyze/signal-sender.js'
import type {SessionSignals} from '../store/finalize-session.js'
import {readPidStat} from '../procfs/pid-stat.js'
import {SignalsFile} from './signals-file.js'
import {SignalWatch} from './signal-watch.js'
import type {TraceTarget} from './trace-target.js'

export class SessionSignalWatch {
  private threads: number | undefined

  private constructor(
    readonly watch: SignalWatch,
    readonly file: SignalsFile | undefined,
    private readonly targetPid: number,
  ) {}

  /**
   * `tmpfsDir` is given when the snapshots go to tmpfs: the signals then go beside them. Signals
   * to the launched root (a wrapper such as `timeout` or `script`) are watched too.
   */
  static async start(target: TraceTarget, rootPid: number, tmpfsDir: string | undefined, warn: (line: string) => void): Promise<SessionSignalWatch> {
    const watch = await SignalWatch.start({pids: [target.pid, rootPid], warn, owner: {tracerPid: process.pid, tracerStartTicks: selfStartTicks()}})
    // Created once the instance is armed, so its presence means "signals are being recorded".
    let file: SignalsFile | undefined
    if (tmpfsDir !== undefined && watch.isWatching) {
      try {
        file = SignalsFile.create(tmpfsDir, target.pid)
        watch.attachFile(file)
      } catch (error) {
        warn(`cannot create the signals file in ${tmpfsDir} (${(error as Error).message}); signals are kept in memory only`)
      }
    }
    return new SessionSignalWatch(watch, file, target.pid)
  }

  /** Called with each snapshot's thread count: a new count means new thread ids to filter on. */
  onThreads(threads: number | undefined): void {
    if (threads === undefined || threads === this.threads) return
    const first = this.threads === undefined
    this.threads = threads
    if (!first || threads > 1) this.watch.refreshThreads()
  }

  /** Stops the watch and names the sender of the signal the workload ended by, if any. */
  async finish(exitSignal: string | null): Promise<SessionSignals> {
    await this.watch.stop()
    this.file?.close()
    const records = this.watch.records
    const killer = findKiller(records, {targetPid: this.targetPid, exitSignal})
    return {records, trace: {...this.watch.status(), ...(killer === undefined ? {} : {sender: killer.text})}}
  }

  /** Resolves once the tracefs instance is gone (its removal overlaps finalization). */
  removed(): Promise<void> {
    return this.watch.removed()
  }

  /** The session is safe in the log dir: the tmpfs copy goes. */
  removeFile(): void {
    this.file?.remove()
  }
}

function selfStartTicks(): number {
  return readPidStat('/proc', process.pid).starttimeTicks
}
