/**
 * /proc/PID/stat (proc(5)), e.g.
 *
 *   74718 ((bash process)) S 1 74718 74718 0 -1 4194560 ... 14 3 0 0 20 0 1 0 49248 ...
 *
 * comm is up to 15 bytes of anything, spaces and parentheses included, so it is taken between
 * the FIRST '(' and the LAST ')' and every other field is counted after that last ')' (below
 * `read_pid_stat_from_path`, psutil `_parse_stat_file`). Times are in clock ticks
 * (sysconf(_SC_CLK_TCK), see system-info.ts).
 */
import {join} from 'node:path'
import type {ProcessState} from '../model/snapshot.js'
import {ProcParseError} from './errors.js'
import {readProcText} from './read-proc-file.js'

export interface PidStat {
  pid: number
  comm: string
  /** The raw state letter (field 3). */
  stateLetter: string
  ppid: number
  /** Field 14: user-mode CPU time, clock ticks. */
  utimeTicks: number
  /** Field 15: kernel-mode CPU time, clock ticks. */
  stimeTicks: number
  /** Field 22: start time after boot, clock ticks; with the boot id it identifies a process. */
  starttimeTicks: number
  /**
   * Fields 26 (startcode) and 28 (startstack): addresses that a new program image changes (exec
   * maps a new text segment and, with ASLR, a new stack). Undefined when the kernel hides them
   * (0: no ptrace read access, or a zombie without memory) or the line is short.
   */
  startcodeAddr?: number | undefined
  startstackAddr?: number | undefined
}

/** psutil's names for the state letters (docs/formats.md §4). */
const STATE_NAMES: Record<string, ProcessState> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  T: 'stopped',
  t: 'tracing-stop',
  Z: 'zombie',
  X: 'dead',
  x: 'dead',
  K: 'wake-kill',
  W: 'waking',
  I: 'idle',
  P: 'parked',
}

/** The psutil-style name of a state letter; an unknown letter is kept as is. */
export function stateName(letter: string): string {
  return STATE_NAMES[letter] ?? letter
}

/**
 * Z zombie, X/x dead (proc(5); `x` before Linux 3.13's renumbering, TASK_DEAD): the process has
 * exited even though its pid is still listed, because its parent has not reaped it yet. The one
 * list of "exited" states: recovery, the tracer and the lock's staleness check all ask this.
 */
export function isExitedState(letter: string | undefined): boolean {
  return letter === 'Z' || letter === 'X' || letter === 'x'
}

/**
 * Field 3 (the state letter) of a stat line without parsing the numbers: the cheap read for a
 * liveness probe. The letter follows the LAST ')' and one space; undefined when it does not.
 */
export function parseStateLetter(text: string): string | undefined {
  const close = text.lastIndexOf(')')
  if (close < 0 || text.charAt(close + 1) !== ' ') return undefined
  const letter = text.charAt(close + 2)
  const after = text.charAt(close + 3)
  return letter !== '' && letter !== ' ' && (after === ' ' || after === '' || after === '\n') ? letter : undefined
}

export function parsePidStat(text: string, path = 'stat'): PidStat {
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  if (open < 0 || close < open) throw new ProcParseError(path, 'no "(comm)" in stat line')
  const pid = Number(text.slice(0, open).trim())
  // Fields from 3 on are single-space separated after ") ". Only the ones needed are cut out
  // (no split of all 52: this runs once per snapshot in the tracer).
  let startcode: string | undefined
  let startstack: string | undefined
  let ppid: string | undefined
  let utime: string | undefined
  let stime: string | undefined
  let starttime: string | undefined
  let start = close + 2
  for (let n = 3; n <= 28 && start <= text.length; n++) {
    let end = text.indexOf(' ', start)
    if (end < 0) end = text.length
    if (n === 4) ppid = text.slice(start, end)
    else if (n === 14) utime = text.slice(start, end)
    else if (n === 15) stime = text.slice(start, end)
    else if (n === 22) starttime = text.slice(start, end)
    else if (n === 26) startcode = text.slice(start, end)
    else if (n === 28) startstack = text.slice(start, end).trim()
    start = end + 1
  }
  const field = (n: number, raw: string | undefined): number => {
    const value = Number(raw)
    if (raw === undefined || raw === '' || !Number.isInteger(value)) throw new ProcParseError(path, `field ${n} is not an integer`)
    return value
  }
  const stateLetter = parseStateLetter(text)
  if (!Number.isInteger(pid) || stateLetter === undefined) throw new ProcParseError(path, 'malformed pid or state')
  return {
    pid,
    comm: text.slice(open + 1, close),
    stateLetter,
    ppid: field(4, ppid),
    utimeTicks: field(14, utime),
    stimeTicks: field(15, stime),
    starttimeTicks: field(22, starttime),
    startcodeAddr: addressField(startcode),
    startstackAddr: addressField(startstack),
  }
}

/** An address field, or undefined when absent or hidden (0). Above 2^53 it is only compared, so precision loss is harmless. */
function addressField(text: string | undefined): number | undefined {
  const value = Number(text)
  return text === undefined || !Number.isFinite(value) || value <= 0 ? undefined : value
}

export function readPidStat(root: string, pid: number): PidStat {
  const path = join(root, String(pid), 'stat')
  return parsePidStat(readProcText(path, pid), path)
}
