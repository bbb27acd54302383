import {spawn} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {PROJECT_ROOT, errorJson, jsonOutput, runCli, BIN} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {writeBigTrace} from '../html/big-trace.js'

const fixture = (...p: string[]) => join(PROJECT_ROOT, 'fixtures', ...p)

/** Runs a shell command inside a pseudo-terminal (util-linux `script`), so stderr is a real TTY. */
async function runScript(command: string, env: NodeJS.ProcessEnv) {
  return new Promise<{code: number | null; out: string}>((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {env, stdio: ['ignore', 'pipe', 'pipe']})
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, out}))
  })
}

describe('trace-doctor report', () => {
  beforeAll(() => {
    if (!existsSync(join(PROJECT_ROOT, 'dist', 'commands', 'report.js'))) throw new Error('run `npx tsc -p tsconfig.json` first')
  })

  it('writes <session-dir>/report.html by default and says what it wrote', async () => {
    const dir = join(tempDir(), 'pty-wrapper')
    cpSync(fixture('sessions', 'pty-wrapper'), dir, {recursive: true})
    const r = await runCli(['report', dir])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Wrote ${join(dir, 'report.html')}`)
    expect(r.stdout).toContain('IDENTITY DRIFT')
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('id="drift-banner"')
  })

  it('prints {output, bytes, snapshots, points, anomalies} with --json and writes --output', async () => {
    const out = join(tempDir(), 'oom.html')
    const r = await runCli(['report', fixture('sessions', 'oom-spike'), '--output', out, '--json'])
    expect(r.code).toBe(0)
    const json = jsonOutput(r, 'report')
    expect(json).toMatchObject({output: out, snapshots: 10, points: 10, anomalies: 5, identity_drift: false})
    expect(json.bytes).toBe(statSync(out).size)
    expect(r.stderr).toBe('')
  })

  it('writes ./trace-doctor-report.html for a bare trace, relative to the cwd', async () => {
    const cwd = tempDir()
    const r = await runCli(['report', fixture('traces', 'torn-tail.jsonl'), '--json'], {cwd: cwd})
    expect(r.code).toBe(0)
    expect(jsonOutput(r, 'report').output).toBe(join(cwd, 'trace-doctor-report.html'))
    expect(existsSync(join(cwd, 'trace-doctor-report.html'))).toBe(true)
  })

  it('reads a tmpfs trace with its sidecar: the drift shows without a summary', async () => {
    const out = join(tempDir(), 'tmpfs.html')
    const r = await runCli(['report', fixture('tmpfs', 'pty-wrapper', 'autoskillit_trace_4242.jsonl'), '-o', out, '--json'])
    expect(jsonOutput(r, 'report')).toMatchObject({identity_drift: true, anomalies: 1})
  })

  it('exits 2 with one line naming the path when the input is missing', async () => {
    const missing = join(tempDir(), 'nope')
    const r = await runCli(['report', missing])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(missing)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    const j = await runCli(['report', missing, '--json'])
    expect(j.code).toBe(2)
    expect(errorJson(j).error.code).toBe('E_INPUT_NOT_FOUND')
  })

  it('exits 2 naming the output when it cannot be written, and leaves nothing behind', async () => {
    const out = join(tempDir(), 'no-such-dir', 'r.html')
    const r = await runCli(['report', fixture('sessions', 'healthy'), '-o', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`cannot write ${out}`)
    expect(existsSync(out)).toBe(false)
  })

  it('explains itself in --help, with long-flag examples', async () => {
    const r = await runCli(['report', '--help'])
    expect(r.code).toBe(0)
    for (const text of ['--output', '--expect-comm', '--pid', '--json', 'Exit codes', 'report.html']) expect(r.stdout).toContain(text)
  })
})

describe('report progress bar', () => {
  // Shared by the tests below, so not tempDir() (that one is removed after each test).
  const dir = mkdtempSync(join(tmpdir(), 'td-progress-'))
  const trace = join(dir, 'long.jsonl')
  beforeAll(() => void writeBigTrace(trace, 30_000))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))
  // The bar is drawn only on a TTY, so these run the CLI in a real pseudo-terminal.
  const env = (extra: NodeJS.ProcessEnv) => {
    const e: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', TRACE_DOCTOR_PROGRESS_DELAY_MS: '0', ...extra}
    if (extra['CI'] === undefined) delete e['CI']
    // vitest sets NODE_ENV=test, which makes oclif look for TS sources and warn on the terminal.
    delete e['NODE_ENV']
    return e
  }

  it('draws on a TTY and erases itself before the result line', async () => {
    const r = await runScript(`'${process.execPath}' '${BIN}' report '${trace}' -o '${trace}.html'`, env({}))
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/\rreport {2}\[[█░]+\] +\d+%/)
    expect(r.out).toContain('\r\u001b[2K')
    expect(r.out.indexOf('\u001b[2K')).toBeLessThan(r.out.indexOf('Wrote '))
  })

  it('stays off under --json and when CI is set, even on a TTY', async () => {
    const json = await runScript(`'${process.execPath}' '${BIN}' report '${trace}' -o '${trace}.html' --json`, env({}))
    expect(json.out).not.toContain('report  [')
    expect(JSON.parse(json.out.replaceAll('\r', '')), json.out).toMatchObject({snapshots: 30_000})
    const ci = await runScript(`'${process.execPath}' '${BIN}' report '${trace}' -o '${trace}.html'`, env({CI: 'true'}))
    expect(ci.out).not.toContain('report  [')
    expect(ci.out).toContain('Wrote ')
  })
})
