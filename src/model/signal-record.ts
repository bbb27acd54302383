/**
 * One line of `signals.jsonl` (session dir) and of `{prefix}_signals_{pid}.jsonl` (tmpfs): a
 * signal the kernel generated for the workload, or the OOM killer choosing it, read from the
 * tracepoints `signal:signal_generate` and `oom:mark_victim` (src/tracefs). Appended one line per
 * event as it arrives, so a tracer killed mid-run leaves every signal it had seen; a torn last
 * line is treated as never written. Documented in docs/formats.md ("Signals").
 *
 *   {"kind": "signal", "at": "2026-11-30T04:01:02.123456+00:00", "mono_s": 2457.414315, "sig": 15,
 *    "signal": "SIGTERM", "code": 0, "errno": 0, "group": true, "result": "delivered", "origin": "process",
 *    "target_pid": 12582, "target_comm": "sleep", "sender_pid": 12584, "sender_comm": "timeout",
 *    "sender_ppid": 12580, "sender_cmdline": ["timeout", "1", "sleep", "5"]}
 *
 *   {"kind": "oom_victim", "at": "…", "mono_s": 1880.04352, "target_pid": 3131, "target_comm": "python3",
 *    "anon_rss_kb": 60928, "total_vm_kb": 323784, "sender_pid": 3131, "sender_comm": "python3"}
 */
import * as z from './zod.js'

export const SIGNALS_FILE = 'signals.jsonl'

// A function, so that its schemas are built with the records that use them (zod.ts, lazily).
const common = () => ({
  at: z.string(),
  /** The event's time on CLOCK_MONOTONIC, seconds (the instance's trace_clock is `mono`). */
  mono_s: z.number(),
  target_pid: z.int(),
  target_comm: z.string(),
  /** The task that was running when the event fired: the signal's sender, or the task whose allocation ran the OOM killer. */
  sender_pid: z.int(),
  sender_comm: z.string(),
  /** The sender's parent and argv, read from /proc when the event arrived; null when it was already gone. */
  sender_ppid: z.optional(z.nullable(z.int())),
  sender_cmdline: z.optional(z.nullable(z.array(z.string()))),
})

export const SignalEventRecordSchema = z.lazily(() => z.looseObject({
  kind: z.literal('signal'),
  ...common(),
  sig: z.int(),
  signal: z.string(),
  /** si_code: 0 SI_USER (kill), 128 SI_KERNEL, -6 SI_TKILL, … */
  code: z.int(),
  errno: z.int(),
  /** Sent to the whole thread group (kill) rather than one thread. */
  group: z.boolean(),
  /** `delivered`, `ignored`, `already_pending`, `overflow_fail`, `lose_info`. */
  result: z.string(),
  /** `process` (kill, tgkill, sigqueue: the sender fields name it) or `kernel` (a timer, a fault, the OOM killer: they name the task that happened to run). */
  origin: z.optional(z.enum(['process', 'kernel'])),
}))

export const OomVictimRecordSchema = z.lazily(() => z.looseObject({
  kind: z.literal('oom_victim'),
  ...common(),
  total_vm_kb: z.optional(z.int()),
  anon_rss_kb: z.optional(z.int()),
}))

export const SignalRecordSchema = z.lazily(() => z.discriminatedUnion('kind', [SignalEventRecordSchema, OomVictimRecordSchema]))
export type SignalRecord = z.infer<typeof SignalRecordSchema>
export type SignalEventRecord = z.infer<typeof SignalEventRecordSchema>

/**
 * `signal_trace` in summary.json: whether senders could be recorded, and if not why and how to
 * fix it. `status` is `traced` (tracefs instance ran for the whole trace), `unavailable`, or
 * `partial` (it started, then failed; `reason` says how).
 */
export const SignalTraceSchema = z.lazily(() => z.looseObject({
  status: z.enum(['traced', 'unavailable', 'partial']),
  count: z.int().check(z.nonnegative()),
  reason: z.optional(z.string()),
  fix: z.optional(z.string()),
  /** The sender of the signal the workload most likely died of, e.g. "SIGKILL from timeout (pid 4411)". */
  sender: z.optional(z.string()),
}))
export type SignalTrace = z.infer<typeof SignalTraceSchema>

/** What a reader knows of a session's signals: its `signal_trace` (absent before senders were recorded) and its records. */
export interface SessionSignalsView {
  trace?: SignalTrace
  records: SignalRecord[]
}
