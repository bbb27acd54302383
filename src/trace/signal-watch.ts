/**
 * Watches the signals the workload receives, for the whole trace, through a private tracefs
 * instance (tracefs/tracefs-instance.ts), and records each one as it arrives (signals-file.ts,
 * plus memory for the session's signals.jsonl).
 *
 * No wake-ups of our own: trace_pipe is read with a plain blocking read(2) on one libuv pool
 * thread, which sleeps in the kernel until an event is committed; the main thread is woken only
 * by a completed read, i.e. by a signal to the workload. Stopping writes a marker into the
 * instance's own buffer, which ends the pending read; every event before the marker has then been
 * read, and the instance can be removed (the kernel refuses while trace_pipe is open).
 */
import {closeSync, openSync, read, readdirSync} from 'node:fs'
import {randomHex} from '../io/random-hex.js'
import {readPidCmdline} from '../procfs/pid-cmdline.js'
import {readPidStat, type PidStat} from '../procfs/pid-stat.js'
import {readSystemInfo} from '../procfs/system-info.js'
import type {SignalRecord, SignalTrace} from '../model/signal-record.js'
import {originOf, recordOf, senderComm, wallMinusMonoNowUs, type SenderDetails} from '../tracefs/event-record.js'
import {parseTraceLine, type TraceEvent} from '../tracefs/parse-trace-line.js'
import {probeTracefs, TracefsInstance, type TracefsProbe} from '../tracefs/tracefs-instance.js'
import type {SignalsFile} from './signals-file.js'

/** How long stop() waits for its marker to come back through trace_pipe. */
const STOP_TIMEOUT_MS = 3000
const READ_BYTES = 64 * 1024

export interface SignalWatchOptions {
  /** The workload (tgid) and any other pid whose signals belong to the session (a wrapper). */
  pids: readonly number[]
  warn: (line: string) => void
  probe?: TracefsProbe
  owner: {tracerPid: number; tracerStartTicks: number}
}

export class SignalWatch {
  readonly records: SignalRecord[] = []
  private instance: TracefsInstance | undefined
  private fd: number | undefined
  private readonly buf = Buffer.allocUnsafe(READ_BYTES)
  private rest = ''
  private stopMarker: string | undefined
  private reading: Promise<void> = Promise.resolve()
  private removal: Promise<void> = Promise.resolve()
  private failure: string | undefined
  private unavailable: {reason: string; fix: string} | undefined
  private readonly wallMinusMonoUs = wallMinusMonoNowUs()
  private readonly ticksPerSecond = readSystemInfo().ticksPerSecond
  private pids: number[]
  private file: SignalsFile | undefined
  /** The pid list last written to the filter. */
  private applied = ''

  private constructor(private readonly options: SignalWatchOptions) {
    this.pids = [...options.pids]
  }

  /** Starts watching; never throws: when tracefs cannot be used, status() says why and how to fix it. */
  static async start(options: SignalWatchOptions): Promise<SignalWatch> {
    const watch = new SignalWatch(options)
    const probe = options.probe ?? probeTracefs()
    if (!probe.ok) {
      watch.unavailable = {reason: probe.reason, fix: probe.fix}
      return watch
    }
    try {
      const pids = watch.watchedPids()
      watch.instance = await TracefsInstance.create(probe.root, options.owner, pids, {oom: probe.hasOomEvent})
      watch.applied = pids.join(',')
      watch.fd = openSync(watch.instance.pipePath, 'r')
    } catch (error) {
      watch.instance?.remove()
      watch.instance = undefined
      watch.unavailable = {reason: `cannot set up a tracefs instance: ${(error as Error).message}`, fix: 'run as root with tracefs mounted read-write'}
      return watch
    }
    watch.reading = new Promise((resolve) => watch.readLoop(resolve))
    return watch
  }

  get isWatching(): boolean {
    return this.instance !== undefined
  }

  /** From now on each record also goes to `file` (the ones already seen are written first). */
  attachFile(file: SignalsFile): void {
    for (const record of this.records) this.appendToFile(file, record)
    this.file = file
  }

  get instanceDir(): string | undefined {
    return this.instance?.dir
  }

  /** The workload's thread ids changed: watch the new set (a signal can be aimed at one thread). */
  refreshThreads(): void {
    if (this.instance === undefined || this.stopMarker !== undefined) return
    const after = this.watchedPids()
    if (after.join(',') === this.applied) return
    try {
      this.instance.setPids(after)
      this.applied = after.join(',')
    } catch (error) {
      this.options.warn(`cannot update the signal filter: ${(error as Error).message}`)
    }
  }

