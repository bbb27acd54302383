/**
 * Samples one TraceTarget from /proc: the only stateful reader. The target's files are opened
 * once and re-read from offset 0 (see read-proc-file.ts); the fds stay bound to the process they
 * were opened for, so after it exits every read fails with ESRCH even if its pid is reused.
 *
 * A process that disappears between two reads of one round yields `undefined`: the partial
 * snapshot is dropped, never written (a half-read row would mix two moments or two processes).
 */
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {ProcAccessError, ProcessGoneError} from '../procfs/errors.js'
import {OpenFdDir} from '../procfs/fd-count.js'
import {parsePidLimits} from '../procfs/pid-limits.js'
import {OOM_SCORE_UNREADABLE, parseOomScore} from '../procfs/pid-oom-score.js'
import {isExitedState, parsePidStat, parseStateLetter, type PidStat} from '../procfs/pid-stat.js'
import {parsePidStatus} from '../procfs/pid-status.js'
import {parseWchan} from '../procfs/pid-wchan.js'
import {OpenProcFile} from '../procfs/read-proc-file.js'
import type {SystemInfo} from '../procfs/system-info.js'
import type {Snapshot} from '../model/snapshot.js'
import {buildSnapshot, type CpuMark, type ProcReads} from './build-snapshot.js'
import {formatIsoMicros} from '../model/timestamp.js'
import {nextCaptureMicros, nowMicros} from './capture-clock.js'
import type {TraceTarget} from './trace-target.js'

/** Opens a file that may be refused (wchan needs ptrace access): undefined when denied. */
function openOptional(path: string, pid: number): OpenProcFile | undefined {
  try {
    return new OpenProcFile(path, pid)
  } catch (error) {
    if (error instanceof ProcAccessError) return undefined
    throw error
  }
}

export class ProcSampler {
  private readonly stat: OpenProcFile
  private readonly status: OpenProcFile
  private readonly limits: OpenProcFile
  private readonly oomScore: OpenProcFile | undefined
  private readonly wchan: OpenProcFile | undefined
  private readonly fdDir: OpenFdDir
  private previousCpu: CpuMark | undefined
  private previousCaptureUs: number | undefined
  /** Set once the target is known to be gone (or a zombie); no further sample will succeed. */
  isGone = false
  /** The last sample saw an exited state (zombie, not yet reaped). */
  isZombie = false
  /** The stat of the last successful sample: what program ran then (launch-tracker.ts). */
  lastStat: PidStat | undefined

  /** Throws ProcessGoneError when the target already exited. */
  constructor(
    readonly target: TraceTarget,
    private readonly system: SystemInfo,
    root = '/proc',
  ) {
    const dir = join(root, String(target.pid))
    const opened: OpenProcFile[] = []
    const open = (name: string): OpenProcFile => {
      const file = new OpenProcFile(join(dir, name), target.pid)
      opened.push(file)
      return file
    }
    try {
      this.stat = open('stat')
      this.status = open('status')
      this.limits = open('limits')
    } catch (error) {
      for (const file of opened) file.close()
      throw error
    }
    this.oomScore = openOptional(join(dir, 'oom_score'), target.pid)
    this.wchan = openOptional(join(dir, 'wchan'), target.pid)
    try {
      this.fdDir = new OpenFdDir(join(dir, 'fd'), target.pid)
    } catch (error) {
      for (const file of [...opened, this.oomScore, this.wchan]) file?.close()
      throw error
    }
  }

  /** One snapshot, or undefined when the target vanished during the round. */
  sample(): Snapshot | undefined {
    if (this.isGone) return undefined
    try {
      const reads = this.read()
      const current: CpuMark = {cpuTicks: reads.stat.utimeTicks + reads.stat.stimeTicks, monoMs: performance.now()}
      const captureUs = nextCaptureMicros(this.previousCaptureUs, nowMicros())
      const snapshot = buildSnapshot(reads, formatIsoMicros(captureUs), {previous: this.previousCpu, current}, this.system)
      this.previousCpu = current
      this.previousCaptureUs = captureUs
      this.isZombie = isExitedState(reads.stat.stateLetter)
      this.lastStat = reads.stat
      return snapshot
    } catch (error) {
      if (!(error instanceof ProcessGoneError)) throw error
      this.isGone = true
      return undefined
    }
  }

  /** Cheap liveness probe (one pread of stat, no parse of the numbers). */
  probe(): 'alive' | 'zombie' | 'gone' {
    if (this.isGone) return 'gone'
    try {
      const text = this.stat.readText()
      return isExitedState(parseStateLetter(text)) ? 'zombie' : 'alive'
    } catch (error) {
      if (!(error instanceof ProcessGoneError)) throw error
      this.isGone = true
      return 'gone'
    }
  }

  private read(): ProcReads {
    const pid = this.target.pid
    const stat = parsePidStat(this.stat.readText(), this.stat.path)
    // Belt and braces: the fds cannot follow a reused pid, but a different start time means another process.
    if (stat.starttimeTicks !== this.target.starttimeTicks) throw new ProcessGoneError(pid, this.stat.path)
    return {
      stat,
      status: parsePidStatus(this.status.readText(), this.status.path),
      limits: parsePidLimits(this.limits.readText(), this.limits.path),
      oomScore: this.readOptional(this.oomScore, parseOomScore, OOM_SCORE_UNREADABLE),
      wchan: this.readOptional(this.wchan, parseWchan, ''),
      fdCount: this.fdDir.count(),
    }
  }

  private readOptional<T>(file: OpenProcFile | undefined, parse: (text: string) => T, unreadable: T): T {
    if (file === undefined) return unreadable
    try {
      return parse(file.readText())
    } catch (error) {
      if (error instanceof ProcAccessError) return unreadable
      throw error
    }
  }

  close(): void {
    for (const file of [this.stat, this.status, this.limits, this.oomScore, this.wchan, this.fdDir]) file?.close()
  }
}
