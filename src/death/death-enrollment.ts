/**
 * What the cause of death needs from the start of a trace, recorded in the enrollment sidecar so
 * that `recover` has it after the tracer died: the tracer's own pid, start time and comm (was the
 * tracer itself what the kernel killed?) and the workload's memory cgroup with its counters.
 */
import {readFileSync} from 'node:fs'
import type {MemoryCgroup} from '../model/cause-of-death.js'
import type {EnrollmentDeathFields} from '../model/enrollment.js'
import {formatIsoMicros} from '../model/timestamp.js'
import {parsePidStat} from '../procfs/pid-stat.js'
import {findMemoryCgroup, readCgroupCounters} from './memory-cgroup.js'

export function readDeathEnrollment(workloadPid: number, procRoot = '/proc'): EnrollmentDeathFields {
  const fields: EnrollmentDeathFields = {}
  try {
    const stat = parsePidStat(readFileSync(`${procRoot}/self/stat`, 'latin1'))
    fields.tracer_pid = stat.pid
    fields.tracer_starttime_ticks = stat.starttimeTicks
    fields.tracer_comm = stat.comm
  } catch {
    // no /proc/self: the tracer's fate cannot be told later; nothing else depends on it
  }
  const cgroup = readMemoryCgroup(workloadPid, procRoot)
  if (cgroup !== undefined) fields.memory_cgroup = cgroup
  return fields
}

export function readMemoryCgroup(pid: number, procRoot = '/proc'): MemoryCgroup | undefined {
  // An exited (zombie) task is listed in the root cgroup: that would be someone else's counters.
  if (!isRunning(pid, procRoot)) return undefined
  const location = findMemoryCgroup(pid, procRoot)
  if (location === undefined) return undefined
  return {...location, start: readCgroupCounters(location, formatIsoMicros(Date.now() * 1000)) ?? null}
}

function isRunning(pid: number, procRoot: string): boolean {
  try {
    const state = parsePidStat(readFileSync(`${procRoot}/${pid}/stat`, 'latin1')).stateLetter
    return state !== 'Z' && state !== 'X' && state !== 'x'
  } catch {
    return false
  }
}
