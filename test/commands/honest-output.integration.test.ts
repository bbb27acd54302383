/**
 * Issue 10 through the built CLI: untrusted text never reaches the terminal raw, output paths
 * are never clobbered, every flag error is one line with exit 2, --json survives huge values,
 * and bad input (pids in names, timestamps) is reported as such.
 */
import {spawn} from 'node:child_process'
import {execFileSync} from 'node:child_process'
import {lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {serializeSnapshot} from '../../src/store/session-files.js'
import {type CliResult, parseJson, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {makeSession} from '../session/make-session.js'
import {makeSnapshot} from '../store/make-trace.js'

const HOSTILE = '\x1b]0;PWN\x07\x1b[2J'

function traceFile(name: string, rows: Array<Record<string, unknown>>, extra = ''): string {
  const path = join(tempDir(), name)
  writeFileSync(path, rows.map((r) => serializeSnapshot(r)).join('') + extra)
  return path
}

const snapshots = (n: number, o: Parameters<typeof makeSnapshot>[2] = {}) => Array.from({length: n}, (_, i) => makeSnapshot(i, undefined, o))

function expectOneLineError(r: CliResult, pattern: RegExp): void {
  expect(r.code).toBe(2)
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(r.stderr).toMatch(pattern)
}

describe('control characters never reach the terminal', () => {
  it('analyze: the Process and drift lines and malformed-line reasons escape them', async () => {
    const path = traceFile('t.jsonl', snapshots(5, {comm: HOSTILE}), '\x1b[2Jgarbage\n')
    const r = await runCli(['analyze', path, '--expect-comm', 'claude'])
    expect(r.code).toBe(0)
    // eslint-disable-next-line no-control-regex -- the point: no raw control character may reach the terminal
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/)
    expect(r.stdout).toContain('comm \\x1b]0;PWN\\x07\\x1b[2J (expected claude)')
    expect(r.stdout).toMatch(/IDENTITY DRIFT: .*`\\x1b\]0;PWN\\x07\\x1b\[2J`/)
    expect(r.stdout).toMatch(/malformed line.*\\x1b\[2Jgarbage/)
  })

  it('issue --dry-run: title and body escape them', async () => {
    const logDir = tempDir()
    const dir = await makeSession(join(logDir, 'sessions'), {id: 'hostile', comm: HOSTILE, summary: {tracked_comm: 'claude', success: false, subtype: 'error', exit_code: 1}})
    const r = await runCli(['issue', dir, '--dry-run', '--error-context', `boom ${HOSTILE}`, '--log-dir', logDir], {env: {GITHUB_TOKEN: ''}})
    expect(r.code).toBe(0)
    // eslint-disable-next-line no-control-regex -- the point: no raw control character may reach the terminal
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/)
    expect(r.stdout).toMatch(/^Title: .*\\x1b/m)
  })
})

describe('output files are never clobbered', () => {
  const trace = () => traceFile('t.jsonl', snapshots(5))

  it('report -o /dev/null writes into the device and leaves it a device', async () => {
    const r = await runCli(['report', trace(), '-o', '/dev/null'])
    expect(r.code, r.stderr).toBe(0)
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true)
  })

  it('report -o FIFO: written into when read, refused in one line when nobody reads', async () => {
    const fifo = join(tempDir(), 'page.fifo')
    execFileSync('mkfifo', [fifo])
    const reader = spawn('cat', [fifo])
    let page = ''
    reader.stdout.setEncoding('utf8').on('data', (d: string) => (page += d))
    const readerDone = new Promise((resolve) => reader.on('close', resolve))
    await new Promise((resolve) => setTimeout(resolve, 200)) // let cat open its end
    const r = await runCli(['report', trace(), '-o', fifo])
    await readerDone
    expect(r.code, r.stderr).toBe(0)
    expect(page).toMatch(/^<!doctype html>/i)
    expect(lstatSync(fifo).isFIFO()).toBe(true)
    const alone = await runCli(['report', trace(), '-o', fifo])
    expectOneLineError(alone, /FIFO with no reader/)
    expect(lstatSync(fifo).isFIFO()).toBe(true)
  })

  it('report -o and sessions --html refuse a symlink and leave it and its target alone', async () => {
    const dir = tempDir()
    const target = join(dir, 'precious.txt')
    writeFileSync(target, 'keep me')
    const link = join(dir, 'page.html')
    symlinkSync(target, link)
    expectOneLineError(await runCli(['report', trace(), '-o', link]), /symbolic link/)
    const logDir = tempDir()
    writeFileSync(join(logDir, 'sessions.jsonl'), '')
    expectOneLineError(await runCli(['sessions', '--log-dir', logDir, '--html', link]), /symbolic link/)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readlinkSync(link)).toBe(target)
    expect(readFileSync(target, 'utf8')).toBe('keep me')
  })
})

