/**
 * The live, crash-resilient side of a trace (docs/formats.md §2–2.3), in the tmpfs dir:
 *
 *   trace-doctor_enrollment_{pid}.json   sidecar, schema 2, written atomically before any snapshot
 *   trace-doctor_trace_{pid}.jsonl       one snapshot per line, each line ONE write(2) on O_APPEND
 *
 * `pid` is the workload's (the TraceTarget's). A line is written whole or, if we die inside the
 * write, torn at the end of the file — never interleaved. The trace file carries an exclusive
 * flock for as long as this process lives (hold-flock.ts). A clean stop removes both files;
 * files that remain mean the tracer died, and `recover` finalizes them.
 */
import {closeSync, constants, openSync, writeSync} from 'node:fs'
import {readFile, rm} from 'node:fs/promises'
import {writeFileAtomic, writeFileAtomicSync} from '../io/atomic-write.js'
import {pyDumps} from '../io/py-json.js'
import {ENROLLMENT_SCHEMA_VERSION, EnrollmentV2Schema, orderEnrollment, TracerEndSchema, type EnrollmentDeathFields, type TracerEnd} from '../model/enrollment.js'
import {serializeSnapshot} from '../store/session-files.js'
import {errnoCode} from '../errors.js'
import {enrollmentPathFor, tracePathFor} from '../store/tmpfs-layout.js'
import {holdExclusiveFlock, type FlockResult} from './hold-flock.js'
import type {TraceTarget} from './trace-target.js'


export interface EnrollmentLabels {
  sessionId: string
  kitchenId?: string
  orderId?: string
  bootId: string | null
  enrolledAt: string
  /** Cause-of-death fields (tracer pid/start/comm, memory cgroup), after the original fields. */
  death?: EnrollmentDeathFields
}

/**
 * Launch information for the sidecar (issue 9, docs/formats.md): the first snapshot's comm goes
 * in the original `comm`, the current program's comm in `settled_comm`, and `launch_rows` counts the
 * rows taken under earlier programs.
 */
export interface EnrollmentLaunch {
  firstComm: string
  settledComm: string
  launchRows: number
}

/** The schema-2 sidecar text for a target (docs/formats.md §3), in the original's key order. */
export function renderEnrollment(target: TraceTarget, labels: EnrollmentLabels, launch?: EnrollmentLaunch): string {
  const enrollment = EnrollmentV2Schema.parse({
    schema_version: ENROLLMENT_SCHEMA_VERSION,
    pid: target.pid,
    boot_id: labels.bootId,
    starttime_ticks: target.starttimeTicks,
    session_id: labels.sessionId,
    enrolled_at: labels.enrolledAt,
    kitchen_id: labels.kitchenId ?? '',
    order_id: labels.orderId ?? '',
    comm: launch?.firstComm ?? target.comm,
    ...(launch === undefined ? {} : {settled_comm: launch.settledComm, launch_rows: launch.launchRows}),
    ...labels.death,
  })
  return pyDumps(orderEnrollment(enrollment))
}

export class TmpfsTrace {
  private constructor(
    readonly tracePath: string,
    readonly enrollmentPath: string,
    private fd: number | undefined,
    readonly lock: FlockResult,
    private readonly target: TraceTarget,
    private readonly labels: EnrollmentLabels,
  ) {}

  /**
   * Creates the trace file (O_EXCL: a file left by a crashed tracer for a recycled pid is never
   * appended to — it is `recover`'s), locks it, then writes the sidecar. Throws on any failure;
   * the caller falls back to tracing in memory.
   */
  static async create(dir: string, target: TraceTarget, labels: EnrollmentLabels, launch?: EnrollmentLaunch): Promise<TmpfsTrace> {
    const tracePath = tracePathFor(dir, target.pid)
    const fd = openSync(tracePath, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL, 0o600)
    const lock = holdExclusiveFlock(fd)
    const trace = new TmpfsTrace(tracePath, enrollmentPathFor(dir, target.pid), fd, lock, target, labels)
    try {
      await writeFileAtomic(trace.enrollmentPath, renderEnrollment(target, labels, launch), {mode: 0o600})
    } catch (error) {
      await trace.remove()
      throw error
    }
    return trace
  }

  /**
   * Rewrites the sidecar (atomically, synchronously) with new launch information: called after
   * an exec, before the first row of the new program is appended, so that whenever the tracer
   * dies every row from `launch_rows` on shows `settled_comm`.
   */
  rewriteEnrollment(launch: EnrollmentLaunch): void {
    writeFileAtomicSync(this.enrollmentPath, renderEnrollment(this.target, this.labels, launch), {mode: 0o600})
  }

  get isOpen(): boolean {
    return this.fd !== undefined
  }

  /**
   * Appends one snapshot line with a single write(2). Throws when the line did not go out whole
   * (ENOSPC, a short write); the file is then closed, since a torn line may now sit at its end.
   */
  append(snapshot: Record<string, unknown>): void {
    if (this.fd === undefined) throw new Error(`${this.tracePath} is closed`)
    // The line is pure ASCII (py-json escapes everything else), so its length is its byte count;
    // writing the string spares a Buffer per snapshot.
    const line = serializeSnapshot(snapshot)
    let written: number
    try {
      written = writeSync(this.fd, line)
    } catch (error) {
      this.close()
      throw error
    }
    if (written !== line.length) {
      this.close()
      throw new Error(`short write to ${this.tracePath}: ${written} of ${line.length} bytes`)
    }
  }

  /**
   * Records the workload's real end in the sidecar (`tracer_end`, model/enrollment.ts) and closes
   * the trace, leaving both files for `recover`: used when the session cannot be finalized now.
   */
  async keepWithEnd(end: TracerEnd): Promise<void> {
    const sidecar = JSON.parse(await readFile(this.enrollmentPath, 'utf8')) as Record<string, unknown>
    await writeFileAtomic(this.enrollmentPath, pyDumps({...sidecar, tracer_end: TracerEndSchema.parse(end)}), {mode: 0o600})
    this.close()
  }

  /** Closes the fd (dropping the flock). */
  close(): void {
    if (this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
  }

  /** A clean stop: trace first, so a crash in between leaves at worst an orphan sidecar, which recover ignores. */
  async remove(): Promise<void> {
    this.close()
    await rm(this.tracePath, {force: true})
    await rm(this.enrollmentPath, {force: true})
  }
}

/** One line for the user about why tmpfs cannot be used. */
export function describeTmpfsFailure(dir: string, pid: number, error: unknown): string {
  if (errnoCode(error) === 'EEXIST') {
    return `${tracePathFor(dir, pid)} already exists (left by a tracer that died, or another tracer of this pid); it is left for \`trace-doctor recover\``
  }
  return `cannot use ${dir}: ${error instanceof Error ? error.message : String(error)}`
}
