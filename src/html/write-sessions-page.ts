/**
 * `sessions --html FILE`: read the log dir's index, render the page, write it atomically.
 */
import {dirname, resolve} from 'node:path'
import {describeErrno, OutputWriteError} from '../errors.js'
import {writeFileAtomic} from '../io/atomic-write.js'
import {readSessionsPageIndex} from './read-sessions-index.js'
import {renderSessionsPage} from './render-sessions-page.js'

export interface SessionsPageResult {
  output: string
  bytes: number
  sessions: number
  with_report: number
  skipped_lines: number
}

export interface SessionsPageOptions {
  generator?: string
  /** Only these dir_names (the sessions a filtered `sessions` run lists); default all. */
  only?: ReadonlySet<string>
}

export async function writeSessionsPage(logDir: string, output: string, options: SessionsPageOptions = {}): Promise<SessionsPageResult> {
  const path = resolve(output)
  const read = await readSessionsPageIndex(logDir)
  const only = options.only
  const index = only === undefined ? read : {...read, entries: read.entries.filter((e) => only.has(e.line.dir_name))}
  const html = renderSessionsPage({logDir, index, pageDir: dirname(path), ...(options.generator ? {generator: options.generator} : {})})
  try {
    await writeFileAtomic(path, html)
  } catch (error) {
    throw new OutputWriteError(path, describeErrno(error), error)
  }
  return {
    output: path,
    bytes: Buffer.byteLength(html),
    sessions: index.entries.length,
    with_report: index.entries.filter((e) => e.reportPath !== undefined).length,
    skipped_lines: index.skippedCount,
  }
}
