/**
 * The sessions page's view of a log dir: the index as `readSessionsIndex` reads it (the one
 * reader: bad lines counted, dir_names unique and safe), plus, for each session, whether its dir
 * and its `report.html` exist and whether it ends in identity drift.
 */
import {stat} from 'node:fs/promises'
import {join} from 'node:path'
import {sessionDir} from '../store/layout.js'
import {readIdentityDrift} from '../store/session-drift.js'
import {readSessionsIndex, type IndexedSession, type SessionsIndex} from '../store/session-index.js'
import {REPORT_FILE} from './build-report.js'

export {lastAnomalyKind} from '../store/session-drift.js'

export interface SessionEntry extends IndexedSession {
  dirExists: boolean
  /** Absolute path of the session's report.html when it exists. */
  reportPath?: string
  /** The link to the report from the page's dir (set by the page writer, before redaction). */
  reportHref?: string
  /** The session has an `identity_drift` anomaly (store/session-drift.ts: what "drift" means). */
  identityDrift: boolean
}

export interface SessionsPageIndex extends Omit<SessionsIndex, 'sessions'> {
  entries: SessionEntry[]
}

export async function readSessionsPageIndex(logDir: string): Promise<SessionsPageIndex> {
  const {sessions, ...rest} = await readSessionsIndex(logDir)
  const entries = await Promise.all(
    sessions.map(async ({line, lineNo}): Promise<SessionEntry> => {
      const dir = sessionDir(logDir, line.dir_name)
      const dirExists = await isKind(dir, 'dir')
      const report = join(dir, REPORT_FILE)
      const identityDrift = await readIdentityDrift(logDir, line)
      return {line, lineNo, dirExists, identityDrift, ...(dirExists && (await isKind(report, 'file')) ? {reportPath: report} : {})}
    }),
  )
  return {...rest, entries}
}

async function isKind(path: string, kind: 'dir' | 'file'): Promise<boolean> {
  try {
    const s = await stat(path)
    return kind === 'dir' ? s.isDirectory() : s.isFile()
  } catch {
    return false // missing or unreadable: either way there is nothing to link to
  }
}
