/**
 * File names in the tmpfs dir (docs/formats.md §2–2.2), built and matched here only: the tracer writes
 * them, `recover` scans and claims them, `analyze`/`report` recognise them. Pure: no I/O.
 *
 *   {prefix}_trace_{pid}.jsonl                              a live or left-over trace
 *   {prefix}_enrollment_{pid}.json                          its sidecar
 *   {prefix}_signals_{pid}.jsonl                            the signals its workload received (as root)
 *   {prefix}_trace_{pid}.jsonl.recovering-{pid}-{ticks}     a trace claimed by a recover run
 *   {prefix}_enrollment_{pid}.json.recovering-{pid}-{ticks} its claimed sidecar
 *
 * A claim names its claimer by pid and starttime ticks, so a claim whose claimer died (or whose
 * pid was reused) is recognisably stale and can be resumed.
 */
import {join} from 'node:path'

/** The prefix trace-doctor's own tracer writes under (the original's is `autoskillit`). */
export const TRACER_PREFIX = 'trace-doctor'

/** The kernel's PID_MAX_LIMIT (4 × 1024 × 1024): no pid is larger on any Linux. */
export const PID_MAX = 4_194_304

/**
 * A pid as the kernel writes one: decimal, no sign, no leading zero, 1..PID_MAX. `012` is not
 * pid 12: a name with it was not written by a tracer, and must not be matched to pid 12's files.
 */
export function parsePid(text: string): number | undefined {
  if (!/^[1-9][0-9]{0,6}$/.test(text)) return undefined
  const pid = Number(text)
  return pid <= PID_MAX ? pid : undefined
}

export const traceFileName = (prefix: string, pid: number | string): string => `${prefix}_trace_${pid}.jsonl`
export const enrollmentFileName = (prefix: string, pid: number | string): string => `${prefix}_enrollment_${pid}.json`
/** signal-sender: the signals the workload received, beside its trace (trace/signals-file.ts). */
export const signalsFileName = (prefix: string, pid: number | string): string => `${prefix}_signals_${pid}.jsonl`
export const signalsPathFor = (dir: string, pid: number, prefix = TRACER_PREFIX): string => join(dir, signalsFileName(prefix, pid))
export const tracePathFor = (dir: string, pid: number, prefix = TRACER_PREFIX): string => join(dir, traceFileName(prefix, pid))
export const enrollmentPathFor = (dir: string, pid: number, prefix = TRACER_PREFIX): string => join(dir, enrollmentFileName(prefix, pid))

export interface TmpfsTraceName {
  prefix: string
  /** The `{pid}` part as written: recovery reports a name whose part is not a pid, by this text. */
  pidText: string
  /** That part as a pid (`parsePid`), when it is one. */
  pid: number | undefined
}

/**
 * `autoskillit_trace_4242.jsonl` → prefix `autoskillit`, pid 4242. With `prefixes`, only those
 * (the first that matches wins) and any non-empty pid part; without, the prefix is everything
 * before the last `_trace_` and the pid part must be a pid.
 */
export function parseTraceFileName(name: string, prefixes?: readonly string[]): TmpfsTraceName | undefined {
  if (prefixes === undefined) {
    const m = /^(.+)_trace_([^_]+)\.jsonl$/.exec(name)
    const pid = m ? parsePid(m[2]!) : undefined
    return m && pid !== undefined ? {prefix: m[1]!, pidText: m[2]!, pid} : undefined
  }
  for (const prefix of prefixes) {
    const pidText = between(name, `${prefix}_trace_`, '.jsonl')
    if (pidText !== undefined) return {prefix, pidText, pid: parsePid(pidText)}
  }
  return undefined
}

/** The prefix of a `{prefix}_enrollment_{pid}.json` name among `prefixes`, if it is one. */
export function enrollmentPrefix(name: string, prefixes: readonly string[]): string | undefined {
  return prefixes.find((prefix) => between(name, `${prefix}_enrollment_`, '.json') !== undefined)
}

/** A recover run, named in its claims by pid and starttime ticks. */
export interface Claimer {
  pid: number
  ticks: number
}

const CLAIM = /\.recovering-([1-9][0-9]*)-(0|[1-9][0-9]*)$/

export const claimSuffix = (c: Claimer): string => `.recovering-${c.pid}-${c.ticks}`

/** Splits `name` into the original name and its claim, if it carries one. */
export function parseClaim(name: string): {original: string; claim?: Claimer} {
  const m = CLAIM.exec(name)
  if (m === null) return {original: name}
  const pid = parsePid(m[1]!)
  const ticks = Number(m[2])
  if (pid === undefined || !Number.isSafeInteger(ticks)) return {original: name}
  return {original: name.slice(0, m.index), claim: {pid, ticks}}
}

function between(name: string, head: string, tail: string): string | undefined {
  if (!name.startsWith(head) || !name.endsWith(tail) || name.length <= head.length + tail.length) return undefined
  return name.slice(head.length, name.length - tail.length)
}
