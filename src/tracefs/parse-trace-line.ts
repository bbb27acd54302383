/**
 * One line of a tracefs `trace_pipe` (Documentation/trace/ftrace.rst, "Output format"), e.g.
 *
 *   sh-12584 [000] d..1. 2457.414315: signal_generate: sig=9 errno=0 code=0 comm=sleep pid=12582 grp=1 res=0
 *   python3-3131 [001] ..... 1880.043520: mark_victim: pid=3131 comm=python3 total-vm=323784kB anon-rss=60928kB file-rss:0kB shmem-rss:0kB uid=0 pgtables=700kB oom_score_adj=0
 *
 * The header is the CURRENT task (the sender of a signal), its pid, the CPU, the irq/preempt
 * flags and the timestamp of the instance's trace_clock, in seconds. Both comms are up to 15
 * bytes of anything (spaces, dashes, digits, `pid=`), so nothing is split on spaces:
 * - the header ends at the first `: EVENT: ` whose prefix is a well-formed header (a 15-byte comm
 *   cannot hold `: signal_generate: `, and a comm such as `: mark_victim: ` leaves no header);
 * - the sender's comm is everything before the LAST `-PID [CPU]` of that header;
 * - signal_generate's target comm lies between ` comm=` and the last ` pid=N grp=N res=N`.
 * Leading spaces of a sender comm cannot be told from the padding and are lost. Pure: no I/O.
 */

export interface TraceHeader {
  /** The task running when the event fired: for signal_generate, the sender. */
  comm: string
  pid: number
  /** From `options/record-tgid` when enabled: `comm-pid (tgid) [cpu]`. */
  tgid?: number
  cpu: number
  /** Seconds on the instance's trace_clock (trace-doctor sets `mono`: CLOCK_MONOTONIC). */
  timestampSecs: number
}

/** include/trace/events/signal.h: the kernel's verdict on a generated signal. */
export const SIGNAL_RESULTS = ['delivered', 'ignored', 'already_pending', 'overflow_fail', 'lose_info'] as const
export type SignalResult = (typeof SIGNAL_RESULTS)[number]

export interface SignalGenerateEvent extends TraceHeader {
  event: 'signal_generate'
  sig: number
  errno: number
  /** si_code: SI_USER 0, SI_KERNEL 128, SI_TKILL -6, SI_QUEUE -1, … */
  code: number
  targetComm: string
  targetPid: number
  /** 1 when sent to the whole thread group (kill), 0 to one thread (tgkill, a fault). */
  group: number
  result: number
}

export interface MarkVictimEvent extends TraceHeader {
  event: 'mark_victim'
  /** The task the OOM killer chose. */
  victimPid: number
  /** Newer kernels (6.x) add these; older ones print `pid=N` only. */
  victimComm?: string
  totalVmKb?: number
  anonRssKb?: number
  uid?: number
}

export type TraceEvent = SignalGenerateEvent | MarkVictimEvent

const HEADER = /^\s*(.*)-(\d+)\s+(?:\(\s*(\d+|-+)\)\s+)?\[(\d+)\]\s+(?:\S+\s+)?(\d+\.\d+)$/s
const SIGNAL_FIELDS = /^sig=(\d+) errno=(-?\d+) code=(-?\d+) comm=(.*) pid=(-?\d+) grp=(\d+) res=(\d+)$/s
const VICTIM_PID = /^pid=(\d+)(?: comm=(.*?) total-vm=(\d+)kB anon-rss=(\d+)kB.*? uid=(\d+))?/s
const EVENTS = ['signal_generate', 'mark_victim'] as const

/** The event of a trace_pipe line, or undefined for any other line (other events, markers, `CPU:1 [LOST 3 EVENTS]`). */
export function parseTraceLine(line: string): TraceEvent | undefined {
  for (const event of EVENTS) {
    const marker = `: ${event}: `
    for (let at = line.indexOf(marker); at >= 0; at = line.indexOf(marker, at + 1)) {
      const header = parseHeader(line.slice(0, at))
      if (header === undefined) continue
      const fields = line.slice(at + marker.length).replace(/\r?\n$/, '')
      return event === 'signal_generate' ? signalEvent(header, fields) : victimEvent(header, fields)
    }
  }
  return undefined
}

function parseHeader(text: string): TraceHeader | undefined {
  const m = HEADER.exec(text)
  if (m === null) return undefined
  const header: TraceHeader = {comm: m[1]!, pid: Number(m[2]), cpu: Number(m[4]), timestampSecs: Number(m[5])}
  if (m[3] !== undefined && /^\d+$/.test(m[3])) header.tgid = Number(m[3])
  return header
}

function signalEvent(header: TraceHeader, fields: string): SignalGenerateEvent | undefined {
  const m = SIGNAL_FIELDS.exec(fields)
  if (m === null) return undefined
  return {
    ...header,
    event: 'signal_generate',
    sig: Number(m[1]),
    errno: Number(m[2]),
    code: Number(m[3]),
    targetComm: m[4]!,
    targetPid: Number(m[5]),
    group: Number(m[6]),
    result: Number(m[7]),
  }
}

function victimEvent(header: TraceHeader, fields: string): MarkVictimEvent | undefined {
  const m = VICTIM_PID.exec(fields)
  if (m === null) return undefined
  const event: MarkVictimEvent = {...header, event: 'mark_victim', victimPid: Number(m[1])}
  if (m[2] !== undefined) {
    event.victimComm = m[2]
    event.totalVmKb = Number(m[3])
    event.anonRssKb = Number(m[4])
    event.uid = Number(m[5])
  }
  return event
}

/** The name of `res=N` (TRACE_SIGNAL_* in include/trace/events/signal.h). */
export function signalResultName(result: number): SignalResult | `result_${number}` {
  return SIGNAL_RESULTS[result] ?? `result_${result}`
}
