/**
 * Whether a pid names a process that still runs, and what recovery needs to know of it (docs/formats.md §7
 * liveness): whether it exists, its state letter (exited: see `isExitedState`) and its start
 * time in ticks (a different one means a recycled pid). Parsing is pid-stat.ts's, the one
 * /proc/PID/stat parser of the project.
 */
import {readFileSync} from 'node:fs'
import {errnoCode} from '../errors.js'
import {isExitedState, parsePidStat, parseStateLetter} from './pid-stat.js'

export {readBootId} from './system-info.js'

/** The process that now has a pid, from /proc/PID/stat. */
export type ProcessFacts = {exists: false} | {exists: true; state: string | undefined; startTicks: number | undefined}

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

/** The process exists and has not exited (a zombie has). */
export function isRunning(facts: ProcessFacts): facts is Extract<ProcessFacts, {exists: true}> {
  return facts.exists && !isExitedState(facts.state)
}

/**
 * `kill(pid, 0)` says "exists"; a zombie exists but has exited, so the stat state letter is
 * checked too. Without /proc (or with this pid hidden) kill(0) is the best evidence there is.
 */
export function isPidAlive(pid: number, procRoot = '/proc'): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if (errnoCode(error) !== 'EPERM') return false
  }
  let text: string
  try {
    text = readFileSync(`${procRoot}/${pid}/stat`, 'latin1')
  } catch {
    return true
  }
  return !isExitedState(parseStateLetter(text))
}
