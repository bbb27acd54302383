/**
 * `sessions/{dir_name}/summary.json` (docs/formats.md §5): keys sorted, 2-space indent, trailing newline,
 * written atomically. Fields the existing tracer adds for its own pipeline (token usage, …) are
 * kept when read and written back untouched.
 */
import {z} from 'zod'
import {CauseOfDeathSchema, MemoryCgroupSchema} from './cause-of-death.js'

export const TRACER_TARGET_RESOLUTION_VERSION = 2

/** The original tracer's three, and DETACHED: the user stopped `trace --pid` while the process went on. */
export const TERMINATION_REASONS = ['NATURAL_EXIT', 'SIGNALED', 'CRASHED', 'DETACHED'] as const
export type TerminationReason = (typeof TERMINATION_REASONS)[number]

const nullableNumber = z.number().nullable()

export const SummarySchema = z.looseObject({
  session_id: z.string(),
  dir_name: z.string(),
  pid: z.number().int(),
  cwd: z.string(),
  skill_command: z.string(),
  success: z.boolean(),
  subtype: z.string(),
  exit_code: z.number().int().nullable(),
  start_ts: z.string(),
  end_ts: z.string().nullable(),
  duration_seconds: nullableNumber,
  snapshot_interval_seconds: nullableNumber,
  snapshot_count: z.number().int().nonnegative(),
  anomaly_count: z.number().int().nonnegative(),
  peak_rss_kb: z.number().int().nonnegative(),
  peak_oom_score: z.number().int(),
  peak_fd_ratio: z.number().nonnegative(),
  termination_reason: z.string(),
  kill_reason: z.string().nullable(),
  tracked_comm: z.string().nullable(),
  tracked_comm_drift: z.boolean(),
  tracer_target_resolution_version: z.number().int(),
  // cause of death (docs/cause-of-death.md): optional, absent in the existing tracer's summaries
  cause_of_death: CauseOfDeathSchema.optional(),
  memory_cgroup: MemoryCgroupSchema.optional(),
  /** trace-doctor adds it (issue 9): an identity_drift anomaly was raised. Absent in older summaries. */
  identity_drift: z.boolean().optional(),
})
export type Summary = z.infer<typeof SummarySchema>

/** For reading summaries of older or foreign tracers: only what identifies the session is required. */
export const SummaryReadSchema = SummarySchema.partial().extend({
  session_id: z.string().optional(),
  dir_name: z.string().optional(),
  // A malformed assessment must not cost the whole summary: read through causeOfDeathOf().
  cause_of_death: z.unknown().optional(),
  memory_cgroup: z.unknown().optional(),
})
export type SummaryRead = z.infer<typeof SummaryReadSchema>

export const SUMMARY_FLOAT_KEYS = new Set(['duration_seconds', 'snapshot_interval_seconds', 'peak_fd_ratio'])
