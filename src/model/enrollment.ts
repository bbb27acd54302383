/**
 * The enrollment sidecar `{prefix}_enrollment_{pid}.json` (docs/formats.md §3), written atomically when
 * tracing starts. Schema 2 adds `comm`; schema 1 records lack it. A sidecar that is not JSON or
 * lacks `schema_version` or `pid` is invalid; every other field is optional when reading.
 *
 *   {"schema_version": 2, "pid": 4242, "boot_id": "9f6c…", "starttime_ticks": 123456,
 *    "session_id": "", "enrolled_at": "2026-04-13T11:04:40.000001+00:00",
 *    "kitchen_id": "", "order_id": "", "comm": "claude"}
 */
import * as z from './zod.js'
import {MemoryCgroupSchema} from './cause-of-death.js'
import {TERMINATION_REASONS} from './summary.js'

/**
 * `tracer_end` (trace-doctor only, optional): written into the sidecar by a tracer that saw its
 * workload end but could not finalize the session (an unwritable log dir). `recover` then
 * finalizes the trace as what it was, with this exit code and end, instead of as a crash.
 *
 *   "tracer_end": {"start_ts": "…", "end_ts": "…", "success": false, "subtype": "failed",
 *                  "exit_code": 3, "termination_reason": "NATURAL_EXIT", "kill_reason": null,
 *                  "cwd": "/work", "skill_command": "make test", "snapshot_interval_seconds": 5}
 */
export const TracerEndSchema = z.lazily(() => z.object({
  start_ts: z.string(),
  end_ts: z.string(),
  success: z.boolean(),
  subtype: z.string(),
  exit_code: z.nullable(z.int()),
  termination_reason: z.enum(TERMINATION_REASONS),
  kill_reason: z.nullable(z.string()),
  cwd: z.string(),
  skill_command: z.string(),
  snapshot_interval_seconds: z.nullable(z.number().check(z.positive())),
}))
export type TracerEnd = z.infer<typeof TracerEndSchema>

export const ENROLLMENT_SCHEMA_VERSION = 2

export const EnrollmentSchema = z.lazily(() => z.looseObject({
  schema_version: z.int().check(z.positive()),
  pid: z.int().check(z.positive()),
  boot_id: z.optional(z.nullable(z.string())),
  starttime_ticks: z.optional(z.nullable(z.int().check(z.nonnegative()))),
  session_id: z.optional(z.string()),
  enrolled_at: z.optional(z.string()),
  kitchen_id: z.optional(z.string()),
  order_id: z.optional(z.string()),
  comm: z.optional(z.string()),
  // --- cause of death (docs/cause-of-death.md): optional, trace-doctor's tracer writes them ---
  /** The tracer's own pid, start time (ticks since boot) and comm: was the tracer what the kernel killed? */
  tracer_pid: z.optional(z.int().check(z.positive())),
  tracer_starttime_ticks: z.optional(z.int().check(z.nonnegative())),
  tracer_comm: z.optional(z.string()),
  /** The workload's memory cgroup and its counters at enrollment. */
  memory_cgroup: z.optional(MemoryCgroupSchema),
  // --- end cause of death ---
  // --- launch information (trace-doctor, issue 9; docs/formats.md "Launch rows") ---
  // A launch chain (`env node x`, a pyenv shim) execs in the enrolled process after the first
  // snapshot: `comm` stays the first snapshot's comm (what the existing tracer's alien gate
  // compares), `settled_comm` is the comm of the program the process runs now, and rows before
  // seq `launch_rows` were taken under earlier programs. Rewritten atomically on every exec,
  // always before the first row of the new program is written.
  settled_comm: z.optional(z.string()),
  launch_rows: z.optional(z.int().check(z.nonnegative())),
  // --- end launch information ---
  // --- tracer_end (trace-doctor, issue 10; docs/formats.md) ---
  tracer_end: z.optional(TracerEndSchema),
}))
export type Enrollment = z.infer<typeof EnrollmentSchema>

/** The cause-of-death fields of a sidecar (see EnrollmentSchema). */
export type EnrollmentDeathFields = Pick<Enrollment, 'tracer_pid' | 'tracer_starttime_ticks' | 'tracer_comm' | 'memory_cgroup'>

/** What the writer must supply: every field of schema 2. */
export const EnrollmentV2Schema = z.lazily(() => z.extend(EnrollmentSchema, {
  schema_version: z.literal(ENROLLMENT_SCHEMA_VERSION),
  boot_id: z.nullable(z.string()),
  starttime_ticks: z.nullable(z.int().check(z.nonnegative())),
  session_id: z.string(),
  enrolled_at: z.string(),
  kitchen_id: z.string(),
  order_id: z.string(),
  comm: z.string(),
}))
export type EnrollmentV2 = z.infer<typeof EnrollmentV2Schema>

/** The field order the existing tracer writes (docs/formats.md §3's table); sidecars are not key-sorted. */
export function orderEnrollment(e: EnrollmentV2): Record<string, unknown> {
  const {schema_version, pid, boot_id, starttime_ticks, session_id, enrolled_at, kitchen_id, order_id, comm, ...rest} = e
  return {schema_version, pid, boot_id, starttime_ticks, session_id, enrolled_at, kitchen_id, order_id, comm, ...rest}
}

/** The launch information of a sidecar, when it has any (old sidecars have none: docs/formats.md §7 applies as is). */
export function launchOf(e: Enrollment): {settledComm: string; launchRows: number} | undefined {
  if (e.launch_rows === undefined || e.settled_comm === undefined) return undefined
  return {settledComm: e.settled_comm, launchRows: e.launch_rows}
}
