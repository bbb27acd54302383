/**
 * Streaming NDJSON reader for traces, indexes and anomaly files.
 *
 * Memory is flat whatever the file size: the file is read in fixed chunks, and each chunk is
 * decoded once up to its last newline (a `\n` byte never occurs inside a UTF-8 sequence, so the
 * cut is always on a character boundary). Measured in bench/ndjson against the `ndjson` package
 * and `node:readline`; this is faster and, unlike them, hands back the torn tail.
 *
 * Line rules (1-based line numbers):
 * - blank lines (only whitespace) are ignored;
 * - a line that is not JSON, or JSON but not an object, is reported in `skipped` and skipped;
 * - the final line, when it has no newline and is not valid JSON, is a torn tail: the writer
 *   died mid-line. It is counted (`tornTail`), not reported as an error. A final line without a
 *   newline that does parse is kept: the data is whole.
 */
import {open} from 'node:fs/promises'
import {errnoCode, InputNotFoundError, InputUnreadableError} from '../errors.js'

export const DEFAULT_CHUNK_BYTES = 1 << 20
/** How many skipped lines are kept with their reason; the rest are only counted. */
export const MAX_REPORTED_SKIPS = 100

export interface SkippedLine {
  line: number
  reason: string
}

export interface NdjsonStats {
  path: string
  /** Lines seen, blank ones included, the torn tail included. */
  lines: number
  records: number
  skipped: SkippedLine[]
  skippedCount: number
  tornTail: boolean
  bytes: number
}

export interface ReadNdjsonOptions {
  chunkBytes?: number
  /** Called with the bytes read so far, at most once per chunk (for progress bars). */
  onProgress?: (bytesRead: number) => void
}

export type RecordSink = (record: Record<string, unknown>, line: number) => void

export async function readNdjson(path: string, onRecord: RecordSink, options: ReadNdjsonOptions = {}): Promise<NdjsonStats> {
  const stats: NdjsonStats = {path, lines: 0, records: 0, skipped: [], skippedCount: 0, tornTail: false, bytes: 0}
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw openError(path, error)
  }
  try {
    const parser = new LineParser(stats, onRecord)
    const buffer = Buffer.allocUnsafe(options.chunkBytes ?? DEFAULT_CHUNK_BYTES)
    let carry: Buffer | undefined
    for (;;) {
      let bytesRead: number
      try {
        ;({bytesRead} = await handle.read(buffer, 0, buffer.length, null))
      } catch (error) {
        throw new InputUnreadableError(path, describeErrno(error), error)
      }
      if (bytesRead === 0) break
      stats.bytes += bytesRead
      const chunk = carry === undefined ? buffer.subarray(0, bytesRead) : Buffer.concat([carry, buffer.subarray(0, bytesRead)])
      const lastNewline = chunk.lastIndexOf(10)
      if (lastNewline < 0) {
        carry = Buffer.from(chunk)
      } else {
        parser.feed(chunk.toString('utf8', 0, lastNewline))
        carry = lastNewline + 1 < chunk.length ? Buffer.from(chunk.subarray(lastNewline + 1)) : undefined
      }
      options.onProgress?.(stats.bytes)
    }
    if (carry !== undefined) parser.finalLine(carry.toString('utf8'))
  } finally {
    await handle.close()
  }
  return stats
}

/** Splits decoded text into lines and parses them; the text holds whole lines only. */
class LineParser {
  constructor(
    private readonly stats: NdjsonStats,
    private readonly onRecord: RecordSink,
  ) {}

  feed(text: string): void {
    let start = 0
    for (;;) {
      const end = text.indexOf('\n', start)
      this.line(end < 0 ? text.slice(start) : text.slice(start, end), false)
      if (end < 0) return
      start = end + 1
    }
  }

  finalLine(text: string): void {
    this.line(text, true)
  }

  private line(raw: string, isUnterminated: boolean): void {
    const lineNo = ++this.stats.lines
    // Fast blank check without allocating a trimmed copy.
    if (raw.length === 0 || (raw.length < 4 && raw.trim() === '')) return
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (error) {
      if (isUnterminated) {
        this.stats.tornTail = true
        return
      }
      if (raw.trim() === '') return
      this.skip(lineNo, `invalid JSON: ${(error as Error).message}`)
      return
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.skip(lineNo, `not a JSON object (${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`)
      return
    }
    this.stats.records++
    this.onRecord(value as Record<string, unknown>, lineNo)
  }

  private skip(line: number, reason: string): void {
    this.stats.skippedCount++
    if (this.stats.skipped.length < MAX_REPORTED_SKIPS) this.stats.skipped.push({line, reason})
  }
}

function openError(path: string, error: unknown): Error {
  if (errnoCode(error) === 'ENOENT') return new InputNotFoundError(path, 'file', error)
  return new InputUnreadableError(path, describeErrno(error), error)
}

export function describeErrno(error: unknown): string {
  switch (errnoCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a directory'
    case 'ENOENT':
      return 'no such file'
    case 'ELOOP':
      return 'is a symbolic link'
    default:
      return error instanceof Error ? error.message : String(error)
  }
}
