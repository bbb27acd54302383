/**
 * The names of a live trace's files in the tmpfs dir (SPEC §2.1), parsed and built in one place
 * for the tracer, `recover` and `analyze`/`report`. Pure.
 *
 *   {prefix}_trace_{pid}.jsonl        the trace
 *   {prefix}_enrollment_{pid}.json    its sidecar
 *
 * `{pid}` is written by the tracer as a decimal pid: no sign, no leading zero, at most the
 * kernel's PID_MAX_LIMIT. Anything else (`007`, `99999999999999999999999`) is not a pid, and
 * every reader treats it the same way: recover refuses the file, analyze reads it with no pid.
 */

/** The kernel's PID_MAX_LIMIT (4 × 1024 × 1024). */
export const PID_MAX = 4_194_304

export function parseTmpfsPid(text: string): number | undefined {
  if (!/^[1-9][0-9]{0,6}$/.test(text)) return undefined
  const pid = Number(text)
  return pid <= PID_MAX ? pid : undefined
}

export const traceFileName = (prefix: string, pid: number | string): string => `${prefix}_trace_${pid}.jsonl`
export const enrollmentFileName = (prefix: string, pid: number | string): string => `${prefix}_enrollment_${pid}.json`

export interface TraceFileName {
  prefix: string
  /** The `{pid}` part as written. */
  pidText: string
  /** That part as a pid, when it is one (parseTmpfsPid). */
  pid: number | undefined
}

/** `autoskillit_trace_4242.jsonl` → {prefix: 'autoskillit', pidText: '4242', pid: 4242}; undefined for other names. */
export function parseTraceFileName(name: string): TraceFileName | undefined {
  const m = /^(.+)_trace_([^_/]+)\.jsonl$/.exec(name)
  if (m === null) return undefined
  return {prefix: m[1]!, pidText: m[2]!, pid: parseTmpfsPid(m[2]!)}
}
