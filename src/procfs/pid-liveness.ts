/**
 * What recovery needs to know of a pid (SPEC §4 liveness): whether it exists, its state letter
 * (zombie/dead means exited) and its start time in ticks (a different one means a recycled pid).
 * Parsing is procfs/pid-stat.ts's, the one /proc/PID/stat parser of the project.
 */
import {readFileSync} from 'node:fs'
import {errnoCode} from '../errors.js'
import {parsePidStat} from './pid-stat.js'
import type {ProcessFacts} from '../recover/facts.js'

export {readBootId} from './system-info.js'

/** State letter and start ticks of a stat line; undefined fields when the line is malformed. */
export function parseProcStat(text: string): {state: string | undefined; startTicks: number | undefined} {
  try {
    const stat = parsePidStat(text)
    return {state: stat.stateLetter, startTicks: stat.starttimeTicks}
  } catch {
    return {state: undefined, startTicks: undefined}
  }
}

export function readProcess(pid: number, procRoot = '/proc'): ProcessFacts {
  let text: string
  try {
    text = readFileSync(`${procRoot}/${pid}/stat`, 'latin1')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ESRCH') return {exists: false}
    // Readable /proc but this entry is not: the pid exists and we cannot tell more.
    return {exists: true, state: undefined, startTicks: undefined}
  }
  return {exists: true, ...parseProcStat(text)}
}
