/**
 * One line of `sessions.jsonl`, the append-only index of finalized sessions (docs/formats.md §5), keys
 * sorted. `skill_command` is cut to its first 100 characters.
 */
import * as z from './zod.js'
import {SummarySchema} from './summary.js'
import {CAUSE_VERDICTS} from './cause-of-death.js'

export const SKILL_COMMAND_INDEX_CHARS = 100

/** The summary's fields it copies (docs/formats.md §5 builds the line from the summary), plus its own. */
export const IndexLineSchema = z.lazily(() => z.looseObject({
  ...z.pick(SummarySchema, {
    session_id: true,
    dir_name: true,
    cwd: true,
    skill_command: true,
    success: true,
    subtype: true,
    exit_code: true,
    snapshot_count: true,
    anomaly_count: true,
    peak_rss_kb: true,
    peak_oom_score: true,
    tracked_comm: true,
    tracked_comm_drift: true,
  }).shape,
  timestamp: z.string(),
  kitchen_id: z.string(),
  order_id: z.string(),
  // cause of death (docs/cause-of-death.md): the summary's cause_of_death.verdict; absent in older lines
  cause_of_death: z.optional(z.enum(CAUSE_VERDICTS)),
  /** trace-doctor adds it (issue 9): the session has an identity_drift anomaly. Absent on older lines. */
  identity_drift: z.optional(z.boolean()),
}))
export type IndexLine = z.infer<typeof IndexLineSchema>

/** Older index lines may lack fields; only `dir_name` is needed to find the session. */
export const IndexLineReadSchema = z.lazily(() => z.extend(z.partial(IndexLineSchema), {dir_name: z.string().check(z.minLength(1))}))
export type IndexLineRead = z.infer<typeof IndexLineReadSchema>
