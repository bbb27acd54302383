/**
 * The progress bar end to end for analyze and recover (report's is in
 * test/commands/report.test.ts): each CLI runs in a real pseudo-terminal (util-linux `script`),
 * because the bar is only ever drawn when stderr is a TTY.
 */
import {spawn} from 'node:child_process'
import {cpSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN, PROJECT_ROOT} from '../helpers/cli.js'
import {writeBigTrace} from '../html/big-trace.js'

const dir = mkdtempSync(join(tmpdir(), 'td-progress-pty-'))
const trace = join(dir, 'long.jsonl')

function inPty(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{code: number | null; out: string}> {
  const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', TRACE_DOCTOR_PROGRESS_DELAY_MS: '0', ...extraEnv}
  if (extraEnv['CI'] === undefined) delete env['CI']
  delete env['NODE_ENV'] // vitest's NODE_ENV=test makes oclif warn about TS sources on the terminal
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {env, stdio: ['ignore', 'pipe', 'pipe']})
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, out}))
  })
}

beforeAll(() => void writeBigTrace(trace, 30_000))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('progress on a terminal', () => {
  it('analyze draws a byte bar, erases it, then prints its report', async () => {
    const r = await inPty(['analyze', trace])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/\ranalyze {2}\[[█░]+\] +\d+% {2}\d+\.\d\/\d+\.\d MiB/)
    expect(r.out.lastIndexOf('\u001b[2K')).toBeLessThan(r.out.indexOf('trace-doctor analyze'))
  })

  it('analyze --json and CI=true keep the terminal clean', async () => {
    const json = await inPty(['analyze', trace, '--json'])
    expect(json.out).not.toContain('analyze  [')
    expect(JSON.parse(json.out.replaceAll('\r', '')).summary.snapshot_count).toBe(30_000)
    const ci = await inPty(['analyze', trace], {CI: 'true'})
    expect(ci.out).not.toContain('analyze  [')
  })

  it('recover counts files', async () => {
    const tmpfs = join(dir, 'shm')
    cpSync(join(PROJECT_ROOT, 'fixtures', 'tmpfs', 'pty-wrapper'), tmpfs, {recursive: true})
    const r = await inPty(['recover', '--tmpfs', tmpfs, '--log-dir', join(dir, 'logs'), '--min-age', '0', '--dry-run'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/\rrecover {2}\[█+\] +100% {2}1\/1/)
    expect(r.out).toContain('\r\u001b[2K')
  })
})
