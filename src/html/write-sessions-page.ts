/**
 * `sessions --html FILE`: read the log dir's index, redact it (the page is shared like a report),
 * render the page, write it (write-output-file.ts).
 */
import {homedir} from 'node:os'
import {dirname, relative, resolve} from 'node:path'
import {describeErrno, OutputWriteError} from '../errors.js'
import {writeOutputFile} from '../io/write-output-file.js'
import {Redactor, type RedactionSummary} from '../redact/redactor.js'
import {readSessionsPageIndex} from './read-sessions-index.js'
import {renderSessionsPage} from './render-sessions-page.js'

export interface SessionsPageResult {
  output: string
  bytes: number
  sessions: number
  with_report: number
  skipped_lines: number
  redactions: RedactionSummary
}

export interface SessionsPageOptions {
  generator?: string
  /** Only these dir_names (the sessions a filtered `sessions` run lists); default all. */
  only?: ReadonlySet<string>
  /** Default true. */
  redact?: boolean
  /** Defaults to os.homedir(). */
  home?: string
}

export async function writeSessionsPage(logDir: string, output: string, options: SessionsPageOptions = {}): Promise<SessionsPageResult> {
  const path = resolve(output)
  const read = await readSessionsPageIndex(logDir)
  const only = options.only
  const pageDir = dirname(path)
  // Links are made relative before redaction: `~` in an absolute path would break every link.
  const entries = read.entries
    .filter((e) => only === undefined || only.has(e.line.dir_name))
    .map((e) => (e.reportPath === undefined ? e : {...e, reportHref: relative(pageDir, e.reportPath)}))
  const shown = {logDir, index: {...read, entries}}
  const enabled = options.redact ?? true
  const redactor = enabled ? await Redactor.forValues([shown], {home: options.home ?? homedir()}) : new Redactor()
  const {logDir: shownLogDir, index} = enabled ? redactor.value(shown, 'sessions') : shown
  const html = renderSessionsPage({logDir: shownLogDir, index, pageDir, ...(options.generator ? {generator: options.generator} : {})})
  try {
    await writeOutputFile(path, html)
  } catch (error) {
    if (error instanceof OutputWriteError) throw error
    throw new OutputWriteError(path, describeErrno(error), error)
  }
  return {
    output: path,
    bytes: Buffer.byteLength(html),
    sessions: index.entries.length,
    with_report: index.entries.filter((e) => e.reportPath !== undefined).length,
    skipped_lines: index.skippedCount,
    redactions: redactor.summary(enabled),
  }
}
