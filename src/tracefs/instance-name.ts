/**
 * The name of trace-doctor's private tracefs instance: `trace-doctor-{tracerPid}-{tracerStartTicks}`.
 * Pid and start time (field 22 of /proc/PID/stat) name one process for the life of a boot, so
 * `recover` can tell an instance of a dead tracer (remove it) from one of a live tracer (never
 * touch it), and a recycled pid never passes for the tracer. Pure.
 */
export const INSTANCE_PREFIX = 'trace-doctor-'

export interface InstanceOwner {
  tracerPid: number
  tracerStartTicks: number
}

export function instanceName(owner: InstanceOwner): string {
  return `${INSTANCE_PREFIX}${owner.tracerPid}-${owner.tracerStartTicks}`
}

/** The owner named by an instance dir name, or undefined when it is not one of ours. */
export function parseInstanceName(name: string): InstanceOwner | undefined {
  const m = /^trace-doctor-(\d+)-(\d+)$/.exec(name)
  if (m === null) return undefined
  return {tracerPid: Number(m[1]), tracerStartTicks: Number(m[2])}
}
