/**
 * The number of open fds of one process (`fd_count`, docs/formats.md §4), for the sampler's hot path.
 *
 * Since Linux 6.2 a stat() of /proc/PID/fd reports the number of open fds as its size ("proc:
 * report open files as size in stat() for /proc/pid/fd"): one fstat(2) on a directory fd kept
 * open, where listing the directory costs five syscalls (open, fstat, two getdents, close) and an
 * array of names every snapshot. Older kernels report 0 there; whether this one counts is learnt
 * once from our own /proc/self/fd (never empty: we hold fds), and if not the directory is listed.
 * So is any directory that is not on procfs (a fake /proc tree in tests: its size is the
 * filesystem's).
 * Like the other open /proc files, the fd stays bound to its process: once it exits, fstat fails
 * with ENOENT and a recycled pid cannot answer.
 */
import {closeSync, fstatSync, openSync, readdirSync, statfsSync, statSync} from 'node:fs'
import {errnoCode} from '../errors.js'
import {procError} from './errors.js'

let sizeIsCount: boolean | undefined

/** statfs(2) f_type of procfs (linux/magic.h). */
const PROC_SUPER_MAGIC = 0x9fa0

/** Whether this kernel reports the fd count as the size of /proc/PID/fd (Linux ≥ 6.2). */
export function procFdSizeIsCount(): boolean {
  if (sizeIsCount === undefined) {
    try {
      sizeIsCount = statSync('/proc/self/fd').size > 0
    } catch {
      sizeIsCount = false
    }
  }
  return sizeIsCount
}

export class OpenFdDir {
  private fd: number | undefined
  /** True when the directory may not be listed (another user's process): `fd_count` is then 0. */
  readonly isDenied: boolean

  /** Throws ProcessGoneError when the process is gone. */
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    let denied = false
    try {
      // The fd is only worth keeping where its fstat counts; elsewhere the path is listed.
      if (procFdSizeIsCount() && statfsSync(path).type === PROC_SUPER_MAGIC) this.fd = openSync(path, 'r')
      else readdirSync(path)
    } catch (error) {
      const code = errnoCode(error)
      if (code !== 'EACCES' && code !== 'EPERM') throw procError(error, pid, path)
      denied = true
    }
    this.isDenied = denied
  }

  /** Open fds now; 0 when they may not be listed (the format has no "unreadable" value for fd_count). */
  count(): number {
    if (this.isDenied) return 0
    try {
      return this.fd === undefined ? readdirSync(this.path).length : fstatSync(this.fd).size
    } catch (error) {
      const code = errnoCode(error)
      if (code === 'EACCES' || code === 'EPERM') return 0
      throw procError(error, this.pid, this.path)
    }
  }

  close(): void {
    if (this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
  }
}
