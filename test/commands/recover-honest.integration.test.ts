/**
 * Issue 10's recover and trace failures through the built CLI. Permission checks need a user
 * that is not root (root reads mode-000 files and writes any dir): those runs go through
 * `setpriv` as nobody, with their files owned by nobody.
 */
import {spawn} from 'node:child_process'
import {chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {RecoverReport} from '../../src/recover/recover-report.js'
import {indexLockPath} from '../../src/store/session-index.js'
import {BIN, type CliResult, parseJson, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {writeSidecar, writeTrace} from '../store/make-trace.js'

const NOBODY = 65534

/** Runs the CLI as nobody (setpriv), with a HOME it may write. */
function runAsNobody(args: string[], home: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', HOME: home}
    for (const key of Object.keys(env)) if (key === 'NODE_ENV' || key.startsWith('VITEST')) delete env[key]
    const child = spawn('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, BIN, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}))
  })
}

/** A root dir nobody can traverse, with `shm` and `home` owned by nobody. */
function nobodyRoot(): {root: string; shm: string; home: string} {
  const root = tempDir()
  chmodSync(root, 0o755)
  const shm = join(root, 'shm')
  const home = join(root, 'home')
  for (const d of [shm, home]) {
    mkdirSync(d)
    chownSync(d, NOBODY, NOBODY)
  }
  return {root, shm, home}
}

function leftovers(shm: string, count: number, owner?: number): void {
  const old = new Date(Date.now() - 3_600_000)
  for (let i = 0; i < count; i++) {
    const pid = 4_000_000 + i
    const files = [join(shm, `autoskillit_trace_${pid}.jsonl`), join(shm, `autoskillit_enrollment_${pid}.json`)]
    writeTrace(files[0]!, 20)
    writeSidecar(files[1]!, pid)
    for (const f of files) {
      if (owner !== undefined) chownSync(f, owner, owner)
      utimesSync(f, old, old)
    }
  }
}

describe('recover: errors keep their contract', () => {
  it('--jobs 2 reports a held lock exactly as --jobs 1 does: one line, hint, exit 2, E_LOCKED', async () => {
    const results = []
    for (const jobs of ['1', '2']) {
      const root = tempDir()
      const shm = join(root, 'shm')
      mkdirSync(shm)
      leftovers(shm, 40)
      const logDir = join(root, 'logs')
      mkdirSync(indexLockPath(logDir), {recursive: true})
      writeFileSync(join(indexLockPath(logDir), 'owner'), `${process.pid} held-by-test`)
      const env = {TRACE_DOCTOR_LOCK_TIMEOUT: '1'}
      const text = await runCli(['recover', '--tmpfs', shm, '--log-dir', logDir, '--jobs', jobs], {env})
      const json = await runCli(['recover', '--tmpfs', shm, '--log-dir', logDir, '--jobs', jobs, '--json'], {env})
      results.push({text, json})
      expect(readdirSync(shm).filter((n) => n.includes('.recovering-')), `--jobs ${jobs}`).toEqual([])
    }
    for (const {text, json} of results) {
      expect(text.code).toBe(2)
      expect(text.stderr).toMatch(/^Error: could not lock .* within \d+ ms\nHint: another trace-doctor/)
      expect(text.stderr).not.toMatch(/at .*\.js:\d+/)
      expect(json.code).toBe(2)
      expect(parseJson<{error: {code: string; exit_code: number; hint?: string}}>(json).error).toMatchObject({code: 'E_LOCKED', exit_code: 2, hint: expect.stringMatching(/another/)})
    }
  }, 120_000)

  it('into an unwritable log dir: one line, exit 2, nothing claimed', async () => {
    const {root, shm, home} = nobodyRoot()
    leftovers(shm, 2, NOBODY)
    const logDir = join(root, 'logs') // root's 0755: nobody cannot write it
    mkdirSync(logDir)
    const r = await runAsNobody(['recover', '--tmpfs', shm, '--log-dir', logDir], home)
    expect(r.code).toBe(2)
    expect(r.stderr.trimEnd().split('\n')).toEqual([`Error: cannot write log dir ${logDir}: permission denied`])
    expect(readdirSync(shm).sort()).toEqual(['autoskillit_enrollment_4000000.json', 'autoskillit_enrollment_4000001.json', 'autoskillit_trace_4000000.jsonl', 'autoskillit_trace_4000001.jsonl'])
  }, 60_000)

  it('leaves a trace it cannot read untouched, with its verdict, run after run', async () => {
    const {root, shm, home} = nobodyRoot()
    leftovers(shm, 1, NOBODY)
    chmodSync(join(shm, 'autoskillit_trace_4000000.jsonl'), 0o000)
    const logDir = join(root, 'logs')
    mkdirSync(logDir)
    chownSync(logDir, NOBODY, NOBODY)
    for (let run = 0; run < 2; run++) {
      const r = await runAsNobody(['recover', '--tmpfs', shm, '--log-dir', logDir, '--json'], home)
      expect(r.code, r.stderr).toBe(0)
      expect(parseJson<RecoverReport>(r).rows).toEqual([expect.objectContaining({verdict: 'refused', gate: 'safety', action: 'none', reason: expect.stringMatching(/cannot be read \(permission denied\)/)})])
      expect(readdirSync(shm).sort()).toEqual(['autoskillit_enrollment_4000000.json', 'autoskillit_trace_4000000.jsonl'])
    }
  }, 60_000)

  it('three runs at once: the losers say the trace was claimed by another run', async () => {
    const root = tempDir()
    const shm = join(root, 'shm')
    mkdirSync(shm)
    leftovers(shm, 150)
    const args = ['recover', '--tmpfs', shm, '--log-dir', join(root, 'logs'), '--json']
    const runs = await Promise.all([runCli(args), runCli(args), runCli(args)])
    const rows = runs.flatMap((r) => parseJson<RecoverReport>(r).rows)
    expect(rows.filter((r) => r.action === 'finalized')).toHaveLength(150)
    const lost = rows.filter((r) => r.action !== 'finalized')
    for (const row of lost) expect(row, JSON.stringify(row)).toMatchObject({verdict: 'claimed', reason: expect.stringMatching(/claimed by another|being recovered by|taken over/)})
  }, 180_000)
})

describe('trace into an unwritable log dir', () => {
  it("keeps the workload's exit code, says one line, and recover finalizes the session as what it was", async () => {
    const {root, shm, home} = nobodyRoot()
    const logDir = join(root, 'logs')
    mkdirSync(logDir) // root's: nobody cannot write it
    const r = await runAsNobody(['trace', '--interval', '0.05', '--tmpfs', shm, '--log-dir', logDir, '--session-id', 'kept', '--', 'sh', '-c', 'sleep 0.3; exit 3'], home)
    expect(r.code).toBe(3)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^Error: cannot write log dir .*: permission denied; the trace and its real end are kept in .*: run `trace-doctor recover`/)
    const sidecar = readdirSync(shm).find((n) => n.startsWith('trace-doctor_enrollment_'))!
    expect(JSON.parse(readFileSync(join(shm, sidecar), 'utf8')).tracer_end).toMatchObject({exit_code: 3, subtype: 'failed', success: false})

    const writable = join(root, 'logs2')
    mkdirSync(writable)
    chownSync(writable, NOBODY, NOBODY)
    const rec = await runAsNobody(['recover', '--tmpfs', shm, '--log-dir', writable, '--min-age', '0', '--json'], home)
    expect(rec.code, rec.stderr).toBe(0)
    const [row] = parseJson<RecoverReport>(rec).rows
    expect(row).toMatchObject({verdict: 'recovered', action: 'finalized'})
    const summary = JSON.parse(readFileSync(join(writable, 'sessions', 'kept', 'summary.json'), 'utf8'))
    expect(summary).toMatchObject({exit_code: 3, subtype: 'failed', success: false, termination_reason: 'NATURAL_EXIT', skill_command: "sh -c 'sleep 0.3; exit 3'"})
    expect(existsSync(join(shm, sidecar))).toBe(false)
  }, 60_000)
})
