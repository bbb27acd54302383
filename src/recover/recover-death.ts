/**
 * The cause of death of a session `recover` finalizes, where the tracer itself died: what became
 * of the tracer (its pid, start time and comm are in the sidecar: OOM-killed, crashed, or killed
 * by a signal it cannot catch) and of the workload (the kernel log over its life, the cgroup
 * counters since enrollment, and its exit status when it is still an unreaped zombie).
 */
import {readFileSync} from 'node:fs'
import {assessDeath, isoToUsec, kernelEvidence, readBootClock} from '../death/assess-death.js'
import type {ExitStatus, ReceivedSignal} from '../death/death-evidence.js'
import {decideTracerFate} from '../death/decide-cause-of-death.js'
import type {KernelLog} from '../death/kernel-record.js'
import {deathSummaryFields, lastCommOf, lastRowOf} from '../death/last-row.js'
import {startUsecOf} from '../death/match-events.js'
import {readKernelLog} from '../death/read-kernel-log.js'
import {decodeWaitStatus, exitCodeFieldOf} from '../death/wait-status.js'
import type {Enrollment} from '../model/enrollment.js'
import {readSystemInfo} from '../procfs/system-info.js'
import type {ProcessFacts} from './facts.js'
import {isRunning, readProcess} from '../procfs/pid-liveness.js'

export interface RecoverDeathInput {
  pid: number
  enrollment: Enrollment | undefined
  /** The process that has the pid now (gathered by the gates). */
  process: ProcessFacts
  lastRow: Record<string, unknown> | undefined
  /** Read once per recover run; read here when absent. */
  kernelLog?: KernelLog | undefined
  /** What the dead tracer's tracefs instance saw arrive (signal-sender), with each sender. */
  signals?: readonly ReceivedSignal[]
}

export function recoverDeath(input: RecoverDeathInput): Record<string, unknown> {
  const clock = readBootClock()
  const {ticksPerSecond} = readSystemInfo()
  const log = input.kernelLog ?? readKernelLog()
  const e = input.enrollment
  const ticks = e?.starttime_ticks ?? null
  const p = input.process
  const samePid = p.exists && ticks !== null && p.startTicks === ticks
  // A newer process has the pid: nothing logged after its start can be about ours.
  const endUsec = p.exists && !samePid && p.startTicks !== undefined ? startUsecOf(p.startTicks, ticksPerSecond, 0) : clock.nowUsec
  const lastRow = lastRowOf(input.lastRow)
  const lastComm = lastCommOf(input.lastRow)
  const comms = [e?.comm ?? '', lastComm ?? ''].filter((c, i, all) => c !== '' && all.indexOf(c) === i)
  const exit = samePid && p.state === 'Z' ? zombieExit(input.pid) : undefined
  const cgroup = e?.memory_cgroup
  const assessed = assessDeath(
    {
      pid: input.pid,
      comms,
      starttimeTicks: ticks,
      ticksPerSecond,
      endUsec,
      ...(lastRow?.at ? {aliveUntilUsec: isoToUsec(clock, lastRow.at) ?? endUsec} : {}),
      ...(exit === undefined ? {} : {exit}),
      ...(cgroup === undefined ? {} : {cgroup: {version: cgroup.version, path: cgroup.path, dir: cgroup.dir, start: cgroup.start}}),
      ...(lastRow === undefined ? {} : {lastRow}),
      ...(input.signals === undefined ? {} : {signals: input.signals, ...(e?.tracer_pid == null ? {} : {supervisorPids: [e.tracer_pid]})}),
      noExitBecause: 'the tracer died, so no one recorded the exit status (it went to the workload\'s parent)',
    },
    clock,
    log,
  )
  const tracerPid = e?.tracer_pid ?? null
  const tracerNow = tracerPid === null ? undefined : readProcess(tracerPid)
  const tracerStart = e?.tracer_starttime_ticks
  const tracer = decideTracerFate({
    pid: tracerPid,
    alive: tracerNow !== undefined && isRunning(tracerNow) && tracerNow.startTicks === tracerStart,
    kernel:
      tracerPid === null
        ? kernelEvidence(log, {pid: -1, comms: [], startUsec: 0, endUsec: 0}, clock, clock.nowUsec)
        : kernelEvidence(
            log,
            {pid: tracerPid, comms: e?.tracer_comm ? [e.tracer_comm] : [], startUsec: tracerStart === undefined ? 0 : startUsecOf(tracerStart, ticksPerSecond) - clock.suspendedUsec, endUsec: clock.nowUsec},
            clock,
            clock.nowUsec,
          ),
  })
  return deathSummaryFields({...assessed, cause: {...assessed.cause, tracer}})
}

function zombieExit(pid: number): ExitStatus | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1')
  } catch {
    return undefined
  }
  const status = exitCodeFieldOf(text)
  if (status === undefined) return undefined
  const w = decodeWaitStatus(status)
  return {code: w.code, signal: w.signal, coreDumped: w.coreDumped, via: 'zombie_stat', at: null}
}
