/**
 * `trace-doctor trace` end to end through the built CLI (run `npx tsc -p tsconfig.json` first),
 * with real child processes, a real PTY wrapper and real signals.
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type * as z from '../../src/model/zod.js'
import {TraceJsonSchema} from '../../src/model/cli-output.js'
import {runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {pidsRunning, startCli, waitForTrace} from '../trace/run-cli-live.js'

/** The document, with the summary fields these tests read. */
type TraceJson = z.infer<typeof TraceJsonSchema> & {summary: {pid: number; target_resolution: {root_pid: number; via: string}}}

function dirs() {
  const tmpfs = tempDir('td-shm-')
  const logs = tempDir('td-logs-')
  return {tmpfs, logs, common: ['--tmpfs', tmpfs, '--log-dir', logs, '--interval', '0.05']}
}

/** The JSON document `--json` prints on stderr (after CMD's own stderr, if any), checked against its schema. */
function jsonFromStderr(stderr: string): TraceJson {
  const doc: unknown = JSON.parse(stderr.slice(stderr.indexOf('{\n')))
  TraceJsonSchema.parse(doc)
  return doc as TraceJson
}

function traceRows(sessionDir: string): Record<string, unknown>[] {
  return readFileSync(join(sessionDir, 'proc_trace.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

describe('trace -- CMD', () => {
  it('passes CMD\'s stdout and exit code through, finalizes a session and removes the tmpfs files', async () => {
    const {tmpfs, logs, common} = dirs()
    const result = await runCli(['trace', ...common, '--session-id', 'exit-seven', '--', 'sh', '-c', 'sleep 1; echo out; exit 7'])
    expect(result.code).toBe(7)
    expect(result.stdout).toBe('out\n')
    expect(result.stderr).toMatch(/^trace-doctor: traced sh \(pid \d+\): \d+ snapshots/m)
    const summary = JSON.parse(readFileSync(join(logs, 'sessions/exit-seven/summary.json'), 'utf8'))
    expect(summary).toMatchObject({session_id: 'exit-seven', exit_code: 7, success: false, subtype: 'failed', termination_reason: 'NATURAL_EXIT', tracked_comm: 'sh', snapshot_interval_seconds: 0.05, skill_command: "sh -c 'sleep 1; echo out; exit 7'"})
    expect(summary.snapshot_count).toBeGreaterThanOrEqual(4)
    expect(summary.duration_seconds).toBeGreaterThan(0.25)
    expect(readFileSync(join(logs, 'sessions.jsonl'), 'utf8')).toContain('"dir_name": "exit-seven"')
    expect(readdirSync(tmpfs)).toEqual([])
  })

  it('CMD flags without -- are one usage line with a hint to add --, and nothing runs', async () => {
    const {tmpfs, logs, common} = dirs()
    const result = await runCli(['trace', ...common, 'ls', '-la', '/'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toEqual(['Error: Nonexistent flag: -la (see --help)', 'Hint: put -- before the command so its flags stay its own: trace-doctor trace [FLAGS] -- CMD [ARGS]'])
    expect(readdirSync(tmpfs)).toEqual([])
    expect(existsSync(join(logs, 'sessions.jsonl'))).toBe(false)
  })

  it('catches a CMD that exits at once with one snapshot', async () => {
    const {logs, common} = dirs()
    const result = await runCli(['trace', ...common, '--session-id', 'instant', '--', 'sh', '-c', 'exit 9'])
    expect(result.code).toBe(9)
    const summary = JSON.parse(readFileSync(join(logs, 'sessions/instant/summary.json'), 'utf8'))
    expect(summary).toMatchObject({exit_code: 9, snapshot_count: 1, tracked_comm: 'sh'})
  })

  it('sees a 60 MB allocation (peak RSS above 30,000 KB) and prints the summary as JSON on stderr only', async () => {
    const {tmpfs, common} = dirs()
    const script = 'const b = Buffer.alloc(60 * 1024 * 1024, 1); setTimeout(() => console.log(b.length), 400)'
    const result = await runCli(['trace', ...common, '--json', '--', process.execPath, '-e', script])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${60 * 1024 * 1024}\n`)
    const json = jsonFromStderr(result.stderr)
    expect(json.summary).toMatchObject({success: true, subtype: 'completed', exit_code: 0, tracked_comm: 'node'})
    expect(json.summary['peak_rss_kb']).toBeGreaterThan(30_000)
    // A last snapshot taken as the process exits (a zombie) has no memory lines, hence no rss_anon_kb.
    const anon = traceRows(json.session_dir).flatMap((r) => (typeof r['rss_anon_kb'] === 'number' ? [r['rss_anon_kb']] : []))
    expect(Math.max(...anon)).toBeGreaterThan(30_000)
    expect(json.tmpfs_trace).toBe(join(tmpfs, `trace-doctor_trace_${json.target.pid}.jsonl`))
  })

  it('--pty traces the workload under script, never the wrapper', async () => {
    const {tmpfs, common} = dirs()
    // Long enough for 5 rows at 0.05 s even when a loaded machine delays the tracer's start.
    const result = await runCli(['trace', ...common, '--pty', '--json', '--', 'sleep', '1.5'])
    expect(result.code).toBe(0)
    const json = jsonFromStderr(result.stderr)
    expect(json.target).toMatchObject({comm: 'sleep'})
    expect(json.target.pid).not.toBe(json.target.root_pid)
    expect(json.summary.target_resolution).toMatchObject({via: 'pty', root_pid: json.target.root_pid})
    expect(json.summary.pid).toBe(json.target.pid)
    expect(json.tmpfs_trace).toBe(join(tmpfs, `trace-doctor_trace_${json.target.pid}.jsonl`))
    const rows = traceRows(json.session_dir)
    expect(rows.length).toBeGreaterThanOrEqual(5)
    expect(rows.every((r) => r['comm'] === 'sleep' && r['pid'] === json.target.pid)).toBe(true)
    expect(json.summary).toMatchObject({tracked_comm: 'sleep', tracked_comm_drift: false})
  })

  it('--pty passes the workload\'s exit code through script', async () => {
    const {common} = dirs()
    const result = await runCli(['trace', ...common, '--pty', '--expect', 'sleep', '--', 'sh', '-c', 'sleep 0.2; exit 5'])
    expect(result.code).toBe(5)
  })

  it('a resolution miss exits 3, names the wrapper pid and the basename, and leaves no process behind', async () => {
    const {tmpfs, logs, common} = dirs()
    const argv = ['sleep', '31.4159']
    const result = await runCli(['trace', ...common, '--pty', '--expect', 'no-such-workload', '--resolve-timeout', '0.3', '--', ...argv])
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^Error: could not resolve the workload "no-such-workload" under pid \d+: /m)
    expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(pidsRunning(argv)).toEqual([])
    expect(readdirSync(tmpfs)).toEqual([])
    expect(existsSync(join(logs, 'sessions'))).toBe(false)
  })

  it('forwards SIGTERM to the workload, finalizes, and exits 128 + 15', async () => {
    const {tmpfs, logs, common} = dirs()
    const live = startCli(['trace', ...common, '--session-id', 'sigterm', '--', 'sleep', '27.1828'])
    await waitForTrace(tmpfs, 2)
    live.child.kill('SIGTERM')
    const result = await live.result
    expect(result.code).toBe(143)
    expect(pidsRunning(['sleep', '27.1828'])).toEqual([])
    const summary = JSON.parse(readFileSync(join(logs, 'sessions/sigterm/summary.json'), 'utf8'))
    expect(summary).toMatchObject({exit_code: 143, success: false, termination_reason: 'SIGNALED', kill_reason: 'SIGTERM', tracked_comm: 'sleep'})
    expect(readdirSync(tmpfs)).toEqual([])
  })

  it('--pty forwards SIGINT to the workload (not to script) and reports SIGNALED', async () => {
    const {tmpfs, logs, common} = dirs()
    const live = startCli(['trace', ...common, '--pty', '--session-id', 'sigint', '--', 'sleep', '29.7'])
    await waitForTrace(tmpfs, 2)
    live.child.kill('SIGINT')
    const result = await live.result
    expect(result.code).toBe(130)
    expect(pidsRunning(['sleep', '29.7'])).toEqual([])
    const summary = JSON.parse(readFileSync(join(logs, 'sessions/sigint/summary.json'), 'utf8'))
    expect(summary).toMatchObject({exit_code: 130, termination_reason: 'SIGNALED', kill_reason: 'SIGINT', tracked_comm: 'sleep'})
  })

  it('traces in memory, saying so once, when tmpfs is unusable', async () => {
    const {logs} = dirs()
    // A missing --tmpfs dir is created now (issue 10): only a path that cannot be a dir is unusable.
    const notADir = join(logs, 'a-file')
    writeFileSync(notADir, '')
    const result = await runCli(['trace', '--tmpfs', join(notADir, 'shm'), '--log-dir', logs, '--interval', '0.05', '--json', '--', 'sleep', '0.3'])
    expect(result.code).toBe(0)
    expect(result.stderr.match(/tracing in memory only/g)).toHaveLength(1)
    const json = jsonFromStderr(result.stderr)
    expect(json.tmpfs_trace).toBeNull()
    expect(json.summary['snapshot_count']).toBeGreaterThanOrEqual(4)
  })
})

describe('trace --pid', () => {
  it('attaches to a running process until it ends, then exits 0', async () => {
    const {common} = dirs()
    const {spawn} = await import('node:child_process')
    // Long enough to outlive the CLI's start on a loaded CI box (it must attach before the end).
    const target = spawn('sleep', ['4'], {stdio: 'ignore'})
    const result = await runCli(['trace', ...common, '--pid', String(target.pid), '--json'])
    expect(result.code).toBe(0)
    const json = jsonFromStderr(result.stderr)
    expect(json.summary).toMatchObject({pid: target.pid, exit_code: null, subtype: 'exited', termination_reason: 'NATURAL_EXIT', tracked_comm: 'sleep'})
    expect(json.summary['snapshot_count']).toBeGreaterThanOrEqual(5)
  })

  it('with --expect, attaches to a matching descendant', async () => {
    const {common} = dirs()
    const {spawn} = await import('node:child_process')
    const parent = spawn('sh', ['-c', 'sleep 4; true'], {stdio: 'ignore'})
    const result = await runCli(['trace', ...common, '--pid', String(parent.pid), '--expect', 'sleep', '--json'])
    expect(result.code).toBe(0)
    const json = jsonFromStderr(result.stderr)
    expect(json.target.comm).toBe('sleep')
    expect(json.target.pid).not.toBe(parent.pid)
  })

  it('a signal detaches (the process keeps running) and exits 128 + N', async () => {
    const {tmpfs, logs, common} = dirs()
    const {spawn} = await import('node:child_process')
    const target = spawn('sleep', ['33.3'], {stdio: 'ignore'})
    try {
      const live = startCli(['trace', ...common, '--pid', String(target.pid), '--session-id', 'detach'])
      await waitForTrace(tmpfs, 2)
      live.child.kill('SIGHUP')
      const result = await live.result
      expect(result.code).toBe(129)
      expect(pidsRunning(['sleep', '33.3'])).toEqual([target.pid])
      const summary = JSON.parse(readFileSync(join(logs, 'sessions/detach/summary.json'), 'utf8'))
      expect(summary).toMatchObject({exit_code: null, subtype: 'detached', termination_reason: 'DETACHED', tracked_comm: 'sleep'})
      expect(readdirSync(tmpfs)).toEqual([])
    } finally {
      target.kill('SIGKILL')
    }
  })

  it('a pid that does not exist is a resolution miss (exit 3)', async () => {
    const {common} = dirs()
    const result = await runCli(['trace', ...common, '--pid', '999999999'])
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/no such process/)
  })
})

describe('trace usage', () => {
  it('rejects bad flags with exit 2 and one line', async () => {
    for (const args of [['trace'], ['trace', '--interval', '0.01', '--', 'true'], ['trace', '--pid', '1', '--', 'true'], ['trace', '--interval', 'soon', '--', 'true']]) {
      const result = await runCli(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toMatch(/^Error: /m)
    }
  })

  it('a command that does not exist exits 2 naming it', async () => {
    const {common} = dirs()
    const result = await runCli(['trace', ...common, '--', 'no-such-command-xyz'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('command not found: no-such-command-xyz')
  })

  it('--help explains every flag with an example using long flags', async () => {
    const result = await runCli(['trace', '--help'])
    expect(result.code).toBe(0)
    for (const flag of ['--pty', '--expect', '--pid', '--interval', '--resolve-timeout', '--tmpfs', '--log-dir', '--session-id', '--json']) expect(result.stdout).toContain(flag)
    expect(result.stdout).toMatch(/trace-doctor trace --pty --session-id/)
  })
})
