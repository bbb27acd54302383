/**
 * A line a reader skipped, by its 1-based number and why: what every NDJSON reader reports and
 * every `--json` document that read a file carries.
 */
import {z} from 'zod'

export const SkippedLineSchema = z.object({line: z.number().int().positive(), reason: z.string()})
export type SkippedLine = z.infer<typeof SkippedLineSchema>
