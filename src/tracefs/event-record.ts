/**
 * A parsed tracepoint event → a `signals.jsonl` record (model/signal-record.ts). Pure: the wall
 * time and what /proc still said of the sender are handed in.
 */
import {performance} from 'node:perf_hooks'
import {formatIsoMicros} from '../model/timestamp.js'
import type {SignalRecord} from '../model/signal-record.js'
import type {TraceEvent} from './parse-trace-line.js'
import {signalResultName} from './parse-trace-line.js'
import {signalName} from './signal-names.js'

export interface SenderDetails {
  ppid: number | null
  cmdline: string[] | null
}

/** What the kernel writes for a task whose comm fell out of tracefs's saved_cmdlines cache (128 entries by default). */
export const UNKNOWN_COMM = '<...>'

/**
 * The sender's comm: the trace header's, or, when the kernel could only write `<...>`, what /proc
 * says of that pid now — but only if that process had started by the time of the event (a pid
 * recycled since then has not). `stat` is undefined when the pid is gone. Start times count from
 * boot and the event's clock is CLOCK_MONOTONIC: after a suspend the two differ, and the check then
 * errs towards `<...>`. Pure.
 */
export function senderComm(headerComm: string, stat: {comm: string; starttimeTicks: number} | undefined, ticksPerSecond: number, eventMonoSecs: number): string {
  if (headerComm !== UNKNOWN_COMM || stat === undefined) return headerComm
  return stat.starttimeTicks / ticksPerSecond <= eventMonoSecs ? stat.comm : headerComm
}

/**
 * Wall clock minus CLOCK_MONOTONIC, µs, now. Node's hrtime is CLOCK_MONOTONIC (libuv uv_hrtime),
 * the clock of an instance whose trace_clock is `mono`; performance.timeOrigin + now() is the wall
 * clock advanced by that same monotonic clock.
 */
export function wallMinusMonoNowUs(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000) - Number(process.hrtime.bigint() / 1000n)
}

/** `mono_s` (CLOCK_MONOTONIC seconds) → µs since the epoch, given the offset between the two clocks in µs. */
export function wallMicrosOf(monoSecs: number, wallMinusMonoUs: number): number {
  return Math.round(monoSecs * 1e6 + wallMinusMonoUs)
}

/** Keys in SignalRecordSchema's order, so the tmpfs file and the session's signals.jsonl read alike. */
export function recordOf(event: TraceEvent, wallMinusMonoUs: number, details?: SenderDetails): SignalRecord {
  const sender = {
    sender_pid: event.pid,
    sender_comm: event.comm,
    ...(details === undefined ? {} : {sender_ppid: details.ppid, sender_cmdline: details.cmdline}),
  }
  const when = {at: formatIsoMicros(wallMicrosOf(event.timestampSecs, wallMinusMonoUs)), mono_s: event.timestampSecs}
  if (event.event === 'mark_victim') {
    return {
      kind: 'oom_victim',
      ...when,
      target_pid: event.victimPid,
      target_comm: event.victimComm ?? '',
      ...sender,
      ...(event.totalVmKb === undefined ? {} : {total_vm_kb: event.totalVmKb}),
      ...(event.anonRssKb === undefined ? {} : {anon_rss_kb: event.anonRssKb}),
    }
  }
  return {
    kind: 'signal',
    ...when,
    target_pid: event.targetPid,
    target_comm: event.targetComm,
    ...sender,
    sig: event.sig,
    signal: signalName(event.sig),
    code: event.code,
    errno: event.errno,
    group: event.group !== 0,
    result: signalResultName(event.result),
    origin: originOf(event.code),
  }
}

/**
 * si_code (include/uapi/asm-generic/siginfo.h) tells who made the signal: SI_USER 0 (kill),
 * SI_QUEUE -1, SI_TKILL -6 (tgkill) and SI_MESGQ -3 come from a process's system call, so the
 * task in the header is the sender. Everything else — SI_KERNEL 128, SI_TIMER -2, fault codes
 * (SEGV_MAPERR 1, …), SIGCHLD's CLD_* — the kernel raised, often from an interrupt, and the
 * header then only names whatever task was running on that CPU.
 */
export function originOf(code: number): 'process' | 'kernel' {
  return code === 0 || code === -1 || code === -3 || code === -6 ? 'process' : 'kernel'
}
