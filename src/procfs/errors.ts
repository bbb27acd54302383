/**
 * What can go wrong reading /proc for one process (psutil's NoSuchProcess/AccessDenied split,
 * eminence procfs' ProcError). A process vanishing between two reads is a normal event for a
 * sampler: callers catch ProcessGoneError and drop the partial sample; the others propagate.
 */
import {errnoCode, TraceDoctorError} from '../errors.js'

/** Thrown when the process behind a /proc path no longer exists (ESRCH/ENOENT, or its pid was reused). */
export class ProcessGoneError extends TraceDoctorError {
  constructor(
    readonly pid: number,
    readonly path: string,
    cause?: unknown,
  ) {
    super(`process ${pid} is gone (${path})`, {code: 'E_PROCESS_GONE', cause})
  }
}

/** Thrown when /proc refuses a read (EACCES/EPERM): the process exists but is not ours to see. */
export class ProcAccessError extends TraceDoctorError {
  constructor(
    readonly pid: number,
    readonly path: string,
    cause?: unknown,
  ) {
    super(`permission denied reading ${path}`, {code: 'E_PROC_ACCESS', cause, hint: 'trace a process of your own user, or run as its owner'})
  }
}

/** Thrown when a /proc file does not have the shape the kernel documents (proc(5)). */
export class ProcParseError extends TraceDoctorError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`, {code: 'E_PROC_PARSE'})
  }
}

/** Maps a failed /proc syscall to the taxonomy; anything unexpected is rethrown as is. */
export function procError(error: unknown, pid: number, path: string): Error {
  switch (errnoCode(error)) {
    case 'ESRCH':
    case 'ENOENT':
      return new ProcessGoneError(pid, path, error)
    case 'EACCES':
    case 'EPERM':
      return new ProcAccessError(pid, path, error)
    default:
      return error instanceof Error ? error : new Error(String(error))
  }
}
