import {cpSync, readFileSync, existsSync, writeFileSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {errorJson, jsonOutput, PROJECT_ROOT, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'

const fixture = (p: string) => join(PROJECT_ROOT, 'fixtures', p)

describe('trace-doctor analyze', () => {
  it('warns loudly when the trace describes the PTY wrapper, naming expected and actual comm', async () => {
    const r = await runCli(['analyze', fixture('sessions/pty-wrapper')])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('IDENTITY DRIFT: expected `claude`, but the trace shows `script`')
    expect(r.stdout).toMatch(/critical\s+identity_drift\s+1×\s+seq 0/)
    expect(r.stderr).toBe('')
  })

  it('reads the expected comm from the enrollment sidecar of a tmpfs trace, pid from the name', async () => {
    const r = jsonOutput(await runCli(['analyze', fixture('tmpfs/pty-wrapper/autoskillit_trace_4242.jsonl'), '--json']), 'analyze')
    expect(r.input.kind).toBe('tmpfs')
    expect(r.summary).toMatchObject({pid: 4242, expected_comm: 'claude', tracked_comm: 'claude', modal_comm: 'script', identity_drift: true})
    expect(r.anomalies[0]).toMatchObject({kind: 'identity_drift', pid: 4242, detail: {expected_comm: 'claude', actual_comm: 'script', seq: 0}})
  })

  it('prints the documented JSON document', async () => {
    const r = jsonOutput(await runCli(['analyze', fixture('sessions/oom-spike'), '--json']), 'analyze')
    expect(Object.keys(r).sort()).toEqual(['anomalies', 'input', 'summary', 'trends', 'warnings'])
    expect(r.summary).toMatchObject({snapshot_count: 10, anomaly_count: 5, peak_oom_score: 870, tracked_comm: 'claude', tracked_comm_drift: false})
    expect(r.input).toMatchObject({lines: 10, snapshots: 10, skipped: [], skipped_count: 0, torn_tail: false})
    expect(r.anomalies.map((a) => a.kind)).toEqual(['oom_spike', 'oom_critical', 'oom_critical', 'oom_critical', 'oom_critical'])
    // The same records the session's anomalies.jsonl holds (ts = captured_at makes it reproducible).
    const onDisk = readFileSync(fixture('sessions/oom-spike/anomalies.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(r.anomalies).toEqual(onDisk)
  })

  it('reports skipped lines with their numbers and a torn tail, and still analyzes', async () => {
    const garbage = jsonOutput(await runCli(['analyze', fixture('traces/garbage-lines.jsonl'), '--json']), 'analyze')
    expect(garbage.input.skipped.map((s) => s.line)).toEqual([3, 6, 8])
    expect(garbage.input.snapshots).toBe(4)
    const torn = jsonOutput(await runCli(['analyze', fixture('traces/torn-tail.jsonl'), '--json']), 'analyze')
    expect(torn.input).toMatchObject({torn_tail: true, skipped_count: 0, snapshots: 6})
    const text = await runCli(['analyze', fixture('traces/wrong-types.jsonl')])
    expect(text.stdout).toContain('3 field(s) of the wrong type (first: line 2 `vm_rss_kb`: expected a non-negative integer, got null)')
    const typed = jsonOutput(await runCli(['analyze', fixture('traces/wrong-types.jsonl'), '--json']), 'analyze')
    expect(typed.input.field_issues).toContainEqual({line: 2, field: 'oom_score', reason: 'expected an integer >= -1, got "900"'})
  })

  it('--fail-on exits 1 only when an anomaly of that severity or worse exists', async () => {
    expect((await runCli(['analyze', fixture('sessions/signals-pending'), '--fail-on', 'critical'])).code).toBe(0)
    expect((await runCli(['analyze', fixture('sessions/signals-pending'), '--fail-on', 'warning'])).code).toBe(1)
    expect((await runCli(['analyze', fixture('sessions/zombie'), '--fail-on', 'critical', '--json'])).code).toBe(1)
    expect((await runCli(['analyze', fixture('sessions/healthy'), '--fail-on', 'warning'])).code).toBe(0)
  })

  it('exits 2 with one line and no stack trace on a missing path or bad flag', async () => {
    const missing = await runCli(['analyze', '/nonexistent/session'])
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim()).toBe('Error: path not found: /nonexistent/session')
    const json = await runCli(['analyze', '/nonexistent/session', '--json'])
    expect(json.code).toBe(2)
    expect(errorJson(json)).toEqual({error: {code: 'E_INPUT_NOT_FOUND', message: 'path not found: /nonexistent/session', exit_code: 2}, warnings: []})
    const badSize = await runCli(['analyze', fixture('sessions/healthy'), '--memory-limit', 'lots'])
    expect(badSize.code).toBe(2)
    expect(badSize.stderr).not.toMatch(/\bat .*\.js:\d+/)
    const emptyDir = tempDir()
    const noTrace = await runCli(['analyze', emptyDir])
    expect(noTrace.code).toBe(2)
    expect(noTrace.stderr).toContain('proc_trace.jsonl')
  })

  it('--write rewrites summary.json and anomalies.jsonl in the original format, keeping unknown fields', async () => {
    const dir = join(tempDir(), 'session')
    cpSync(fixture('sessions/oom-spike'), dir, {recursive: true})
    const summaryPath = join(dir, 'summary.json')
    const original = JSON.parse(readFileSync(summaryPath, 'utf8'))
    writeFileSync(summaryPath, JSON.stringify({...original, anomaly_count: 0, peak_oom_score: 0, token_usage: {input: 12}}))
    writeFileSync(join(dir, 'anomalies.jsonl'), '')
    const r = await runCli(['analyze', dir, '--write', '--json'])
    expect(r.code).toBe(0)
    expect(jsonOutput(r, 'analyze').written).toHaveLength(2)
    // Byte-identical to what the fixture generator wrote, plus the unknown field kept in sorted place.
    const rewritten = readFileSync(summaryPath, 'utf8')
    expect(JSON.parse(rewritten)).toEqual({...original, token_usage: {input: 12}})
    expect(rewritten).toContain('  "peak_fd_ratio": 0.042,\n')
    expect(rewritten).toContain('  "duration_seconds": 45.0,\n')
    expect(rewritten.endsWith('}\n')).toBe(true)
    expect(readFileSync(join(dir, 'anomalies.jsonl'), 'utf8')).toBe(readFileSync(fixture('sessions/oom-spike/anomalies.jsonl'), 'utf8'))
  })

  it('--write removes a stale anomalies.jsonl when there are none now, and refuses a bare trace', async () => {
    const dir = join(tempDir(), 'session')
    cpSync(fixture('sessions/healthy'), dir, {recursive: true})
    writeFileSync(join(dir, 'anomalies.jsonl'), '{"kind": "stale"}\n')
    expect((await runCli(['analyze', dir, '--write'])).code).toBe(0)
    expect(existsSync(join(dir, 'anomalies.jsonl'))).toBe(false)
    const bare = await runCli(['analyze', fixture('traces/torn-tail.jsonl'), '--write'])
    expect(bare.code).toBe(2)
    expect(bare.stderr).toContain('--write needs a session dir')
  })

  it('takes --pid and --expect-comm over what the input says', async () => {
    const r = jsonOutput(await runCli(['analyze', fixture('sessions/healthy'), '--json', '--pid', '99', '--expect-comm', 'node']), 'analyze')
    expect(r.summary.pid).toBe(99)
    expect(r.anomalies).toHaveLength(1)
    expect(r.anomalies[0]).toMatchObject({kind: 'identity_drift', pid: 99, detail: {expected_comm: 'node', actual_comm: 'claude'}})
  })

  it('warns about a corrupt summary.json but still analyzes the trace', async () => {
    const dir = join(tempDir(), 's')
    mkdirSync(dir)
    cpSync(fixture('sessions/healthy/proc_trace.jsonl'), join(dir, 'proc_trace.jsonl'))
    writeFileSync(join(dir, 'summary.json'), '{"pid": "not a number"')
    const r = jsonOutput(await runCli(['analyze', dir, '--json']), 'analyze')
    expect(r.summary.snapshot_count).toBe(30)
    expect(r.warnings[0]).toContain('summary.json: not valid JSON')
  })
})
