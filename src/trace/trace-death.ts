/**
 * The cause of death at the end of a `trace` run: the exit status as the tracer saw it (exact for
 * a direct child; behind the PTY wrapper only `script -e`'s 128 + N), the signal trace-doctor
 * itself forwarded, the last snapshot, and the cgroup read at enrollment, weighed against the
 * kernel log by assessDeath.
 */
import {assessDeath, END_SLACK_USEC, isoToUsec, readBootClock} from '../death/assess-death.js'
import type {ExitStatus, ReceivedSignal, SupervisorAction} from '../death/death-evidence.js'
import {deathSummaryFields, lastCommOf, lastRowOf} from '../death/last-row.js'
import type {EnrollmentDeathFields} from '../model/enrollment.js'
import type {Snapshot} from '../model/snapshot.js'
import {formatIsoMicros} from '../model/timestamp.js'
import {nowMicros} from './capture-clock.js'
import type {ChildExit} from './launch.js'
import type {TraceTarget} from './trace-target.js'

export interface SupervisorSignal {
  signal: NodeJS.Signals
  atMicros: number
  /** Sent to the resolved workload (else to what was spawned, before resolution). */
  resolved: boolean
}

export interface TraceDeathInput {
  target: TraceTarget
  ticksPerSecond: number
  enrollment: EnrollmentDeathFields
  exit: ChildExit | undefined
  pty: boolean
  detached: NodeJS.Signals | undefined
  supervisorSignal: SupervisorSignal | undefined
  last: Snapshot | undefined
  /** What tracefs saw arrive (signal-sender), with each sender; absent without tracefs. */
  signals?: readonly ReceivedSignal[]
}

export function traceDeath(input: TraceDeathInput): Record<string, unknown> {
  const endAt = formatIsoMicros(nowMicros())
  const clock = readBootClock()
  const lastRow = lastRowOf(input.last)
  const lastComm = lastCommOf(input.last)
  const exit: ExitStatus | undefined =
    input.exit === undefined ? undefined : {code: input.exit.code, signal: input.exit.signal, coreDumped: null, via: input.pty ? 'pty_wrapper' : 'child', at: endAt}
  const s = input.supervisorSignal
  const supervisor: SupervisorAction | undefined =
    s === undefined ? undefined : {signal: s.signal, at: formatIsoMicros(s.atMicros), text: `trace-doctor (the supervisor, pid ${process.pid}) forwarded the ${s.signal} it received to ${s.resolved ? 'the workload' : 'the process it spawned'}`}
  const cgroup = input.enrollment.memory_cgroup
  const assessed = assessDeath(
    {
      pid: input.target.pid,
      comms: [input.target.comm, ...(lastComm !== undefined && lastComm !== input.target.comm ? [lastComm] : [])],
      starttimeTicks: input.target.starttimeTicks,
      ticksPerSecond: input.ticksPerSecond,
      endUsec: clock.nowUsec + END_SLACK_USEC,
      ...(lastRow?.at ? {aliveUntilUsec: isoToUsec(clock, lastRow.at) ?? clock.nowUsec} : {}),
      ...(exit === undefined ? {} : {exit}),
      ...(cgroup === undefined ? {} : {cgroup: {version: cgroup.version, path: cgroup.path, dir: cgroup.dir, start: cgroup.start}}),
      ...(lastRow === undefined ? {} : {lastRow}),
      ...(supervisor === undefined ? {} : {supervisor}),
      ...(input.signals === undefined ? {} : {signals: input.signals, supervisorPids: [process.pid]}),
      noExitBecause:
        input.detached !== undefined
          ? `the trace was detached (${input.detached}) while the process still ran`
          : 'it was attached with --pid, so its exit status went to its parent, not to trace-doctor',
    },
    clock,
  )
  return deathSummaryFields(assessed)
}
