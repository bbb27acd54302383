import {z} from 'zod'

/**
 * Validation errors that name the place: "summary.json: field `exit_code`: expected number, received string".
 * `where` is a file path, optionally with `:line`.
 */
export function describeZodError(where: string, error: z.ZodError): string {
  const parts = error.issues.map((issue) => {
    const field = issue.path.length > 0 ? `field \`${issue.path.join('.')}\`` : 'value'
    return `${field}: ${issue.message}`
  })
  return `${where}: ${parts.join('; ')}`
}
