/**
 * How a workload's end maps to trace-doctor's exit code and to the summary's facts (docs/formats.md §5).
 * Pure.
 */
import {constants} from 'node:os'
import type {TerminationReason} from '../model/summary.js'
import type {ChildExit} from './launch.js'

export interface EndFacts {
  /** What trace-doctor exits with. */
  exitCode: number
  /** summary.exit_code; null when unknowable (an attached process is not our child). */
  summaryExitCode: number | null
  success: boolean
  subtype: string
  terminationReason: TerminationReason
  killReason: string | null
}

export function signalNumber(signal: string): number | undefined {
  return (constants.signals as Record<string, number | undefined>)[signal]
}

/**
 * A spawned child's end. Death by signal N exits 128 + N, as shells report it. Behind a PTY
 * wrapper the workload is not our child: `script -e` reports its death by signal N as exit
 * status 128 + N, so in PTY mode such a status is read back as SIGNALED.
 */
export function spawnedEnd(exit: ChildExit, options: {pty: boolean}): EndFacts {
  if (exit.signal !== null) {
    const code = 128 + (signalNumber(exit.signal) ?? 0)
    return {exitCode: code, summaryExitCode: code, success: false, subtype: 'failed', terminationReason: 'SIGNALED', killReason: exit.signal}
  }
  const code = exit.code ?? 1
  const wrappedSignal = options.pty && code > 128 && code <= 128 + 64 ? signalName(code - 128) : undefined
  return {
    exitCode: code,
    summaryExitCode: code,
    success: code === 0,
    subtype: code === 0 ? 'completed' : 'failed',
    terminationReason: wrappedSignal === undefined ? 'NATURAL_EXIT' : 'SIGNALED',
    killReason: wrappedSignal ?? null,
  }
}

/**
 * An attached process's end. Its exit status went to its parent, not to us: exit_code is null
 * and success false ("success = exit code 0", and 0 is not known). When the user stopped the
 * trace with a signal instead, the process was left running: DETACHED, and trace-doctor exits
 * 128 + N like any interrupted command.
 */
export function attachedEnd(detachSignal?: NodeJS.Signals): EndFacts {
  if (detachSignal !== undefined) {
    return {exitCode: 128 + (signalNumber(detachSignal) ?? 0), summaryExitCode: null, success: false, subtype: 'detached', terminationReason: 'DETACHED', killReason: null}
  }
  return {exitCode: 0, summaryExitCode: null, success: false, subtype: 'exited', terminationReason: 'NATURAL_EXIT', killReason: null}
}

function signalName(number: number): string | undefined {
  return Object.entries(constants.signals).find(([, n]) => n === number)?.[0]
}
