/**
 * Prepares a claimed crashed trace as a session (docs/formats.md §7): `crashed_{pid}_{mtime}`, success
 * false, subtype "crashed", exit_code -1, termination_reason "CRASHED", start_ts = the trace
 * file's mtime (ISO, UTC, microseconds), end_ts = the last snapshot's captured_at, and
 * `recovery: {skipped_lines, torn_tail, source}` in the summary. Like the existing tracer:
 * `session_id` is the sidecar's when it has one, else the dir name (users select crashed
 * sessions by that prefix), and a trace with no readable row gets no proc_trace.jsonl. The file is read through a
 * descriptor opened without following links and checked to be the file the gates judged.
 *
 * Unless the sidecar carries `tracer_end` (model/enrollment.ts): the tracer saw the workload end
 * and only the log dir failed it, so the session is finalized with the real end, exit code and
 * dir name, as the tracer would have.
 *
 * The session is left in its temp dir, unsynced: run-recovery.ts makes a batch of them durable
 * at once, then places them (store/finalize-session.ts placeSessions).
 */
import {closeSync, fstatSync} from 'node:fs'
import {launchOf} from '../model/enrollment.js'
import {formatIsoMicros} from '../model/timestamp.js'
import {prepareSession, type PreparedSession, type SessionSignals} from '../store/finalize-session.js'
import {crashedDirName, dirNameFor} from '../store/layout.js'
import type {TraceFacts} from './facts.js'
import {openOwnedRegular} from './safe-open.js'
import {recoverDeath} from './recover-death.js'
import type {KernelLog} from '../death/kernel-record.js'
import {receivedSignalsOf} from '../death/received-signals.js'

export interface FinalizeCrashedInput {
  facts: TraceFacts
  tracePath: string
  originalName: string
  logDir: string
  /** signal-sender: what the dead tracer recorded of the workload's signals. */
  signals?: SessionSignals | undefined
  /** The kernel log, read once per recover run (cause of death). */
  kernelLog?: KernelLog | undefined
}

/** Undefined when the file at tracePath is no longer the one judged (swapped meanwhile). */
export async function prepareCrashed(input: FinalizeCrashedInput): Promise<PreparedSession | undefined> {
  const {facts} = input
  const fd = openOwnedRegular(input.tracePath, facts.uid)
  if (fd === undefined) return undefined
  try {
    const s = fstatSync(fd, {bigint: true})
    if (Number(s.ino) !== facts.trace.ino || Number(s.dev) !== facts.trace.dev) return undefined
    const enrollment = facts.enrollment.ok ? facts.enrollment.enrollment : undefined
    // With launch information the workload is the settled program; rows before it are its launch.
    const launch = enrollment === undefined ? undefined : launchOf(enrollment)
    const expectedComm = launch?.settledComm || enrollment?.comm
    const pid = facts.pid!
    // A tracer that outlived its workload but could not finalize recorded the real end: use it.
    const end = enrollment?.tracer_end
    const startTs = end?.start_ts ?? formatIsoMicros(Number(s.mtimeNs / 1000n))
    const dirName = end === undefined ? crashedDirName(pid, startTs) : dirNameFor(enrollment?.session_id ?? '', startTs)
    return await prepareSession({
      logDir: input.logDir,
      tracePath: `/proc/self/fd/${fd}`,
      pid,
      sessionId: end === undefined ? enrollment?.session_id || dirName : (enrollment?.session_id ?? ''),
      dirName,
      startTs,
      endTs: end?.end_ts ?? null,
      cwd: end?.cwd ?? '',
      skillCommand: end?.skill_command ?? '',
      kitchenId: enrollment?.kitchen_id ?? '',
      orderId: enrollment?.order_id ?? '',
      success: end?.success ?? false,
      subtype: end?.subtype ?? 'crashed',
      exitCode: end === undefined ? -1 : end.exit_code,
      terminationReason: end?.termination_reason ?? 'CRASHED',
      killReason: end?.kill_reason ?? null,
      snapshotIntervalSeconds: end?.snapshot_interval_seconds ?? null,
      ...(expectedComm ? {expectedComm} : {}),
      ...(launch === undefined ? {} : {launchRows: launch.launchRows}),
      extraSummary: (stats, lastRow) => ({
        recovery: {skipped_lines: stats?.skippedCount ?? 0, torn_tail: stats?.tornTail ?? false, source: input.originalName},
        ...(launch === undefined ? {} : {launch: {rows: launch.launchRows, settled_comm: launch.settledComm}}),
        ...recoverDeath({pid, enrollment, process: facts.process, lastRow, kernelLog: input.kernelLog, ...(input.signals === undefined ? {} : {signals: receivedSignalsOf(input.signals.records, pid)})}),
      }),
      omitEmptyTrace: true,
      ...(input.signals === undefined ? {} : {signals: input.signals}),
    }, {fsync: false})
  } finally {
    closeSync(fd)
  }
}
