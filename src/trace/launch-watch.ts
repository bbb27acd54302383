/**
 * The tracer's side of launch information (issue 9): sees every snapshot before it is stored,
 * tracks the programs the process runs (launch-tracker.ts), rewrites the enrollment sidecar when
 * a new one starts, and marks the row of a spawned workload's own exit. What it records:
 *
 *   tmpfs sidecar   `settled_comm`, `launch_rows` (rewritten before the new program's first row)
 *   tmpfs row       `"phase": "exit"` on a spawned workload's zombie row (it has exited; its
 *                   parent, trace-doctor or the PTY wrapper, is about to reap it)
 *   summary.json    `launch: {rows, settled_comm, images, matched}` (launchSummary)
 *   proc_trace rows `"phase": "launch"` on rows before `rows` (finalize-session.ts)
 */
import type {Snapshot} from '../model/snapshot.js'
import {isExitedState, type PidStat} from '../procfs/pid-stat.js'
import {exeName, tryReadProcessImage, type ProcessImage} from '../procfs/process-image.js'
import {imageMarkOf, LaunchTracker, type LaunchImage} from './launch-tracker.js'
import {matchAny, type MatchKind} from './name-match.js'
import type {EnrollmentLaunch, TmpfsTrace} from './tmpfs-trace.js'

/** The `phase` of a row that is not the workload's own state (docs/formats.md). */
export type RowPhase = 'launch' | 'exit'

/** One program of the chain as the summary shows it. */
export interface LaunchImageRecord extends LaunchImage {
  /** basename of /proc/PID/exe when it could be read right after the row was taken. */
  exe_name: string | null
  /** What this program matched of the names asked for (CMD's launch names or --expect). */
  matched: {name: string; by: MatchKind} | null
}

export interface LaunchSummary {
  /** Rows taken before the workload's program started (seq of its first row). */
  rows: number
  settled_comm: string | null
  images: LaunchImageRecord[]
  /**
   * What the name matched: the workload's program's match, else the last earlier program's (a
   * shim `pyshim` matches by comm before it execs python3), with that program's seq; null when
   * no name was asked for (`--pid` alone) or nothing matched.
   */
  matched: {name: string; by: MatchKind; seq: number} | null
}

export interface LaunchWatchOptions {
  pid: number
  /** Names the workload may show (CMD's launch names or --expect); [] when attached by pid alone. */
  names: readonly string[]
  /** Spawn mode (with or without a PTY): the workload's zombie is its exit, not an anomaly. */
  spawned: boolean
  warn: (line: string) => void
  root?: string
}

export class LaunchWatch {
  private readonly tracker = new LaunchTracker()
  private tmpfs: TmpfsTrace | undefined
  private seq = 0
  private readonly records: LaunchImageRecord[] = []
  private sidecarFailed = false

  constructor(private readonly options: LaunchWatchOptions) {}

  /** Called with every snapshot, in order, before it is stored; returns the row to store. */
  observe(snapshot: Snapshot, stat: PidStat | undefined): Snapshot {
    const seq = this.seq++
    if (stat !== undefined) {
      const isNew = this.tracker.observe(seq, imageMarkOf(stat))
      if (isNew || seq === 0) this.record(seq, stat.comm)
      if (isNew) this.rewriteSidecar()
    }
    if (this.options.spawned && isExitedState(stat?.stateLetter)) return {...snapshot, phase: 'exit' satisfies RowPhase}
    return snapshot
  }

  /** From now on, new programs are written to this trace's sidecar. */
  attach(tmpfs: TmpfsTrace | undefined): void {
    this.tmpfs = tmpfs
  }

  get launchRows(): number {
    return this.tracker.launchRows
  }

  get settledComm(): string | undefined {
    return this.tracker.settledComm
  }

  /** The sidecar's launch fields now (undefined before the first row: the target's comm is used). */
  enrollmentLaunch(): EnrollmentLaunch | undefined {
    const {firstComm, settledComm, launchRows} = this.tracker
    if (firstComm === undefined || settledComm === undefined) return undefined
    return {firstComm, settledComm, launchRows}
  }

  summary(): LaunchSummary {
    const last = [...this.records].reverse().find((r) => r.matched !== null)
    return {
      rows: this.tracker.launchRows,
      settled_comm: this.tracker.settledComm ?? null,
      images: [...this.records],
      matched: last?.matched == null ? null : {...last.matched, seq: last.seq},
    }
  }

  /** The new program's exe and name match, read right after its first row (it may exec again meanwhile: then the comm disagrees and only the comm counts). */
  private record(seq: number, comm: string): void {
    const image: ProcessImage | undefined = tryReadProcessImage(this.options.root ?? '/proc', this.options.pid)
    const same = image !== undefined && image.comm === comm
    const names = {comm, cmdline: same ? image.cmdline : [], exeName: same ? exeName(image.exe) : undefined}
    const matched = matchAny(names, this.options.names)
    this.records.push({seq, comm, exe_name: names.exeName ?? null, matched: matched ?? null})
  }

  private rewriteSidecar(): void {
    const launch = this.enrollmentLaunch()
    if (this.tmpfs === undefined || launch === undefined || this.sidecarFailed) return
    try {
      this.tmpfs.rewriteEnrollment(launch)
    } catch (error) {
      this.sidecarFailed = true
      this.options.warn(`cannot update ${this.tmpfs.enrollmentPath} after an exec (${(error as Error).message}); a crash of trace-doctor now may leave a trace \`recover\` reads with the launch comm`)
    }
  }
}
