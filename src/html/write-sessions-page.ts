/**
 * `sessions --html FILE`: read the log dir's index, render the page, write it atomically.
 */
import {dirname, resolve} from 'node:path'
import {OutputWriteError} from '../errors.js'
import {writeFileAtomic} from '../io/atomic-write.js'
import {describeErrno} from '../io/ndjson-reader.js'
import {readSessionsIndex} from './read-sessions-index.js'
import {renderSessionsPage} from './render-sessions-page.js'

export interface SessionsPageResult {
  output: string
  bytes: number
  sessions: number
  with_report: number
  skipped_lines: number
}

export async function writeSessionsPage(logDir: string, output: string, options: {generator?: string} = {}): Promise<SessionsPageResult> {
  const path = resolve(output)
  const index = await readSessionsIndex(logDir)
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
