/**
 * /proc/PID/limits (proc(5)), a fixed-width table, e.g.
 *
 *   Limit                     Soft Limit           Hard Limit           Units
 *   Max open files            1024                 1048576              files
 *
 * Only the soft "Max open files" is needed (`fd_soft_limit`); "unlimited" is -1, the value
 * psutil-derived rows use for RLIM_INFINITY.
 */
import {join} from 'node:path'
import {ProcParseError} from './errors.js'
import {readProcText} from './read-proc-file.js'

export interface PidLimits {
  /** Soft RLIMIT_NOFILE; -1 = unlimited. */
  maxOpenFilesSoft: number
}

const LABEL = 'Max open files'

export function parsePidLimits(text: string, path = 'limits'): PidLimits {
  const at = text.indexOf(LABEL)
  if (at < 0) throw new ProcParseError(path, `no "${LABEL}" line`)
  const end = text.indexOf('\n', at)
  const columns = text.slice(at + LABEL.length, end < 0 ? undefined : end).trim()
  const space = columns.indexOf(' ')
  const soft = space < 0 ? columns : columns.slice(0, space)
  if (soft === 'unlimited') return {maxOpenFilesSoft: -1}
  const value = Number(soft)
  if (soft === undefined || soft === '' || !Number.isInteger(value)) throw new ProcParseError(path, `"${LABEL}" soft limit is not a number`)
  return {maxOpenFilesSoft: value}
}

export function readPidLimits(root: string, pid: number): PidLimits {
  const path = join(root, String(pid), 'limits')
  return parsePidLimits(readProcText(path, pid), path)
}
