import type * as z from './zod.js'

/**
 * Validation errors that name the place: "summary.json: field `exit_code`: expected number, received string".
 * `where` is a file path, optionally with `:line`.
 */
export function describeZodError(where: string, error: z.core.$ZodError): string {
  const parts = error.issues.map((issue) => {
    const field = issue.path.length > 0 ? `field \`${issue.path.join('.')}\`` : 'value'
    return `${field}: ${issue.message}`
  })
  return `${where}: ${parts.join('; ')}`
}

/**
 * The writer's side of "one schema per format": a value about to be written must pass the same
 * schema readers use. A failure is a bug in trace-doctor (or in a caller's facts), never
 * written to disk.
 */
export function assertValid<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new Error(describeZodError(`refusing to write invalid ${what}`, parsed.error))
  return parsed.data
}
