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
import type {PidStat} from '../procfs/pid-stat.js'
import {exeName, tryReadProcessImage, type ProcessImage} from '../procfs/process-image.js'
import {imageMarkOf, LaunchTracker, type LaunchImage} from './launch-tracker.js'
import {matchAny, type MatchKind} from './name-match.js'
import type {EnrollmentLaunch, TmpfsTrace} from './tmpfs-trace.js'

/** The `phase` of a row that is not the workload's own state (docs/formats.md). */
export type RowPhase = 'launch' | 'exit'

export interface LaunchSummary {
  /** Rows taken before the workload's program started (seq of its first row). */
  rows: number
  settled_comm: string | null
  images: LaunchImage[]
  /** What the workload's program matched of the names asked for (null: none asked, or no match). */
  matched: {name: string; by: MatchKind} | null
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
  private image: ProcessImage | undefined
  private sidecarFailed = false

  constructor(private readonly options: LaunchWatchOptions) {}

  /** Called with every snapshot, in order, before it is stored; returns the row to store. */
  observe(snapshot: Snapshot, stat: PidStat | undefined): Snapshot {
    const seq = this.seq++
    if (stat !== undefined) {
      const isNew = this.tracker.observe(seq, imageMarkOf(stat))
      if (isNew || seq === 0) this.image = tryReadProcessImage(this.options.root ?? '/proc', this.options.pid) ?? this.image
      if (isNew) this.rewriteSidecar()
    }
    if (this.options.spawned && (stat?.stateLetter === 'Z' || stat?.stateLetter === 'X')) return {...snapshot, phase: 'exit' satisfies RowPhase}
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
    const image = this.image
    const matched = image === undefined ? undefined : matchAny({comm: this.tracker.settledComm ?? image.comm, cmdline: image.cmdline, exeName: exeName(image.exe)}, this.options.names)
    return {rows: this.tracker.launchRows, settled_comm: this.tracker.settledComm ?? null, images: [...this.tracker.images], matched: matched ?? null}
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
