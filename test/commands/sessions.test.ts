import {cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {pyDumps} from '../../src/io/py-json.js'
import {filterSessions} from '../../src/store/list-sessions.js'
import {serializeIndexLine} from '../../src/store/session-files.js'

import {parseJson, PROJECT_ROOT, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'

const line = (over: Record<string, unknown>): Record<string, unknown> => ({
  session_id: '', dir_name: 'd', timestamp: '2026-04-13T11:00:00.000000+00:00', cwd: '/', kitchen_id: '', order_id: '',
  skill_command: 'x', success: true, subtype: 'completed', exit_code: 0, snapshot_count: 3, anomaly_count: 0,
  peak_rss_kb: 100, peak_oom_score: 0, tracked_comm: 'claude', tracked_comm_drift: false, ...over,
})

const LINES = [
  line({dir_name: 'old-ok', timestamp: '2026-04-01T00:00:00+00:00'}),
  line({dir_name: 'crash', timestamp: '2026-04-12T00:00:00+00:00', success: false, subtype: 'crashed', exit_code: -1, anomaly_count: 2}),
  line({dir_name: 'drifted', timestamp: '2026-04-13T00:00:00+00:00', tracked_comm: 'script', tracked_comm_drift: true}),
  line({dir_name: 'failed', timestamp: '2026-04-11T00:00:00+00:00', success: false, subtype: 'failed', exit_code: 1}),
]

function logDirWith(text: string): string {
  const logDir = tempDir()
  mkdirSync(join(logDir, 'sessions'))
  writeFileSync(join(logDir, 'sessions.jsonl'), text)
  return logDir
}

describe('filterSessions', () => {
  it('sorts newest first and combines filters', () => {
    const all = filterSessions(LINES as never, {})
    expect(all.map((l) => l.dir_name)).toEqual(['drifted', 'crash', 'failed', 'old-ok'])
    expect(filterSessions(LINES as never, {failed: true}).map((l) => l.dir_name)).toEqual(['crash', 'failed'])
    expect(filterSessions(LINES as never, {crashed: true, anomalies: true}).map((l) => l.dir_name)).toEqual(['crash'])
    expect(filterSessions(LINES as never, {drift: true, comm: 'script'}).map((l) => l.dir_name)).toEqual(['drifted'])
    expect(filterSessions(LINES as never, {sinceMs: Date.parse('2026-04-11'), limit: 2}).map((l) => l.dir_name)).toEqual(['drifted', 'crash'])
  })
})

describe('trace-doctor sessions (built CLI)', () => {
  it('lists as JSON, tolerating torn and garbage lines with one warning', async () => {
    const text = LINES.map((l) => pyDumps(l, {sortKeys: true}) + '\n').join('') + 'garbage\n' + '{"dir_name": "torn'
    const logDir = logDirWith(text)
    const result = await runCli(['sessions', '--log-dir', logDir, '--json', '--failed'])
    expect(result.code).toBe(0)
    expect(parseJson<Array<{dir_name: string}>>(result).map((l) => l.dir_name)).toEqual(['crash', 'failed'])
    expect(result.stderr.match(/Warning/g)).toHaveLength(1)
    expect(result.stderr).toMatch(/skipped 2 torn or unreadable line\(s\), first at line 5/)
    const table = await runCli(['sessions', '--log-dir', logDir, '--comm', 'claude', '--limit', '1'])
    expect(table.stdout.split('\n')[0]).toMatch(/^STARTED\s+SUBTYPE/)
    expect(table.stdout).toMatch(/crash\n?$/m)
    expect(table.stdout).not.toMatch(/old-ok/)
  })

  it('handles a missing index and rejects a bad --since with exit 2', async () => {
    const empty = await runCli(['sessions', '--log-dir', tempDir(), '--json'])
    expect(empty.code).toBe(0)
    expect(parseJson(empty)).toEqual([])
    const bad = await runCli(['sessions', '--log-dir', tempDir(), '--since', 'yesterday-ish'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^Error: --since: not a date/)
  })
})

describe('sessions --drift: one meaning (issue 9)', () => {
  it('lists the PTY-wrapper fixture (one comm, the wrong one: an identity_drift anomaly), says why, and leaves clean sessions out', async () => {
    const logDir = logDirWith('')
    const indexLines: string[] = []
    for (const name of ['pty-wrapper', 'healthy', 'identity-drift']) {
      const dir = join(logDir, 'sessions', `fixture-${name}`)
      cpSync(join(PROJECT_ROOT, 'fixtures', 'sessions', name), dir, {recursive: true})
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown>
      indexLines.push(serializeIndexLine(summary)) // the fixtures' summaries predate identity_drift: the anomalies file says it
    }
    // A session whose dir is gone: only its index line's new field can say it drifted.
    indexLines.push(pyDumps(line({dir_name: 'pruned', tracked_comm: 'script', identity_drift: true}), {sortKeys: true}) + '\n')
    writeFileSync(join(logDir, 'sessions.jsonl'), indexLines.join(''))
    const result = await runCli(['sessions', '--log-dir', logDir, '--drift', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const listed = parseJson<Array<{dir_name: string; drift_by: string[]; tracked_comm_drift: boolean}>>(result)
    expect(Object.fromEntries(listed.map((l) => [l.dir_name, l.drift_by]))).toEqual({
      'fixture-pty-wrapper': ['identity_drift'],
      'fixture-identity-drift': ['tracked_comm_drift', 'identity_drift'],
      pruned: ['identity_drift'],
    })
    const table = await runCli(['sessions', '--log-dir', logDir, '--drift'])
    expect(table.stdout).toMatch(/claude \(identity drift\)\s+fixture-pty-wrapper/)
    const all = parseJson<Array<{dir_name: string; drift_by: string[]}>>(await runCli(['sessions', '--log-dir', logDir, '--json']))
    expect(all.find((l) => l.dir_name === 'fixture-healthy')?.drift_by).toEqual([])
  })
})
