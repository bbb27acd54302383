/**
 * `sessions/{dir_name}/summary.json` (docs/formats.md §5): keys sorted, 2-space indent, trailing newline,
 * written atomically. Fields the existing tracer adds for its own pipeline (token usage, …) are
 * kept when read and written back untouched.
 */
import * as z from './zod.js'
import {CauseOfDeathSchema, MemoryCgroupSchema} from './cause-of-death.js'

export const TRACER_TARGET_RESOLUTION_VERSION = 2

/** The original tracer's three, and DETACHED: the user stopped `trace --pid` while the process went on. */
export const TERMINATION_REASONS = ['NATURAL_EXIT', 'SIGNALED', 'CRASHED', 'DETACHED'] as const
export type TerminationReason = (typeof TERMINATION_REASONS)[number]

const nullableNumber = z.nullable(z.number())

export const SummarySchema = z.lazily(() => z.looseObject({
  session_id: z.string(),
  dir_name: z.string(),
  pid: z.int(),
  cwd: z.string(),
  skill_command: z.string(),
  success: z.boolean(),
  subtype: z.string(),
  exit_code: z.nullable(z.int()),
  start_ts: z.string(),
  end_ts: z.nullable(z.string()),
  duration_seconds: nullableNumber,
  snapshot_interval_seconds: nullableNumber,
  snapshot_count: z.int().check(z.nonnegative()),
  anomaly_count: z.int().check(z.nonnegative()),
  peak_rss_kb: z.int().check(z.nonnegative()),
  peak_oom_score: z.int(),
  peak_fd_ratio: z.number().check(z.nonnegative()),
  termination_reason: z.string(),
  kill_reason: z.nullable(z.string()),
  tracked_comm: z.nullable(z.string()),
  tracked_comm_drift: z.boolean(),
  tracer_target_resolution_version: z.int(),
  // cause of death (docs/cause-of-death.md): optional, absent in the existing tracer's summaries
  cause_of_death: z.optional(CauseOfDeathSchema),
  memory_cgroup: z.optional(MemoryCgroupSchema),
  /** trace-doctor adds it (issue 9): an identity_drift anomaly was raised. Absent in older summaries. */
  identity_drift: z.optional(z.boolean()),
}))
export type Summary = z.infer<typeof SummarySchema>

/** For reading summaries of older or foreign tracers: only what identifies the session is required. */
export const SummaryReadSchema = z.lazily(() => z.extend(z.partial(SummarySchema), {
  session_id: z.optional(z.string()),
  dir_name: z.optional(z.string()),
  // A malformed assessment must not cost the whole summary: read through causeOfDeathOf().
  cause_of_death: z.optional(z.unknown()),
  memory_cgroup: z.optional(z.unknown()),
}))
export type SummaryRead = z.infer<typeof SummaryReadSchema>

export const SUMMARY_FLOAT_KEYS = new Set(['duration_seconds', 'snapshot_interval_seconds', 'peak_fd_ratio'])
