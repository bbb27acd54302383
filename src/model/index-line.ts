/**
 * One line of `sessions.jsonl`, the append-only index of finalized sessions (SPEC §2.4), keys
 * sorted. `skill_command` is cut to its first 100 characters.
 */
import {z} from 'zod'
import {CAUSE_VERDICTS} from './cause-of-death.js'

export const SKILL_COMMAND_INDEX_CHARS = 100

export const IndexLineSchema = z.looseObject({
  session_id: z.string(),
  dir_name: z.string(),
  timestamp: z.string(),
  cwd: z.string(),
  kitchen_id: z.string(),
  order_id: z.string(),
  skill_command: z.string(),
  success: z.boolean(),
  subtype: z.string(),
  exit_code: z.number().int().nullable(),
  snapshot_count: z.number().int().nonnegative(),
  anomaly_count: z.number().int().nonnegative(),
  peak_rss_kb: z.number().int().nonnegative(),
  peak_oom_score: z.number().int(),
  tracked_comm: z.string().nullable(),
  tracked_comm_drift: z.boolean(),
  // cause of death (docs/cause-of-death.md): the summary's cause_of_death.verdict; absent in older lines
  cause_of_death: z.enum(CAUSE_VERDICTS).optional(),
  /** trace-doctor adds it (issue 9): the session has an identity_drift anomaly. Absent on older lines. */
  identity_drift: z.boolean().optional(),
})
export type IndexLine = z.infer<typeof IndexLineSchema>

/** Older index lines may lack fields; only `dir_name` is needed to find the session. */
export const IndexLineReadSchema = IndexLineSchema.partial().extend({dir_name: z.string().min(1)})
export type IndexLineRead = z.infer<typeof IndexLineReadSchema>
