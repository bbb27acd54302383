/**
 * The base of every trace-doctor command: one `--json` contract and one error policy.
 *
 * - `--json` (oclif's enableJsonFlag) prints the command's typed result as one JSON document on
 *   stdout; on failure it prints `{"error": {"code", "message", "hint", "exit_code"}}`.
 * - A TraceDoctorError is a user-facing failure: one line on stderr (plus a hint), no stack
 *   trace, and its exit code. Flag parsing errors exit 2 (oclif's default).
 * - Anything else is a bug and keeps oclif's full report.
 */
// Subpath imports: the package index also loads help, ux and semver, which no command needs up front.
import {Command} from '@oclif/core/command'
import * as Errors from '@oclif/core/errors'
import {TraceDoctorError} from '../errors.js'

export interface ErrorJson {
  error: {code: string; message: string; hint?: string; exit_code: number}
}

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  /** Colors only on a TTY and never with NO_COLOR (https://no-color.org). */
  protected get useColor(): boolean {
    return Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env && process.env['NO_COLOR'] !== '')
  }

  protected override toErrorJson(err: unknown): ErrorJson {
    if (err instanceof TraceDoctorError) {
      return {error: {code: err.code, message: err.message, ...(err.hint ? {hint: err.hint} : {}), exit_code: err.exitCode}}
    }
    const message = err instanceof Error ? err.message : String(err)
    const exit = err instanceof Errors.CLIError ? (err.oclif.exit ?? 2) : 1
    return {error: {code: exit === 2 ? 'E_USAGE' : 'E_INTERNAL', message, exit_code: exit}}
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (err instanceof TraceDoctorError) {
      if (this.jsonEnabled()) this.logJson(this.toErrorJson(err))
      else {
        this.logToStderr(`Error: ${err.message}`)
        if (err.hint) this.logToStderr(`Hint: ${err.hint}`)
      }
      this.exit(err.exitCode)
    }
    return super.catch(err)
  }
}
