/**
 * What program a process runs right now (its "image"), read consistently. A process keeps its
 * pid and start time (stat field 22) across execve(2); its comm, exe and cmdline change. A
 * launch chain (`env node x`, a pyenv shim, `sh -c 'exec tool'`) execs several times within
 * milliseconds, so three reads of /proc can straddle an exec: a stat of the old program with the
 * cmdline of the new one named the wrapper as the workload (issue 9).
 *
 * Order: cmdline, then stat (comm), then cmdline again. If the cmdline changed in between, the
 * reads straddled an exec and are retried; after a few tries the newest reads are returned
 * (a process that execs that fast is still launching, and the tracer follows its later images).
 */
import {readlinkSync} from 'node:fs'
import {basename, join} from 'node:path'
import {errnoCode} from '../errors.js'
import {readPidCmdline} from './pid-cmdline.js'
import {readPidStat, type PidStat} from './pid-stat.js'
import {procError, ProcessGoneError} from './errors.js'

export interface ProcessImage {
  pid: number
  /** Field 22 of stat: with the pid, the process's identity, unchanged by exec. */
  starttimeTicks: number
  comm: string
  cmdline: string[]
  /** Target of /proc/PID/exe, or undefined when not readable (another user's process, a zombie). */
  exe: string | undefined
  stat: PidStat
}

const MAX_TRIES = 5

/** Throws ProcessGoneError when the process is gone; other /proc errors propagate. */
export function readProcessImage(root: string, pid: number): ProcessImage {
  let image: ProcessImage | undefined
  for (let i = 0; i < MAX_TRIES; i++) {
    const before = readPidCmdline(root, pid)
    const stat = readPidStat(root, pid)
    const exe = readExe(root, pid)
    const after = readPidCmdline(root, pid)
    image = {pid, starttimeTicks: stat.starttimeTicks, comm: stat.comm, cmdline: after, exe, stat}
    if (sameArgv(before, after)) return image
  }
  return image!
}

/** readProcessImage, or undefined when the process is gone. */
export function tryReadProcessImage(root: string, pid: number): ProcessImage | undefined {
  try {
    return readProcessImage(root, pid)
  } catch (error) {
    if (error instanceof ProcessGoneError) return undefined
    throw error
  }
}

export function readExe(root: string, pid: number): string | undefined {
  const path = join(root, String(pid), 'exe')
  try {
    return readlinkSync(path)
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'EACCES' || code === 'EPERM' || code === 'ENOENT') return undefined // denied, or a zombie/kernel thread has none
    throw procError(error, pid, path)
  }
}

/** basename of the exe link, without the " (deleted)" suffix the kernel adds for a replaced binary. */
export function exeName(exe: string | undefined): string | undefined {
  if (exe === undefined || exe === '') return undefined
  return basename(exe.endsWith(' (deleted)') ? exe.slice(0, -' (deleted)'.length) : exe)
}

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
