/**
 * The index `sessions.jsonl` (docs/formats.md §5): one line per finalized session, keys sorted.
 *
 *   {"anomaly_count": 0, "cwd": "/w", "dir_name": "crashed_4242_2026-04-13T11-05-00.000000+00-00", ...}
 *
 * Protocol (trace-doctor improves on the original, which loses lines appended during a rewrite):
 * every append and every rewrite happens under the log dir's lock (`sessions.jsonl.lock/`).
 * An append is one `write(2)` on an O_APPEND descriptor followed by fsync; a rewrite reads the
 * current file under the lock and replaces it by temp + rename. So a rewrite always starts from
 * every line appended before it, and no append can land in a file about to be replaced.
 * A torn last line left by a crashed writer is ended with a newline before the next append, so
 * it cannot swallow the new line.
 */
import {statSync} from 'node:fs'
import {open} from 'node:fs/promises'
import {join} from 'node:path'
import {errnoCode, InputNotFoundError} from '../errors.js'
import {writeFileAtomic} from '../io/atomic-write.js'
import {MAX_REPORTED_SKIPS, readNdjson, type SkippedLine} from '../io/ndjson-reader.js'
import {IndexLineReadSchema, type IndexLineRead} from '../model/index-line.js'
import {describeZodError} from '../model/validate.js'
import {appendLinesDurably} from './durable-write.js'
import {indexPath, unsafeNameReason} from './layout.js'
import {withLock, type LockOptions} from './lock.js'

export const INDEX_LOCK = 'sessions.jsonl.lock'
export const indexLockPath = (logDir: string): string => join(logDir, INDEX_LOCK)

/** Runs `fn` holding the index lock; appends and rewrites below expect to be called inside it. */
export function withIndexLock<T>(logDir: string, fn: () => Promise<T>, options?: LockOptions): Promise<T> {
  return withLock(indexLockPath(logDir), fn, {...lockTimeoutFromEnv(), ...options})
}

/**
 * `TRACE_DOCTOR_LOCK_TIMEOUT` (seconds): how long to wait for another trace-doctor holding the log
 * dir (default 60 s in lock.ts). A script that would rather fail fast than wait sets it low.
 */
export function lockTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): LockOptions {
  const seconds = Number(env['TRACE_DOCTOR_LOCK_TIMEOUT'])
  return env['TRACE_DOCTOR_LOCK_TIMEOUT'] && Number.isFinite(seconds) && seconds >= 0 ? {timeoutMs: seconds * 1000} : {}
}

/** Appends whole lines (each ending in "\n") in one write. Call inside withIndexLock. */
export async function appendIndexLinesLocked(logDir: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return
  // Sync on purpose: a few µs each inside the lock, where thread-pool round trips would add up.
  appendLinesDurably(indexPath(logDir), lines.join(''))
}

/** One session as the index lists it: its latest valid line. */
export interface IndexedSession {
  line: IndexLineRead
  /** 1-based line number in sessions.jsonl (the last line wins when a dir_name repeats). */
  lineNo: number
}

export interface SessionsIndex {
  indexPath: string
  /** In index order (of each dir_name's latest line); every dir_name is unique and safe. */
  sessions: IndexedSession[]
  /** Lines skipped, with their number and reason (the first MAX_REPORTED_SKIPS), in line order. */
  skipped: SkippedLine[]
  /** Every skipped line: not JSON, not an object, not an index line, an unsafe dir_name, a torn tail. */
  skippedCount: number
  /** There is no sessions.jsonl yet (a fresh log dir): no sessions, not an error. */
  indexMissing: boolean
}

/**
 * The one reader of the index: every command and page that lists sessions goes through it.
 * Each line is checked with `IndexLineReadSchema`; a bad line is counted with its number, never
 * fatal (the index is append-only, and a torn or foreign line must not hide the others). A
 * `dir_name` that could escape `sessions/` (docs/formats.md §5 names are plain) is refused, so no caller
 * can be led outside the log dir; a repeated `dir_name` (a re-run finalization) counts once.
 * A missing log dir is an error (a mistyped --log-dir must not look like "no sessions").
 */
export async function readSessionsIndex(logDir: string): Promise<SessionsIndex> {
  const path = indexPath(logDir)
  const byDir = new Map<string, IndexedSession>()
  const invalid: SkippedLine[] = []
  let stats
  try {
    stats = await readNdjson(path, (record, lineNo) => {
      const parsed = IndexLineReadSchema.safeParse(record)
      if (!parsed.success) return void invalid.push({line: lineNo, reason: describeZodError('index line', parsed.error)})
      const unsafe = unsafeNameReason(parsed.data.dir_name)
      if (unsafe !== undefined) return void invalid.push({line: lineNo, reason: `dir_name ${JSON.stringify(parsed.data.dir_name)} ${unsafe}`})
      byDir.delete(parsed.data.dir_name) // re-insert: a repeated dir_name moves to its latest line
      byDir.set(parsed.data.dir_name, {line: parsed.data, lineNo})
    })
  } catch (error) {
    if (!(error instanceof InputNotFoundError)) throw error
    if (!isDirectory(logDir)) throw new InputNotFoundError(logDir, 'log dir', error)
    return {indexPath: path, sessions: [], skipped: [], skippedCount: 0, indexMissing: true}
  }
  if (stats.tornTail) invalid.push({line: stats.lines, reason: 'torn last line (a writer died mid-line)'})
  const skipped = [...stats.skipped, ...invalid].sort((a, b) => a.line - b.line).slice(0, MAX_REPORTED_SKIPS)
  return {indexPath: path, sessions: [...byDir.values()], skipped, skippedCount: stats.skippedCount + invalid.length, indexMissing: false}
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * Rewrites the index keeping the raw lines for which `keep(record)` is true (and lines that do
 * not parse: they are evidence, not ours to drop). Call inside withIndexLock.
 * Returns how many lines were dropped.
 */
export async function rewriteIndexLocked(logDir: string, keep: (record: Record<string, unknown>) => boolean): Promise<number> {
  let text: string
  const handle = await open(indexPath(logDir), 'r').catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  })
  if (handle === undefined) return 0
  try {
    text = await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
  const kept: string[] = []
  let dropped = 0
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue
    let record: unknown
    try {
      record = JSON.parse(raw)
    } catch {
      record = undefined
    }
    if (typeof record === 'object' && record !== null && !Array.isArray(record) && !keep(record as Record<string, unknown>)) {
      dropped++
      continue
    }
    kept.push(raw + '\n')
  }
  if (dropped > 0) await writeFileAtomic(indexPath(logDir), kept.join(''))
  return dropped
}
