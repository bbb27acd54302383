/**
 * The base of every trace-doctor command: one `--json` contract and one error policy.
 *
 * - `--json` (oclif's enableJsonFlag) prints the command's typed result as one JSON object on
 *   stdout, in the envelope of model/cli-output.ts: the command's fields plus `warnings`; on
 *   failure `{"error": {"code", "message", "hint", "exit_code"}, "warnings"}`.
 * - Warnings: a result may carry its own (`warnings` of the library call); the command adds more
 *   with `warnUser`. Under --json they are in the document only, otherwise on stderr.
 * - A TraceDoctorError is a user-facing failure: one line on stderr (plus a hint), no stack
 *   trace, and its exit code. Flag parsing errors become a one-line UsageError: exit 2, with or
 *   without --json (oclif's own path exits 1 under --json and prints several lines).
 * - JSON is printed without oclif's colorizer: it recurses per value and dies with "Maximum call
 *   stack size exceeded" on a 10 MB string (a hostile comm or index line), printing nothing. It is
 *   written in pieces (io/json-chunks.ts), never as one string.
 * - Anything else is a bug and keeps oclif's full report.
 */
// Subpath imports: the package index also loads help, ux and semver, which no command needs up front.
import {once} from 'node:events'
import {Command} from '@oclif/core/command'
import * as Errors from '@oclif/core/errors'
import {TraceDoctorError, UsageError} from '../errors.js'
import {jsonChunks} from '../io/json-chunks.js'
import type {ErrorJson} from '../model/cli-output.js'

export type {ErrorJson} from '../model/cli-output.js'

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  /** Colors only on a TTY and never with NO_COLOR (https://no-color.org). */
  protected get useColor(): boolean {
    return Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env && process.env['NO_COLOR'] !== '')
  }

  private readonly warnings: string[] = []

  /** A problem that did not stop the command: into `--json`'s `warnings`, else on stderr now. */
  protected warnUser(text: string): void {
    this.warnings.push(text)
    if (!this.jsonEnabled()) this.logToStderr(`${this.warningPrefix}${text}`)
  }

  /** How a warning starts on stderr (`trace` says who speaks, beside CMD's own output). */
  protected get warningPrefix(): string {
    return 'Warning: '
  }

  protected override toSuccessJson(result: unknown): unknown {
    if (typeof result !== 'object' || result === null || Array.isArray(result)) return result
    const own = (result as {warnings?: unknown}).warnings
    return {...result, warnings: [...(Array.isArray(own) ? (own as string[]) : []), ...this.warnings]}
  }

  protected override toErrorJson(err: unknown): ErrorJson {
    const warnings = [...this.warnings]
    if (err instanceof TraceDoctorError) {
      return {error: {code: err.code, message: err.message, ...(err.hint ? {hint: err.hint} : {}), exit_code: err.exitCode}, warnings}
    }
    const message = err instanceof Error ? err.message : String(err)
    const exit = err instanceof Errors.CLIError ? (err.oclif.exit ?? 2) : 1
    return {error: {code: exit === 2 ? 'E_USAGE' : 'E_INTERNAL', message, exit_code: exit}, warnings}
  }

  // ---- exit-code contract (issue 10): parse errors, plain JSON -------------------------------
  /** Where `--json` writes its document (and a JSON error): stdout, but see `trace`. */
  protected get jsonOutput(): NodeJS.WritableStream {
    return process.stdout
  }

  /** The `--json` document still being written: `_run` waits for it. */
  private jsonWritten: Promise<void> = Promise.resolve()

  protected override logJson(json: unknown): void {
    // In pieces, as fast as the reader takes them: a document with a million anomalies is longer
    // than the longest string V8 makes, and queueing it all on a slow pipe would hold it twice.
    // A small document (an error) is written before this returns.
    this.jsonWritten = writeChunks(this.jsonOutput, jsonChunks(json))
  }

  protected override async _run<T>(): Promise<T> {
    const result = await super._run<T>()
    await this.jsonWritten
    return result
  }

  protected override async catch(thrown: Error & {exitCode?: number}): Promise<unknown> {
    let err = thrown
    // `this.parsed` is set only once parse() succeeded: anything thrown before is a flag or arg problem.
    if (!this.parsed && !(err instanceof TraceDoctorError) && !(err instanceof Errors.ExitError)) err = new UsageError(oneLineParseMessage(err.message))
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

/** Writes `chunks` then a newline to `out`, waiting for 'drain' whenever `out` asks to. */
async function writeChunks(out: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.write('\n')
}

/** "Parsing --limit \n\tExpected an integer …\nSee more help with --help" → "Parsing --limit: Expected an integer … (see --help)". */
export function oneLineParseMessage(message: string): string {
  const parts = message
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '' && !/^See more help with --help$/.test(l))
  return `${parts.join(': ').replace(/:+ *:/g, ':')} (see --help)`
}
