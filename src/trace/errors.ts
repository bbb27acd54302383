/** Failures of `trace` that are not /proc read errors (those live in src/procfs/errors.ts). */
import {EXIT, TraceDoctorError} from '../errors.js'

/**
 * Thrown when no process matching the workload's name could be found under the root process
 * within the deadline (docs/trace.md). Carries the root pid and the expected basename; the tracer
 * never falls back to the root (wrapper) pid.
 */
export class TargetNotFoundError extends TraceDoctorError {
  constructor(
    readonly rootPid: number,
    readonly expected: string,
    reason: string,
    message = `could not resolve the workload "${expected}" under pid ${rootPid}: ${reason}`,
    hint = 'pass --expect NAME with the name the workload runs as (see `ps -o comm`), or raise --resolve-timeout',
  ) {
    super(message, {code: 'E_RESOLVE', exitCode: EXIT.resolve, hint})
  }

  /** The pid itself is not there (attach to a pid that exited, or a CMD gone before it could be seen). */
  static noProcess(pid: number, reason = 'no such process'): TargetNotFoundError {
    return new TargetNotFoundError(pid, String(pid), reason, `cannot trace pid ${pid}: ${reason}`, 'check the pid with `ps -p PID`')
  }
}

/** Thrown when the command to trace cannot be started (not found, not executable, no `script`). */
export class SpawnError extends TraceDoctorError {
  constructor(message: string, cause?: unknown, hint?: string) {
    super(message, {code: 'E_SPAWN', exitCode: EXIT.usage, cause, ...(hint === undefined ? {} : {hint})})
  }
}
