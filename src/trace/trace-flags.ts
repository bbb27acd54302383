/**
 * Validation of `trace`'s flags into run options (pure): the mode (spawn or attach), the interval
 * and the resolve timeout. Errors are UsageError (exit 2) naming the flag.
 */
import {UsageError} from '../errors.js'

export const MIN_INTERVAL_SECONDS = 0.05
/** Node's timers take at most 2^31 - 1 ms; above that they fire after 1 ms (TimeoutOverflowWarning). */
export const MAX_INTERVAL_SECONDS = Math.floor((2 ** 31 - 1) / 1000)

export interface RawTraceFlags {
  pty: boolean
  expect?: string | undefined
  pid?: number | undefined
  interval: string
  'resolve-timeout': string
  tmpfs: string
  'session-id': string
  argv: string[]
}

export interface ParsedTraceFlags {
  /** Spawn mode: the command and its arguments … */
  command?: string[]
  /** … or attach mode: an existing pid. */
  attachPid?: number
  pty: boolean
  expect?: string
  intervalSeconds: number
  resolveTimeoutMs: number
  tmpfsDir: string
  sessionId: string
}

function seconds(flag: string, raw: string, min: number, max = MAX_INTERVAL_SECONDS): number {
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} must be a number of seconds, got ${JSON.stringify(raw)}`)
  if (value < min) throw new UsageError(`--${flag} must be at least ${min}, got ${raw}`)
  if (value > max) throw new UsageError(`--${flag} must be at most ${max} seconds (about ${Math.floor(max / 86_400)} days, the timer's range), got ${raw}`)
  return value
}

export function parseTraceFlags(flags: RawTraceFlags): ParsedTraceFlags {
  const argv = flags.argv[0] === '--' ? flags.argv.slice(1) : flags.argv
  if (flags.pid !== undefined && argv.length > 0) throw new UsageError('give either --pid N or -- CMD [ARGS...], not both')
  if (flags.pid === undefined && argv.length === 0) throw new UsageError('nothing to trace: give -- CMD [ARGS...] or --pid N', 'example: trace-doctor trace --interval 1 -- sleep 10')
  if (flags.expect !== undefined && flags.expect === '') throw new UsageError('--expect needs a process name')
  if (flags.expect?.includes('/')) throw new UsageError(`--expect takes a basename, not a path: ${flags.expect}`)
  const parsed: ParsedTraceFlags = {
    pty: flags.pty,
    intervalSeconds: seconds('interval', flags.interval, MIN_INTERVAL_SECONDS),
    resolveTimeoutMs: Math.round(seconds('resolve-timeout', flags['resolve-timeout'], 0) * 1000),
    tmpfsDir: flags.tmpfs,
    sessionId: flags['session-id'],
  }
  if (flags.pid !== undefined) parsed.attachPid = flags.pid
  else parsed.command = argv
  if (flags.expect !== undefined) parsed.expect = flags.expect
  return parsed
}

/**
 * CMD's words exactly as typed: everything after the first `--` of the raw argv. oclif's `argv`
 * (strict: false) reorders words by the index of their FIRST occurrence in the raw argv, so a
 * word equal to an earlier flag value moves to the front: `trace --resolve-timeout 20 -- tool 20`
 * came out as `20 tool` and ran `20`. Without `--`, oclif's argv is all there is.
 */
export function commandWords(rawArgv: readonly string[], parsedArgv: readonly string[]): string[] {
  const dashdash = rawArgv.indexOf('--')
  return dashdash < 0 ? [...parsedArgv] : ['--', ...rawArgv.slice(dashdash + 1)]
}
