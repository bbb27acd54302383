/**
 * Two behaviours of the existing tracer's crash recovery that users' tooling keys on:
 * a crashed session's `session_id` is the dir name `crashed_{pid}_{mtime}` unless the sidecar
 * names one, and a trace without a readable snapshot is finalized as summary.json alone. Checked
 * through `recover`, then read back through every command.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {RecoverReport} from '../../src/recover/recover-report.js'
import {parseJson, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {writeSidecar, writeTrace} from '../store/make-trace.js'

interface Leftover {
  pid: number
  /** trace file content after `snapshots` whole lines; '' for none */
  tail?: string
  snapshots: number
  sessionId?: string
}

/** Crashed leftovers (pids above any pid_max in use), an hour old; returns the recover report. */
async function recoverLeftovers(leftovers: Leftover[]): Promise<{logDir: string; report: RecoverReport}> {
  const root = tempDir()
  const shm = join(root, 'shm')
  mkdirSync(shm)
  const logDir = join(root, 'logs')
  for (const l of leftovers) {
    writeTrace(join(shm, `autoskillit_trace_${l.pid}.jsonl`), l.snapshots, {}, l.tail ?? '')
    writeSidecar(join(shm, `autoskillit_enrollment_${l.pid}.json`), l.pid, l.sessionId === undefined ? {} : {session_id: l.sessionId})
  }
  const old = new Date(Date.now() - 3_600_000)
  for (const name of readdirSync(shm)) utimesSync(join(shm, name), old, old)
  const result = await runCli(['recover', '--tmpfs', shm, '--log-dir', logDir, '--json'])
  expect(result.code).toBe(0)
  const report = parseJson<RecoverReport>(result)
  expect(report.rows.map((r) => r.action)).toEqual(leftovers.map(() => 'finalized'))
  expect(readdirSync(shm)).toEqual([])
  return {logDir, report}
}

const summaryOf = (dir: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))
const indexOf = (logDir: string): Array<Record<string, unknown>> =>
  readFileSync(join(logDir, 'sessions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))

describe('recover: session_id of a crashed session', () => {
  it('is the dir name when the sidecar has none, and the sidecar\'s otherwise, in summary, index and issue', async () => {
    const {logDir, report} = await recoverLeftovers([
      {pid: 4_100_001, snapshots: 3},
      {pid: 4_100_002, snapshots: 3, sessionId: 'run-42'},
    ])
    const [bare, named] = report.rows.map((r) => r.session_dir!)
    const bareName = bare!.split('/').pop()!
    expect(bareName).toMatch(/^crashed_4100001_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{6}\+00-00$/)
    expect(summaryOf(bare!)).toMatchObject({session_id: bareName, dir_name: bareName})
    expect(summaryOf(named!)).toMatchObject({session_id: 'run-42', dir_name: expect.stringMatching(/^crashed_4100002_/)})
    const ids = indexOf(logDir).map((l) => [l['session_id'], l['dir_name']])
    expect(ids).toContainEqual([bareName, bareName])
    expect(ids).toContainEqual(['run-42', named!.split('/').pop()])

    // Users select crashed sessions by the id's prefix: `sessions --json` gives them that id.
    const listed = await runCli(['sessions', '--log-dir', logDir, '--crashed', '--json'])
    expect(listed.code).toBe(0)
    const crashedIds = parseJson<Array<{session_id: string}>>(listed).map((l) => l.session_id)
    expect(crashedIds.filter((id) => id.startsWith('crashed_'))).toEqual([bareName])
    const issue = await runCli(['issue', bare!, '--dry-run'])
    expect(issue.code).toBe(0)
    expect(issue.stdout).toContain(`| Session ID | \`${bareName}\` |`)
  }, 60_000)
})

describe('recover: a crashed trace with no readable snapshot', () => {
  it.each([
    ['a 0-byte file', ''],
    ['only a torn line', '{"captured_at": "2026-04-13T11:0'],
  ])('%s becomes summary.json with snapshot_count 0 and no proc_trace.jsonl', async (_name, tail) => {
    const {logDir, report} = await recoverLeftovers([{pid: 4_100_010, snapshots: 0, tail}])
    const dir = report.rows[0]!.session_dir!
    expect(readdirSync(dir)).toEqual(['summary.json'])
    expect(summaryOf(dir)).toMatchObject({snapshot_count: 0, anomaly_count: 0, subtype: 'crashed', recovery: {torn_tail: tail !== ''}})
    expect(indexOf(logDir)).toHaveLength(1)
    expect(indexOf(logDir)[0]).toMatchObject({snapshot_count: 0, dir_name: dir.split('/').pop()})
  }, 60_000)

  it('reads back through analyze, report, issue and sessions', async () => {
    const {logDir, report} = await recoverLeftovers([{pid: 4_100_020, snapshots: 0}])
    const dir = report.rows[0]!.session_dir!

    const analyzed = await runCli(['analyze', dir, '--json'])
    expect(analyzed.stderr).toBe('')
    expect(analyzed.code).toBe(0)
    const analysis = parseJson<{summary: {snapshot_count: number; pid: number}; input: {snapshots: number; warnings: string[]}}>(analyzed)
    expect(analysis.summary).toMatchObject({snapshot_count: 0, pid: 4_100_020})
    expect(analysis.input).toMatchObject({snapshots: 0, warnings: []})
    const text = await runCli(['analyze', dir])
    expect(text.code).toBe(0)

    const out = join(tempDir(), 'r.html')
    const page = await runCli(['report', dir, '-o', out])
    expect(page.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toContain('4100020')

    const issue = await runCli(['issue', dir, '--dry-run'])
    expect(issue.code).toBe(0)
    expect(issue.stdout).toMatch(/\| Termination \| CRASHED \|/)
    expect(issue.stdout).not.toMatch(/Process Trace/)

    const html = join(tempDir(), 's.html')
    const listed = await runCli(['sessions', '--log-dir', logDir, '--html', html])
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain('crashed_4100020_')
    expect(existsSync(html)).toBe(true)
  }, 60_000)

  it('a session dir whose summary counts snapshots but whose trace is gone is read with a warning', async () => {
    const {report} = await recoverLeftovers([{pid: 4_100_030, snapshots: 2}])
    const dir = report.rows[0]!.session_dir!
    // Simulate a user deleting the trace: the rows are lost, and analyze says so.
    rmSync(join(dir, 'proc_trace.jsonl'))
    const analyzed = await runCli(['analyze', dir, '--json'])
    expect(analyzed.code).toBe(0)
    const analysis = parseJson<{input: {warnings: string[]}}>(analyzed)
    expect(analysis.input.warnings).toEqual([`${join(dir, 'proc_trace.jsonl')}: missing (the summary counts 2 snapshots)`])
  }, 60_000)

  it('a dir with neither summary.json nor proc_trace.jsonl is still an error (exit 2)', async () => {
    const empty = tempDir()
    const analyzed = await runCli(['analyze', empty])
    expect(analyzed.code).toBe(2)
    expect(analyzed.stderr.trim().split('\n')).toHaveLength(1)
  })
})
