/**
 * The exit status a zombie carries until it is reaped: field 52 (`exit_code`) of /proc/PID/stat
 * (Linux ≥ 3.5), in waitpid(2)'s encoding. `recover` reads it when the workload outlived its
 * tracer and no one has reaped it yet: exact, core-dump bit included. Pure.
 *
 *   4242 (python3) Z 1 … 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 139     (139 = SIGSEGV|0x80: core dumped)
 */
import {signalFromNumber} from './signals.js'

export interface WaitStatus {
  code: number | null
  signal: string | null
  coreDumped: boolean
}

export function decodeWaitStatus(status: number): WaitStatus {
  const signal = status & 0x7f
  if (signal === 0) return {code: (status >> 8) & 0xff, signal: null, coreDumped: false}
  return {code: null, signal: signalFromNumber(signal) ?? `SIG${signal}`, coreDumped: (status & 0x80) !== 0}
}

/** Field 52 of a stat line, counted after the last ')' (comm may hold anything). */
export function exitCodeFieldOf(statText: string): number | undefined {
  const close = statText.lastIndexOf(')')
  if (close < 0) return undefined
  const value = Number(statText.slice(close + 2).trim().split(' ')[52 - 3])
  return Number.isInteger(value) ? value : undefined
}
