/**
 * The index `sessions.jsonl` (SPEC §2.4): one line per finalized session, keys sorted.
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
import {closeSync, fstatSync, fsyncSync, openSync, readSync} from 'node:fs'
import {open} from 'node:fs/promises'
import {writeAllSync} from './durable-write.js'
import {join} from 'node:path'
import {writeFileAtomic} from '../io/atomic-write.js'
import {readNdjson, type NdjsonStats} from '../io/ndjson-reader.js'
import {errnoCode} from '../errors.js'
import {indexPath} from './layout.js'
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
  const fd = openSync(indexPath(logDir), 'a+')
  try {
    const {size} = fstatSync(fd)
    let prefix = ''
    if (size > 0) {
      const last = Buffer.alloc(1)
      readSync(fd, last, 0, 1, size - 1)
      if (last[0] !== 10) prefix = '\n' // a crashed writer left a torn line: close it off
    }
    writeAllSync(fd, prefix + lines.join(''))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

export interface IndexEntry {
  line: number
  record: Record<string, unknown>
}

/** Reads every JSON-object line of the index; a missing index is empty. */
export async function readIndex(logDir: string): Promise<{entries: IndexEntry[]; stats: NdjsonStats | undefined}> {
  const entries: IndexEntry[] = []
  try {
    const stats = await readNdjson(indexPath(logDir), (record, line) => entries.push({line, record}))
    return {entries, stats}
  } catch (error) {
    if (errnoCode((error as {cause?: unknown}).cause) === 'ENOENT') return {entries, stats: undefined}
    throw error
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
