/**
 * One snapshot of a traced process: one line of a tmpfs trace `{prefix}_trace_{pid}.jsonl`
 * (docs/formats.md §4). Example line, as the existing tracer writes it (its key order, not sorted):
 *
 *   {"captured_at": "2026-04-13T11:04:43.123456+00:00", "comm": "claude", "state": "sleeping",
 *    "vm_rss_kb": 184320, "threads": 12, "fd_count": 41, "fd_soft_limit": 1024, ...}
 *
 * The schema is the definition. Readers never reject a row for a bad field: the analysis
 * skips that one rule for that one row (docs/formats.md §6), and `snapshot-fields.ts` holds the per-field
 * checks that agree with this schema (tested against it) for the hot path.
 */
import * as z from './zod.js'

export const PROCESS_STATES = [
  'running',
  'sleeping',
  'disk-sleep',
  'stopped',
  'tracing-stop',
  'zombie',
  'dead',
  'wake-kill',
  'waking',
  'idle',
  'parked',
] as const
export type ProcessState = (typeof PROCESS_STATES)[number]

/** The existing tracer's key order; tmpfs traces are written in it. */
export const SNAPSHOT_KEYS = [
  'captured_at',
  'comm',
  'state',
  'vm_rss_kb',
  'threads',
  'fd_count',
  'fd_soft_limit',
  'ctx_switches_voluntary',
  'ctx_switches_involuntary',
  'sig_pnd',
  'sig_blk',
  'sig_cgt',
  'oom_score',
  'wchan',
  'cpu_percent',
] as const

const count = z.int().check(z.nonnegative())
/** 16 hex digits, or "" when unreadable. */
const sigMask = z.string().check(z.regex(/^([0-9a-f]{16})?$/, 'a 16-hex-digit signal mask'))

export const SnapshotSchema = z.lazily(() => z.looseObject({
  captured_at: z.string().check(z.minLength(1)),
  comm: z.string(),
  state: z.string(),
  vm_rss_kb: count,
  threads: count,
  fd_count: count,
  /** -1 in psutil-derived rows means RLIM_INFINITY. */
  fd_soft_limit: z.int(),
  ctx_switches_voluntary: count,
  ctx_switches_involuntary: count,
  sig_pnd: sigMask,
  sig_blk: sigMask,
  sig_cgt: sigMask,
  /** -1 when unreadable. */
  oom_score: z.int().check(z.minimum(-1)),
  /** "" when unreadable. */
  wchan: z.string(),
  cpu_percent: z.number().check(z.nonnegative()),
  /** trace-doctor's tracer adds it: `RssAnon:` of /proc/PID/status, what a leak grows. */
  rss_anon_kb: z.optional(count),
  // --- launch information (trace-doctor, issue 9; docs/formats.md "Launch rows") ---
  /**
   * Absent on the workload's own rows. "launch": taken under a program the process later exec'd
   * away from (finalized rows; a tmpfs trace says it with its sidecar's `launch_rows`). "exit":
   * a spawned workload between its exit and its reap. Other values are kept, not rejected.
   */
  phase: z.optional(z.string()),
  // --- end launch information ---
}))
export type Snapshot = z.infer<typeof SnapshotSchema>

/** Keys that the original wrote as Python floats. */
export const SNAPSHOT_FLOAT_KEYS = new Set(['cpu_percent'])

/**
 * A row of a finalized `proc_trace.jsonl` (docs/formats.md §5): the snapshot plus `ts`, `seq`,
 * `event: "snapshot"` and `pid`, keys sorted.
 */
export const TraceRowSchema = z.lazily(() => z.extend(SnapshotSchema, {
  ts: z.string().check(z.minLength(1)),
  seq: z.int().check(z.nonnegative()),
  event: z.literal('snapshot'),
  pid: z.int(),
}))
export type TraceRow = z.infer<typeof TraceRowSchema>

/** The keys a trace row adds around a snapshot; stripped to get the snapshot back. */
export const TRACE_ROW_WRAPPER_KEYS = ['ts', 'seq', 'event', 'pid'] as const

/** Builds the finalized row for snapshot number `seq` (docs/formats.md §5). */
export function toTraceRow(snapshot: Record<string, unknown>, seq: number, pid: number, startTs: string): Record<string, unknown> {
  const capturedAt = snapshot['captured_at']
  return {
    ...snapshot,
    ts: typeof capturedAt === 'string' && capturedAt !== '' ? capturedAt : startTs,
    seq,
    event: 'snapshot',
    pid,
  }
}

/** The snapshot part of a row read from either kind of trace file. */
export function snapshotOf(row: Record<string, unknown>): Record<string, unknown> {
  if (row['event'] !== 'snapshot' || !('seq' in row)) return row
  const {ts: _ts, seq: _seq, event: _event, pid: _pid, ...snapshot} = row
  return snapshot
}
