import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {readSessionsIndex} from '../../src/store/session-index.js'
import {tempDir} from '../helpers/temp-dir.js'

const line = (record: Record<string, unknown>): string => JSON.stringify(record) + '\n'

function logDirWith(text: string): string {
  const logDir = tempDir()
  writeFileSync(join(logDir, 'sessions.jsonl'), text)
  return logDir
}

describe('readSessionsIndex (the one reader of sessions.jsonl)', () => {
  it('keeps one entry per dir_name, the latest line winning, at the place of that line', async () => {
    const logDir = logDirWith(
      line({dir_name: 'a', subtype: 'success'}) + line({dir_name: 'b'}) + line({dir_name: 'a', subtype: 'crashed'}),
    )
    const index = await readSessionsIndex(logDir)
    expect(index.sessions.map((s) => [s.line.dir_name, s.line.subtype, s.lineNo])).toEqual([
      ['b', undefined, 2],
      ['a', 'crashed', 3],
    ])
    expect(index.skippedCount).toBe(0)
  })

  it.each([['../escape'], ['.hidden'], ['a/b'], ['bell\u0007'], ['x'.repeat(256)]])(
    'refuses the unsafe dir_name %j, counting it with its line number',
    async (name) => {
      const index = await readSessionsIndex(logDirWith(line({dir_name: 'ok'}) + line({dir_name: name})))
      expect(index.sessions.map((s) => s.line.dir_name)).toEqual(['ok'])
      expect(index.skipped).toEqual([{line: 2, reason: expect.stringContaining('dir_name')}])
    },
  )

  it('counts garbage, non-index lines and a torn tail, in line order', async () => {
    const index = await readSessionsIndex(logDirWith('garbage\n' + line({dir_name: 'ok'}) + line({dir_name: 7}) + '{"dir_name": "to'))
    expect(index.sessions.map((s) => s.line.dir_name)).toEqual(['ok'])
    expect(index.skippedCount).toBe(3)
    expect(index.skipped.map((s) => s.line)).toEqual([1, 3, 4])
    expect(index.skipped[2]!.reason).toMatch(/torn/)
  })

  it('treats a log dir without an index as empty, and a missing log dir as an error', async () => {
    const logDir = tempDir()
    expect(await readSessionsIndex(logDir)).toMatchObject({sessions: [], indexMissing: true, skippedCount: 0})
    mkdirSync(join(logDir, 'sessions'))
    await expect(readSessionsIndex(join(logDir, 'nope'))).rejects.toMatchObject({code: 'E_INPUT_NOT_FOUND', message: expect.stringContaining('log dir')})
  })
})
