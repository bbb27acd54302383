/**
 * One redactor for every string that leaves the machine: a secret of every kind the rules know,
 * planted in every field a session can carry (cmdline, cwd, session id, comm, trace rows, error
 * file, error context), is found in no output of `issue`, `report` or `sessions --html`; and
 * `--no-redact` turns it off where the user asks.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {serializeIndexLine} from '../../src/store/session-files.js'
import {parseJson, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {ALL_PLANTED, leaked, PLANTED} from '../redact/planted-secrets.js'
import {makeSession, makeSummary, type MakeSessionOptions} from '../session/make-session.js'

const DIR_NAME = 'run ghp_abcdefghijklmnopqrstuvwxyz0123456789 password=hunter2'

async function plantedLogDir(): Promise<{logDir: string; dir: string}> {
  const logDir = tempDir()
  const o: MakeSessionOptions = {
    id: DIR_NAME,
    comm: ALL_PLANTED,
    rows: 30,
    summary: {session_id: `id ${ALL_PLANTED}`, dir_name: DIR_NAME, cwd: `/home/alice/work ${ALL_PLANTED}`, skill_command: `claude --print hi ${ALL_PLANTED}`},
    rowExtra: () => ({wchan: ALL_PLANTED, environ: ALL_PLANTED}),
    anomalies: [{kind: 'oom_critical', severity: 'critical', seq: 3, detail: {oom_score: 900, note: ALL_PLANTED}}],
  }
  const dir = await makeSession(join(logDir, 'sessions'), o)
  writeFileSync(join(logDir, 'sessions.jsonl'), serializeIndexLine(makeSummary(o)))
  return {logDir, dir}
}

const env = {HOME: '/home/tester', GITHUB_TOKEN: '', GH_TOKEN: ''}

describe('redaction of every field in every output', () => {
  it('issue --dry-run (text and --json) shows no planted secret, from the session or the error file or context', async () => {
    const {logDir, dir} = await plantedLogDir()
    const errorFile = join(tempDir(), 'err.txt')
    writeFileSync(errorFile, `crash\n${ALL_PLANTED}\n`)
    const text = await runCli(['issue', dir, '--dry-run', '--error-file', errorFile, '--log-dir', logDir], {env})
    expect(text.code, text.stderr).toBe(0)
    expect(leaked(text.stdout + text.stderr)).toEqual([])
    expect(text.stdout).toMatch(/^Redacted: \d+ value\(s\)$/m)
    const json = await runCli(['issue', dir, '--dry-run', '--error-context', `crash: ${ALL_PLANTED}`, '--json', '--log-dir', logDir], {env})
    expect(json.code, json.stderr).toBe(0)
    const doc = parseJson<{title: string; body: string; redactions: {total: number; by_rule: Record<string, number>}}>(json)
    expect(leaked(json.stdout)).toEqual([])
    // secretlint's preset found what only it knows (the npm token, the webhook); our PEM rule took the key blocks.
    expect(Object.keys(doc.redactions.by_rule)).toEqual(expect.arrayContaining(['secretlint/npm', 'secretlint/slack']))
    expect(doc.redactions.by_rule['private-key']).toBeGreaterThan(0)
  }, 60_000)

  it('report writes a page with no planted secret and says what it masked; --no-redact keeps them', async () => {
    const {dir} = await plantedLogDir()
    const out = join(tempDir(), 'page.html')
    const r = await runCli(['report', dir, '-o', out], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(leaked(readFileSync(out, 'utf8'))).toEqual([])
    expect(leaked(r.stdout + r.stderr)).toEqual([])
    expect(r.stdout).toMatch(/^Redacted: \d+ value\(s\)$/m)
    expect(r.stdout).toMatch(/^ {2}secretlint\/npm in report\./m)
    const json = parseJson<{redactions: {enabled: boolean; total: number}}>(await runCli(['report', dir, '-o', out, '--json'], {env}))
    expect(json.redactions.enabled).toBe(true)
    expect(json.redactions.total).toBeGreaterThan(PLANTED.length)

    const raw = await runCli(['report', dir, '-o', out, '--no-redact'], {env})
    expect(raw.code).toBe(0)
    expect(raw.stdout).toContain('Redaction: off (--no-redact)')
    expect(leaked(readFileSync(out, 'utf8'))).toContain('github token')
  }, 60_000)

  it('sessions --html writes a page with no planted secret; --no-redact keeps them', async () => {
    const {logDir} = await plantedLogDir()
    const out = join(tempDir(), 'sessions.html')
    const r = await runCli(['sessions', '--log-dir', logDir, '--html', out], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(leaked(readFileSync(out, 'utf8'))).toEqual([])
    expect(r.stdout).toMatch(/^Redacted: \d+ value\(s\)$/m)
    const raw = await runCli(['sessions', '--log-dir', logDir, '--html', out, '--no-redact'], {env})
    expect(raw.code).toBe(0)
    expect(leaked(readFileSync(out, 'utf8'))).toContain('github token')
  }, 60_000)
})
