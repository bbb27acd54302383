/**
 * Whether a pid names a process that still runs. `kill(pid, 0)` says "exists"; a zombie exists
 * but has exited, so `/proc/PID/stat`'s state letter is checked too (Z zombie, X/x dead).
 */
import {readFileSync} from 'node:fs'
import {errnoCode} from '../errors.js'

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if (errnoCode(error) !== 'EPERM') return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z' && state !== 'X' && state !== 'x'
  } catch {
    return true // no /proc (or hidden): kill(0) is the best evidence we have
  }
}