describe('one exit-code contract', () => {
  it.each([
    [['analyze', '--json']],
    [['recover', '--min-age', '-5', '--json']],
    [['sessions', '--limit', '-1', '--json']],
    [['analyze', 'x', '--fail-on', 'bogus', '--json']],
    [['analyze', 'x', '--bogus', '--json']],
  ])('%j: exit 2, one-line message, and the JSON agrees', async (args) => {
    const r = await runCli(args)
    expect(r.code).toBe(2)
    const doc = parseJson<{error: {code: string; message: string; exit_code: number}}>(r)
    expect(doc.error).toMatchObject({code: 'E_USAGE', exit_code: 2})
    expect(doc.error.message).not.toContain('\n')
  })

  it('without --json too: one line on stderr, exit 2', async () => {
    expectOneLineError(await runCli(['sessions', '--limit', '-1']), /^Error: Parsing --limit: Expected an integer/)
    expectOneLineError(await runCli(['analyze', 'x', '--bogus']), /^Error: Nonexistent flag: --bogus/)
  })

  it('trace --interval above the timer range is refused in one line', async () => {
    expectOneLineError(await runCli(['trace', '--interval', '3000000', '--', 'true']), /--interval must be at most 2147483 seconds/)
  })

  it('trace --tmpfs DIR that does not exist is created, private, and used', async () => {
    const root = tempDir()
    const tmpfs = join(root, 'a', 'b')
    const r = await runCli(['trace', '--interval', '0.05', '--tmpfs', tmpfs, '--log-dir', join(root, 'logs'), '--', 'sleep', '0.3'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).not.toMatch(/in memory/)
    expect(statSync(tmpfs).mode & 0o777).toBe(0o700)
  })
})

describe('--json on huge values', () => {
  it('analyze --json prints a 50 MB comm', async () => {
    const comm = 'x'.repeat(50 * 1024 * 1024)
    const path = traceFile('t.jsonl', [makeSnapshot(0, undefined, {comm}), makeSnapshot(1, undefined, {comm})])
    const r = await runCli(['analyze', path, '--json'], {timeoutMs: 120_000})
    expect(r.code, r.stderr.slice(0, 500)).toBe(0)
    expect(parseJson<{summary: {modal_comm: string}}>(r).summary.modal_comm).toHaveLength(comm.length)
  }, 180_000)

  it('sessions --json prints a 10 MB index line', async () => {
    const logDir = tempDir()
    const command = 'y'.repeat(10 * 1024 * 1024)
    writeFileSync(join(logDir, 'sessions.jsonl'), JSON.stringify({dir_name: 'big', session_id: 'big', skill_command: command, timestamp: '2026-04-13T11:04:40.000000+00:00'}) + '\n')
    mkdirSync(join(logDir, 'sessions'))
    const r = await runCli(['sessions', '--log-dir', logDir, '--json'], {timeoutMs: 120_000})
    expect(r.code, r.stderr.slice(0, 500)).toBe(0)
    expect(parseJson<{sessions: Array<{skill_command: string}>}>(r).sessions[0]!.skill_command).toHaveLength(command.length)
  }, 180_000)
})

describe('bad input is reported as such', () => {
  it.each(['007', '99999999999999999999999'])('analyze reads the pid in %s as no pid, as recover does', async (pidText) => {
    const path = traceFile(`autoskillit_trace_${pidText}.jsonl`, snapshots(3))
    const r = await runCli(['analyze', path, '--json'])
    expect(r.code).toBe(0)
    const doc = parseJson<{summary: {pid: number}; warnings: string[]}>(r)
    expect(doc.summary.pid).not.toBe(7)
    expect(doc.warnings.join('\n')).toContain(`the pid part of the name, "${pidText}", is not a pid`)
  })

  it('a captured_at that is no date, and one that goes backwards, are field issues; the duration is never negative', async () => {
    const rows = snapshots(4)
    rows[1] = {...rows[1], captured_at: 'not a date'}
    rows[3] = {...rows[3], captured_at: '2026-04-13T10:00:00.000000+00:00'}
    const r = await runCli(['analyze', traceFile('t.jsonl', rows), '--json'])
    expect(r.code).toBe(0)
    const doc = parseJson<{summary: {duration_seconds: number | null}; input: {field_issues: Array<{line: number; field: string; reason: string}>}}>(r)
    expect(doc.input.field_issues).toEqual([
      {line: 2, field: 'captured_at', reason: 'expected an ISO 8601 timestamp, got "not a date"'},
      expect.objectContaining({line: 4, field: 'captured_at', reason: expect.stringMatching(/^goes backwards/)}),
    ])
    expect(doc.summary.duration_seconds === null || doc.summary.duration_seconds >= 0).toBe(true)
  })
})
