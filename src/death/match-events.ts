/**
 * Which kernel events are about *this* process. A record matches only by pid, comm and a time
 * inside the process's life, so a recycled pid never inherits another process's death:
 *
 * - pid: the kernel's number equals the workload's pid (for faults: the faulting thread's id, so
 *   a crash in a thread other than the main one is not matched here; its signal still is);
 * - comm: equals one the process was seen with (the kernel truncates to 15 bytes, so do we);
 * - time: from the process's start (starttime ticks, rounded down, so it is never late) to its
 *   end plus a little slack (the tracer notices an end after the kernel logged it).
 */
import type {KernelEvent} from './kernel-event.js'

/** TASK_COMM_LEN − 1. */
export const COMM_BYTES = 15

export interface ProcessLife {
  pid: number
  /** Comms the process was seen with; empty = any (nothing known). */
  comms: readonly string[]
  /** µs since boot (monotonic) when it started, at the latest. */
  startUsec: number
  /** µs since boot after which a record cannot be about it (its end plus slack, or now). */
  endUsec: number
}

/** The start in monotonic µs from /proc/PID/stat starttime, minus the given slack. */
export function startUsecOf(starttimeTicks: number, ticksPerSecond: number, slackUsec = 20_000): number {
  return Math.floor((starttimeTicks * 1_000_000) / ticksPerSecond) - slackUsec
}

export function truncateComm(comm: string): string {
  const bytes = Buffer.from(comm, 'utf8')
  return bytes.length <= COMM_BYTES ? comm : bytes.subarray(0, COMM_BYTES).toString('utf8')
}

export function matchEvents<E extends KernelEvent>(events: readonly E[], life: ProcessLife): E[] {
  const comms = new Set(life.comms.filter((c) => c !== '').map(truncateComm))
  return events.filter(
    (e) => e.pid === life.pid && (comms.size === 0 || comms.has(truncateComm(e.comm))) && e.usec >= life.startUsec && e.usec <= life.endUsec,
  )
}

/** OOM kills in the window of other processes: said in the evidence, never attributed. */
export function otherOomKills(events: readonly KernelEvent[], life: ProcessLife): KernelEvent[] {
  return events.filter((e) => e.kind === 'oom_kill' && e.pid !== life.pid && e.usec >= life.startUsec && e.usec <= life.endUsec)
}
