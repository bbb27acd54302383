import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {InputNotFoundError, InputUnreadableError} from '../../src/errors.js'
import {readNdjson} from '../../src/io/ndjson-reader.js'
import {tempDir} from '../helpers/temp-dir.js'

async function read(text: string | Buffer, chunkBytes?: number) {
  const path = join(tempDir(), 'x.jsonl')
  writeFileSync(path, text)
  const records: Array<[unknown, number]> = []
  const stats = await readNdjson(path, (r, line) => records.push([r, line]), chunkBytes ? {chunkBytes} : {})
  return {records, stats}
}

describe('readNdjson', () => {
  it('reads objects with their 1-based line numbers and ignores blank lines', async () => {
    const {records, stats} = await read('{"a": 1}\n\n   \n{"a": 2}\r\n')
    expect(records).toEqual([[{a: 1}, 1], [{a: 2}, 4]])
    expect(stats).toMatchObject({lines: 4, records: 2, skippedCount: 0, tornTail: false})
  })

  it('counts a torn last line (no newline, cut JSON) as torn_tail, not an error', async () => {
    const {records, stats} = await read('{"a": 1}\n{"a": 2, "b"')
    expect(records).toHaveLength(1)
    expect(stats).toMatchObject({tornTail: true, skippedCount: 0, lines: 2})
  })

  it('keeps a whole last line that merely lacks its newline', async () => {
    const {records, stats} = await read('{"a": 1}\n{"a": 2}')
    expect(records.map(([, l]) => l)).toEqual([1, 2])
    expect(stats.tornTail).toBe(false)
  })

  it('reports a malformed line in the middle with its number and reason, and goes on', async () => {
    const {records, stats} = await read('{"a": 1}\n{"a": \n[1]\n"str"\n{"a": 3}\n')
    expect(records.map(([r]) => r)).toEqual([{a: 1}, {a: 3}])
    expect(stats.skippedCount).toBe(3)
    expect(stats.skipped.map((s) => s.line)).toEqual([2, 3, 4])
    expect(stats.skipped[0]!.reason).toMatch(/^invalid JSON/)
    expect(stats.skipped[1]!.reason).toBe('not a JSON object (array)')
    expect(stats.skipped[2]!.reason).toBe('not a JSON object (string)')
  })

  it('treats NUL garbage (a crash on some filesystems) as a malformed line', async () => {
    const {stats} = await read(Buffer.concat([Buffer.from('{"a": 1}\n'), Buffer.alloc(5), Buffer.from('\n{"a": 2}\n')]))
    expect(stats).toMatchObject({records: 2, skippedCount: 1})
  })

  it('handles lines and multi-byte characters split across chunk boundaries', async () => {
    const lines = Array.from({length: 200}, (_, i) => JSON.stringify({i, comm: `naïve-${'€'.repeat(i % 7)}`}))
    const {records, stats} = await read(lines.join('\n') + '\n', 7)
    expect(stats.records).toBe(200)
    expect(records.map(([r]) => r)).toEqual(lines.map((l) => JSON.parse(l)))
  })

  it('keeps at most 100 skipped lines but counts them all', async () => {
    const {stats} = await read('garbage\n'.repeat(150))
    expect(stats.skippedCount).toBe(150)
    expect(stats.skipped).toHaveLength(100)
  })

  it('reads an empty file as no records', async () => {
    const {stats} = await read('')
    expect(stats).toMatchObject({lines: 0, records: 0, tornTail: false})
  })

  it('names the file when it is missing or a directory', async () => {
    await expect(readNdjson('/nonexistent/trace.jsonl', () => {})).rejects.toBeInstanceOf(InputNotFoundError)
    const dir = tempDir()
    await expect(readNdjson(dir, () => {})).rejects.toThrow(InputUnreadableError)
    await expect(readNdjson(dir, () => {})).rejects.toThrow(/is a directory/)
  })
})
