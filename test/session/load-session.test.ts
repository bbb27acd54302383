import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {InputInvalidError, InputNotFoundError} from '../../src/errors.js'
import {loadSession, resolveSessionDir} from '../../src/session/load-session.js'
import {tempDir} from '../helpers/temp-dir.js'
import {makeSession, OOM} from './make-session.js'

describe('loadSession', () => {
  it('reads summary, anomalies, the last 10 rows and an RSS series in one pass', async () => {
    const dir = await makeSession(tempDir(), {...OOM, rows: 250})
    const s = await loadSession(dir)
    expect(s.summary.session_id).toBe('sess-oom')
    expect(s.anomalies.total).toBe(2)
    expect(s.anomalies.kinds).toEqual(['oom_critical', 'oom_spike'])
    expect(s.tail.map((r) => r['seq'])).toEqual([240, 241, 242, 243, 244, 245, 246, 247, 248, 249])
    expect(s.traceRows).toBe(250)
    expect(s.rss.length).toBeLessThanOrEqual(100)
    expect(Math.max(...s.rss.map((p) => p.rssKb))).toBe(100_249)
  })

  it('accepts a session without anomalies.jsonl, and reports bad anomaly lines', async () => {
    const dir = await makeSession(tempDir(), {rows: 3})
    expect((await loadSession(dir)).anomalies.total).toBe(0)
    writeFileSync(join(dir, 'anomalies.jsonl'), '{"kind": "x"}\nnot json\n')
    const s = await loadSession(dir)
    expect(s.anomalies.total).toBe(0)
    expect(s.anomalySkipped.map((x) => x.line)).toEqual([1, 2])
  })

  it('fails with one line naming the file when summary.json is missing or wrong', async () => {
    const root = tempDir()
    mkdirSync(join(root, 'empty'))
    await expect(loadSession(join(root, 'empty'))).rejects.toThrow(/not a finalized session: no summary.json/)
    const dir = await makeSession(root, {rows: 1})
    writeFileSync(join(dir, 'summary.json'), '{"exit_code": "zero"}')
    const err = await loadSession(dir).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputInvalidError)
    expect((err as Error).message).toMatch(/summary\.json: field `exit_code`/)
  })
})

describe('resolveSessionDir', () => {
  it('takes a path, or an id under {logDir}/sessions', async () => {
    const logDir = tempDir()
    const dir = await makeSession(join(logDir, 'sessions'), {id: 'abc'})
    expect(await resolveSessionDir(dir, '/nowhere')).toBe(dir)
    expect(await resolveSessionDir('abc', logDir)).toBe(dir)
    await expect(resolveSessionDir('nope', logDir)).rejects.toBeInstanceOf(InputNotFoundError)
    await expect(resolveSessionDir('../etc', logDir)).rejects.toThrow()
    await expect(resolveSessionDir(join(dir, 'summary.json'), logDir)).rejects.toThrow(/not a session directory/)
  })
})
