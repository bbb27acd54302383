import {existsSync, readdirSync, readFileSync, utimesSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {UnsafeNameError} from '../../src/errors.js'
import {AnomalySchema} from '../../src/model/anomaly.js'
import {IndexLineSchema} from '../../src/model/index-line.js'
import {TraceRowSchema} from '../../src/model/snapshot.js'
import {SummarySchema} from '../../src/model/summary.js'
import {finalizeSession, type FinalizeSessionInput} from '../../src/store/finalize-session.js'
import {tempDir} from '../helpers/temp-dir.js'
import {makeSnapshot, writeTrace} from './make-trace.js'

function base(logDir: string, over: Partial<FinalizeSessionInput> = {}): FinalizeSessionInput {
  return {
    logDir,
    pid: 4242,
    sessionId: 'sess-1',
    startTs: '2026-04-13T11:04:40.000001+00:00',
    endTs: '2026-04-13T11:05:40.500001+00:00',
    cwd: '/work',
    skillCommand: 'x'.repeat(150),
    kitchenId: 'kit',
    orderId: 'ord',
    success: true,
    subtype: 'completed',
    exitCode: 0,
    terminationReason: 'NATURAL_EXIT',
    snapshotIntervalSeconds: 5,
    ...over,
  }
}

const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '')

describe('finalizeSession', () => {
  it('streams a tmpfs trace into the original-format files, counting torn and garbage lines', async () => {
    const dir = tempDir()
    const trace = join(dir, 'autoskillit_trace_4242.jsonl')
    writeTrace(trace, 6, {oom_score: 850}, 'not json\n{"captured_at": "2026-04-13T11:0')
    const logDir = join(dir, 'logs')
    const done = await finalizeSession(base(logDir, {tracePath: trace, extraSummary: {recovery: {skipped_lines: 1}}}))
    expect(done.dirName).toBe('sess-1')
    expect(done.input?.skippedCount).toBe(1)
    expect(done.input?.tornTail).toBe(true)
    const rows = lines(join(done.dir, 'proc_trace.jsonl'))
    expect(rows).toHaveLength(6)
    expect(rows[0]).toMatch(/^\{"captured_at": "2026-04-13T11:04:43.000123\+00:00", "comm": "claude", "cpu_percent": 0.0, /)
    const row1 = JSON.parse(rows[1]!)
    expect(Object.keys(row1)).toEqual([...Object.keys(row1)].sort())
    expect(row1).toMatchObject({seq: 1, event: 'snapshot', pid: 4242, ts: row1.captured_at})
    const summaryText = readFileSync(join(done.dir, 'summary.json'), 'utf8')
    expect(summaryText.endsWith('}\n')).toBe(true)
    expect(summaryText).toContain('\n  "anomaly_count": 6,\n')
    const summary = JSON.parse(summaryText)
    expect(summary).toMatchObject({
      session_id: 'sess-1', dir_name: 'sess-1', snapshot_count: 6, peak_oom_score: 850, duration_seconds: 60.5,
      tracked_comm: 'claude', tracer_target_resolution_version: 2, recovery: {skipped_lines: 1}, kill_reason: null,
    })
    expect(lines(join(done.dir, 'anomalies.jsonl'))).toHaveLength(6)
    const index = lines(join(logDir, 'sessions.jsonl'))
    expect(index).toHaveLength(1)
    const entry = JSON.parse(index[0]!)
    expect(entry).toMatchObject({dir_name: 'sess-1', timestamp: base(logDir).startTs, kitchen_id: 'kit', anomaly_count: 6})
    expect(entry.skill_command).toHaveLength(100)
    // Every file validates against the one schema of its format.
    for (const row of rows) expect(TraceRowSchema.safeParse(JSON.parse(row)).error).toBeUndefined()
    expect(SummarySchema.safeParse(summary).error).toBeUndefined()
    for (const a of lines(join(done.dir, 'anomalies.jsonl'))) expect(AnomalySchema.safeParse(JSON.parse(a)).error).toBeUndefined()
    expect(IndexLineSchema.safeParse(entry).error).toBeUndefined()
    expect(readdirSync(join(logDir, 'sessions'))).toEqual(['sess-1'])
  })

  it('takes in-memory snapshots and writes no anomalies file when there are none', async () => {
    const logDir = tempDir()
    const done = await finalizeSession(base(logDir, {sessionId: '', snapshots: [0, 1, 2].map((i) => makeSnapshot(i))}))
    expect(done.dirName).toBe('no_session_2026-04-13T11-04-40.000001+00-00')
    expect(done.summary.snapshot_count).toBe(3)
    expect(existsSync(join(done.dir, 'anomalies.jsonl'))).toBe(false)
  })

  it('writes nothing twice when re-run after a crash, and keeps a different session with a reused id', async () => {
    const logDir = tempDir()
    const input = base(logDir, {snapshots: [makeSnapshot(0)]})
    await finalizeSession(input)
    const again = await finalizeSession({...input, snapshots: [makeSnapshot(0)]})
    expect(again.alreadyFinalized).toBe(true)
    expect(lines(join(logDir, 'sessions.jsonl'))).toHaveLength(1)
    const other = await finalizeSession({...input, snapshots: [makeSnapshot(0), makeSnapshot(1)]})
    expect(other.dirName).toBe('sess-1_2')
    expect(JSON.parse(readFileSync(join(other.dir, 'summary.json'), 'utf8')).dir_name).toBe('sess-1_2')
    expect(lines(join(logDir, 'sessions.jsonl')).map((l) => JSON.parse(l).dir_name)).toEqual(['sess-1', 'sess-1_2'])
  })

  it('re-adds a missing index line when the dir is already in place', async () => {
    const logDir = tempDir()
    const input = base(logDir, {snapshots: [makeSnapshot(0)]})
    await finalizeSession(input)
    const {writeFileSync} = await import('node:fs')
    writeFileSync(join(logDir, 'sessions.jsonl'), '')
    const again = await finalizeSession({...input, snapshots: [makeSnapshot(0)]})
    expect(again.alreadyFinalized).toBe(true)
    expect(lines(join(logDir, 'sessions.jsonl'))).toHaveLength(1)
  })

  it('applies retention: removes the oldest dirs by mtime and their index lines', async () => {
    const logDir = tempDir()
    for (let i = 0; i < 3; i++) {
      const done = await finalizeSession(base(logDir, {sessionId: `s${i}`, snapshots: [makeSnapshot(i)], keep: 10}))
      utimesSync(done.dir, 1_000 + i, 1_000 + i)
    }
    const done = await finalizeSession(base(logDir, {sessionId: 's3', snapshots: [makeSnapshot(3)], keep: 2}))
    expect(done.pruned.sort()).toEqual(['s0', 's1'])
    expect(readdirSync(join(logDir, 'sessions')).sort()).toEqual(['s2', 's3'])
    expect(lines(join(logDir, 'sessions.jsonl')).map((l) => JSON.parse(l).dir_name)).toEqual(['s2', 's3'])
  })

  it('refuses session ids that would escape the sessions dir', async () => {
    const logDir = tempDir()
    for (const id of ['../evil', 'a/b', '.hidden', 'bad\u0007bell', '..']) {
      await expect(finalizeSession(base(logDir, {sessionId: id, snapshots: []}))).rejects.toBeInstanceOf(UnsafeNameError)
    }
    expect(existsSync(join(logDir, 'sessions.jsonl'))).toBe(false)
    expect(existsSync(join(logDir, 'sessions'))).toBe(false)
  })
})
