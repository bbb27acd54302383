/**
 * The sessions page's view of a log dir: the index as `readSessionsIndex` reads it (the one
 * reader: bad lines counted, dir_names unique and safe), plus, for each session, whether its dir
 * and its `report.html` exist and whether it ends in identity drift.
 */
import {open, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {ANOMALIES_FILE, sessionDir} from '../store/layout.js'
import {readSessionsIndex, type IndexedSession, type SessionsIndex} from '../store/session-index.js'
import {REPORT_FILE} from './build-report.js'

export interface SessionEntry extends IndexedSession {
  dirExists: boolean
  /** Absolute path of the session's report.html when it exists. */
  reportPath?: string
  /** The link to the report from the page's dir (set by the page writer, before redaction). */
  reportHref?: string
  /**
   * The session's anomalies end with an `identity_drift` record: the trace shows another comm
   * than the expected one. The index only has `tracked_comm_drift` (several comms), which is
   * false for the PTY-wrapper case (one comm, the wrong one), the very case to flag.
   */
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
      const identityDrift = dirExists && (line.anomaly_count ?? 1) > 0 && (await lastAnomalyKind(join(dir, ANOMALIES_FILE))) === 'identity_drift'
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

/** Room for the last record: an anomaly line with its snapshot is well under 2 KB. */
const TAIL_BYTES = 64 * 1024

/**
 * The `kind` of the last record of an anomalies.jsonl, reading only its tail: SPEC §3 puts
 * identity_drift last, so this is O(1) per session however many anomalies there are.
 */
export async function lastAnomalyKind(path: string): Promise<string | undefined> {
  let handle
  try {
    handle = await open(path, 'r')
    const {size} = await handle.stat()
    const length = Math.min(size, TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    const lines = buffer.toString('utf8').split('\n').filter((l) => l.trim() !== '')
    const last = JSON.parse(lines[lines.length - 1] ?? 'null') as unknown
    return typeof last === 'object' && last !== null && typeof (last as {kind?: unknown}).kind === 'string' ? (last as {kind: string}).kind : undefined
  } catch {
    return undefined // no file, torn last line, not JSON: no evidence of drift either way
  } finally {
    await handle?.close()
  }
}
