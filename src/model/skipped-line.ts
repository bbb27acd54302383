/**
 * A line a reader skipped, by its 1-based number and why: what every NDJSON reader reports and
 * every `--json` document that read a file carries.
 */
import * as z from './zod.js'

export const SkippedLineSchema = z.lazily(() => z.object({line: z.int().check(z.positive()), reason: z.string()}))
export type SkippedLine = z.infer<typeof SkippedLineSchema>
