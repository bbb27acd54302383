/**
 * Path functions for the log dir (docs/formats.md §5). No I/O here.
 *
 *   {logDir}/sessions.jsonl
 *   {logDir}/sessions/{dir_name}/proc_trace.jsonl
 *   {logDir}/sessions/{dir_name}/summary.json
 *   {logDir}/sessions/{dir_name}/anomalies.jsonl   only when there are anomalies
 */
import {join} from 'node:path'
import {UnsafeNameError} from '../errors.js'

export const INDEX_FILE = 'sessions.jsonl'
export const SESSIONS_DIR = 'sessions'
export const TRACE_FILE = 'proc_trace.jsonl'
export const SUMMARY_FILE = 'summary.json'
export const ANOMALIES_FILE = 'anomalies.jsonl'

export const indexPath = (logDir: string): string => join(logDir, INDEX_FILE)
export const sessionsRoot = (logDir: string): string => join(logDir, SESSIONS_DIR)

export function sessionDir(logDir: string, dirName: string): string {
  assertSafeName(dirName)
  return join(logDir, SESSIONS_DIR, dirName)
}

/** `no_session_{start_ts with ':' → '-'}` for sessions without an id (docs/formats.md §5). */
export function dirNameFor(sessionId: string, startTs: string): string {
  return sessionId !== '' ? sessionId : `no_session_${startTs.replaceAll(':', '-')}`
}

/** `crashed_{pid}_{mtime ISO with ':' → '-'}` for crash-recovered sessions (docs/formats.md §7). */
export function crashedDirName(pid: number, mtimeIso: string): string {
  return `crashed_${pid}_${mtimeIso.replaceAll(':', '-')}`
}

// Control characters (C0, DEL, C1) in a dir name would corrupt terminals and logs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** Throws UnsafeNameError unless `name` can only ever name one entry inside its parent dir. */
export function assertSafeName(name: string): void {
  const reason = unsafeNameReason(name)
  if (reason !== undefined) throw new UnsafeNameError(name, reason)
}

export function unsafeNameReason(name: string): string | undefined {
  if (name === '') return 'empty'
  if (name.includes('/')) return 'contains "/"'
  if (name.includes('\\')) return 'contains "\\"'
  if (name.includes('..')) return 'contains ".."'
  if (name.startsWith('.')) return 'starts with "."'
  if (CONTROL.test(name)) return 'contains a control character'
  if (Buffer.byteLength(name) > 255) return 'longer than 255 bytes'
  return undefined
}