  /** Reads what is left, closes trace_pipe and starts removing the instance (see removed()). */
  async stop(): Promise<void> {
    if (this.instance === undefined) return
    if (this.fd !== undefined && this.failure === undefined) {
      this.stopMarker = `trace-doctor-stop-${process.pid}-${randomHex(6)}`
      try {
        this.instance.mark(this.stopMarker)
      } catch (error) {
        this.failure = `cannot write trace_marker: ${(error as Error).message}`
      }
      let timer: NodeJS.Timeout | undefined
      const timedOut = await Promise.race([
        this.reading.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS))),
      ])
      clearTimeout(timer)
      if (timedOut) this.failure ??= `no stop marker back from trace_pipe within ${STOP_TIMEOUT_MS} ms`
    }
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
    const {dir} = this.instance
    // Every event is read; the instance's removal overlaps finalization (removed() waits for it).
    this.removal = this.instance.removeInBackground().then(
      () => undefined,
      (error: unknown) => this.options.warn(`tracefs instance ${dir} could not be removed (${(error as Error).message}); \`trace-doctor recover\` removes it once this tracer has exited`),
    )
    this.instance = undefined
  }

  /** Resolves once stop()'s removal of the instance is done (at once if there was none). */
  removed(): Promise<void> {
    return this.removal
  }

  /** For summary.json's `signal_trace`. */
  status(): SignalTrace {
    const count = this.records.length
    if (this.unavailable !== undefined) return {status: 'unavailable', count, ...this.unavailable}
    if (this.failure !== undefined) return {status: 'partial', count, reason: this.failure, fix: 'see the warning printed by trace; `trace-doctor recover` drains what a dead reader left'}
    return {status: 'traced', count}
  }

  private watchedPids(): number[] {
    const [tgid, ...others] = this.pids
    const threads = tgid === undefined ? [] : listThreads(tgid)
    return [...new Set([...(tgid === undefined ? [] : [tgid]), ...others, ...threads])]
  }

  private readLoop(done: () => void): void {
    read(this.fd!, this.buf, 0, this.buf.length, null, (error, bytes) => {
      if (error !== null || bytes === 0) {
        if (this.stopMarker === undefined) {
          this.failure = error === null ? 'trace_pipe ended' : `reading trace_pipe failed: ${error.message}`
          this.options.warn(`signal senders: ${this.failure}; signals from now on are not recorded`)
        }
        return done()
      }
      if (this.consume(this.buf.toString('latin1', 0, bytes))) return done()
      this.readLoop(done)
    })
  }

  /** Handles whole lines; true once the stop marker was read. */
  private consume(text: string): boolean {
    const lines = (this.rest + text).split('\n')
    this.rest = lines.pop() ?? ''
    for (const line of lines) {
      if (this.stopMarker !== undefined && line.includes(`tracing_mark_write: ${this.stopMarker}`)) return true
      const event = parseTraceLine(line)
      if (event === undefined) continue
      // A kernel-raised signal's header names whichever task was interrupted: nothing to look up.
      const kernelRaised = event.event === 'signal_generate' && originOf(event.code) === 'kernel'
      const record = kernelRaised ? recordOf(event, this.wallMinusMonoUs) : this.sentByProcess(event)
      this.records.push(record)
      if (this.file !== undefined) this.appendToFile(this.file, record)
    }
    return false
  }

  /** A signal a process sent: one read of the sender's stat gives its name when the kernel wrote `<...>`, then its details. */
  private sentByProcess(event: TraceEvent): SignalRecord {
    const stat = tryReadPidStat(event.pid)
    const comm = senderComm(event.comm, stat, this.ticksPerSecond, event.timestampSecs)
    return recordOf({...event, comm}, this.wallMinusMonoUs, senderDetails(event.pid, comm, stat))
  }

  private appendToFile(file: SignalsFile, record: SignalRecord): void {
    try {
      file.append(record)
    } catch (error) {
      this.options.warn(`cannot append to ${file.path}: ${(error as Error).message}; signals are kept in memory`)
      this.file = undefined
    }
  }
}

function tryReadPidStat(pid: number): PidStat | undefined {
  try {
    return readPidStat('/proc', pid)
  } catch {
    return undefined // gone (or unreadable): the header's name stays
  }
}

/** What /proc still says of the sender, if the pid still is the process that sent (same comm). */
function senderDetails(pid: number, comm: string, stat: PidStat | undefined): SenderDetails {
  if (stat === undefined || stat.comm !== comm) return {ppid: null, cmdline: null}
  try {
    const cmdline = readPidCmdline('/proc', pid)
    // A zombie (the sender already exited, its parent has not reaped it) shows an empty cmdline.
    return {ppid: stat.ppid, cmdline: cmdline.length === 0 ? null : cmdline}
  } catch {
    return {ppid: null, cmdline: null}
  }
}

function listThreads(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number).filter((n) => Number.isInteger(n))
  } catch {
    return []
  }
}
