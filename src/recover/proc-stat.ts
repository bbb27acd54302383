/**
 * The two fields recovery needs from /proc/PID/stat (proc(5)): the state letter (field 3) and
 * starttime in clock ticks since boot (field 22). comm (field 2) may contain spaces and `)`,
 * so fields are counted after the LAST `)`.
 *
 *   4242 (a) b) c) S 1 4242 4242 0 -1 4194560 ... 0 123456 ...
 */
import {readFileSync} from 'node:fs'
import {errnoCode} from '../errors.js'
import type {ProcessFacts} from './facts.js'

export function parseProcStat(text: string): {state: string | undefined; startTicks: number | undefined} {
  const close = text.lastIndexOf(')')
  if (close < 0) return {state: undefined, startTicks: undefined}
  const fields = text.slice(close + 1).trim().split(/\s+/)
  // fields[0] is field 3 (state), so field 22 is fields[19].
  const ticks = fields[19] !== undefined && /^\d+$/.test(fields[19]) ? Number(fields[19]) : undefined
  return {state: fields[0] || undefined, startTicks: ticks}
}

export function readProcess(pid: number, procRoot = '/proc'): ProcessFacts {
  try {
    return {exists: true, ...parseProcStat(readFileSync(`${procRoot}/${pid}/stat`, 'latin1'))}
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ESRCH') return {exists: false}
    // Readable /proc but this entry is not: the pid exists and we cannot tell more.
    return {exists: true, state: undefined, startTicks: undefined}
  }
}

export function readBootId(path = '/proc/sys/kernel/random/boot_id'): string | null {
  try {
    return readFileSync(path, 'utf8').trim() || null
  } catch {
    return null
  }
}
