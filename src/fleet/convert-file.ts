/**
 * Streams one NDJSON file of a session (proc_trace.jsonl, anomalies.jsonl) as converted
 * JSONEachRow text, one chunk per read, so an insert of any size holds one chunk in memory.
 * Lines that are not JSON objects (garbage, a torn tail) are counted and left out, as `analyze`
 * leaves them out. Sync reads on purpose: one syscall per MiB on a local file, and the insert
 * stream pulls the next chunk only when the socket has taken the last one.
 */
import {closeSync, openSync, readSync} from 'node:fs'
import {errnoCode} from '../errors.js'
import type {Row} from '../model/snapshot-fields.js'

const CHUNK_BYTES = 1 << 20

export interface FileCounts {
  rows: number
  skipped: number
  bytes: number
  missing: boolean
}

/** `convert(text, row, ordinal)` returns the output line; ordinal counts valid rows from 0. */
export function* convertFile(path: string, convert: (text: string, row: Row, ordinal: number) => string, counts: FileCounts): Generator<string> {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      counts.missing = true
      return
    }
    throw error
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    let carry = ''
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null)
      counts.bytes += read
      if (read === 0) break
      const text = carry + buffer.toString('utf8', 0, read)
      const end = text.lastIndexOf('\n')
      if (end < 0) {
        carry = text
        continue
      }
      carry = text.slice(end + 1)
      const out = convertLines(text, end, convert, counts)
      if (out !== '') yield out
    }
    // A last line without "\n": kept when it parses (a hand-made file), counted when torn.
    if (carry.trim() !== '') {
      const out = convertLines(carry + '\n', carry.length, convert, counts)
      if (out !== '') yield out
    }
  } finally {
    closeSync(fd)
  }
}

function convertLines(text: string, end: number, convert: (text: string, row: Row, ordinal: number) => string, counts: FileCounts): string {
  let out = ''
  let start = 0
  while (start < end) {
    let stop = text.indexOf('\n', start)
    if (stop < 0 || stop > end) stop = end
    const line = text.slice(start, stop)
    start = stop + 1
    if (line.trim() === '') continue
    let row: unknown
    try {
      row = JSON.parse(line)
    } catch {
      counts.skipped++
      continue
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      counts.skipped++
      continue
    }
    out += convert(line, row as Row, counts.rows++)
  }
  return out
}
