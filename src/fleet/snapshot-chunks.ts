/**
 * The `snapshots` INSERT body of one lane of a batch: each session's proc_trace.jsonl converted
 * to TabSeparated rows (rows.ts), one chunk per read of the file. The same generator runs in
 * this thread or in a convert worker (convert-worker.ts), so both paths send the same bytes.
 */
import {join} from 'node:path'
import {describeErrno, errnoCode, InputUnreadableError} from '../errors.js'
import type {Row} from '../model/snapshot-fields.js'
import {TRACE_FILE} from '../store/layout.js'
import {convertFile, type FileCounts} from './convert-file.js'
import {sessionStart, snapshotLine, tsvPrefix} from './rows.js'

/** What converting a session's trace needs (plain data: it crosses to a worker thread). */
export interface LaneSession {
  dir: string
  dirName: string
  /** The session's index line (its timestamp is the fallback time of a row without one). */
  index: Row
  traceBytes: number
}

/** Yields TSV chunks; returns the number of rows. Reports file bytes read, and one warning per file with unreadable lines. */
export function* snapshotChunks(lane: readonly LaneSession[], host: string, version: number, warnings: string[], onBytes: (n: number) => void): Generator<string, number> {
  let rows = 0
  for (const session of lane) {
    if (session.traceBytes === 0) continue
    const prefix = tsvPrefix(host, session.dirName, version)
    const fallback = sessionStart(session.index, undefined)
    const counts: FileCounts = {rows: 0, skipped: 0, bytes: 0, missing: false}
    let reported = 0
    const path = join(session.dir, TRACE_FILE)
    for (const chunk of readingFile(path, convertFile(path, (text, row, ordinal) => snapshotLine(prefix, text, row, ordinal, fallback), counts))) {
      onBytes(counts.bytes - reported)
      reported = counts.bytes
      yield chunk
    }
    onBytes(counts.bytes - reported)
    if (counts.skipped > 0) warnings.push(`${session.dirName}/${TRACE_FILE}: left out ${counts.skipped} unreadable line(s)`)
    rows += counts.rows
  }
  return rows
}

/** Passes `chunks` through; a failure to read the file is the user's file, not the server's, and says so. */
export function* readingFile<T, R>(path: string, chunks: Generator<T, R>): Generator<T, R> {
  for (;;) {
    let next: IteratorResult<T, R>
    try {
      next = chunks.next()
    } catch (error) {
      const code = errnoCode(error)
      throw code === undefined ? error : new InputUnreadableError(path, describeErrno(error), error)
    }
    if (next.done) return next.value
    yield next.value
  }
}
