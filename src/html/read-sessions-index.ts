/**
 * Reads a log dir's `sessions.jsonl` (SPEC §2.4) for the sessions page: each line checked with
 * `IndexLineReadSchema`, bad lines counted with their number (never fatal: the index is
 * append-only and a torn or foreign line must not hide the others), and for each session whether
 * its dir and its `report.html` exist.
 */
import {open, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {readNdjson, type SkippedLine} from '../io/ndjson-reader.js'
import {IndexLineReadSchema, type IndexLineRead} from '../model/index-line.js'
import {describeZodError} from '../model/validate.js'
import {ANOMALIES_FILE, indexPath, sessionDir, unsafeNameReason} from '../store/layout.js'
import {REPORT_FILE} from './build-report.js'

export interface SessionEntry {
  line: IndexLineRead
  /** Line number in sessions.jsonl (the last line wins when a dir_name repeats). */
  lineNo: number
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

export interface SessionsIndex {
  indexPath: string
  entries: SessionEntry[]
  /** Lines that are not JSON objects or not index lines. */
  skipped: SkippedLine[]
  skippedCount: number
  /** There is no sessions.jsonl yet (a fresh log dir): no sessions, not an error. */
  indexMissing: boolean
}

export async function readSessionsIndex(logDir: string): Promise<SessionsIndex> {
  const path = indexPath(logDir)
  const byDir = new Map<string, {line: IndexLineRead; lineNo: number}>()
  const invalid: SkippedLine[] = []
  if (!(await isKind(path, 'file')) && (await isKind(logDir, 'dir'))) {
    return {indexPath: path, entries: [], skipped: [], skippedCount: 0, indexMissing: true}
  }
  const stats = await readNdjson(path, (record, lineNo) => {
    const parsed = IndexLineReadSchema.safeParse(record)
    if (!parsed.success) return void invalid.push({line: lineNo, reason: describeZodError('index line', parsed.error)})
    const unsafe = unsafeNameReason(parsed.data.dir_name)
    if (unsafe !== undefined) return void invalid.push({line: lineNo, reason: `dir_name ${JSON.stringify(parsed.data.dir_name)} ${unsafe}`})
    byDir.delete(parsed.data.dir_name) // re-insert: a repeated dir_name moves to its latest line
    byDir.set(parsed.data.dir_name, {line: parsed.data, lineNo})
  })
  const entries = await Promise.all(
    [...byDir.values()].map(async ({line, lineNo}): Promise<SessionEntry> => {
      const dir = sessionDir(logDir, line.dir_name)
      const dirExists = await isKind(dir, 'dir')
      const report = join(dir, REPORT_FILE)
      const identityDrift = dirExists && (line.anomaly_count ?? 1) > 0 && (await lastAnomalyKind(join(dir, ANOMALIES_FILE))) === 'identity_drift'
      return {line, lineNo, dirExists, identityDrift, ...(dirExists && (await isKind(report, 'file')) ? {reportPath: report} : {})}
    }),
  )
  const skipped = [...stats.skipped, ...invalid].sort((a, b) => a.line - b.line)
  return {indexPath: path, entries, skipped: skipped.slice(0, 100), skippedCount: stats.skippedCount + invalid.length, indexMissing: false}
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
