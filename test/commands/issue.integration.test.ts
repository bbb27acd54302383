/**
 * `trace-doctor issue` end to end: the built CLI in a child process against the stateful GitHub
 * stand-in on 127.0.0.1. Run `npx tsc -p tsconfig.json` first (npm test does).
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {type CliResult, errorJson, jsonOutput, runCli} from '../helpers/cli.js'
import {type GithubServer, startGithubServer} from '../helpers/github-server.js'
import {tempDir} from '../helpers/temp-dir.js'
import {DRIFT, makeSession, OOM} from '../session/make-session.js'

let server: GithubServer
let logDir: string
beforeEach(async () => {
  server = await startGithubServer({tokens: ['test-token', 'read-only']})
  server.readOnlyTokens.add('read-only')
  logDir = tempDir()
})
afterEach(async () => {
  await server.stop()
})

function issue(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(['issue', ...args, '--api-url', server.url, '--log-dir', logDir], {
    env: {GITHUB_TOKEN: 'test-token', GH_TOKEN: '', GITHUB_API_URL: '', TRACE_DOCTOR_GITHUB_BACKOFF_MS: '0', HOME: '/home/tester', ...env},
  })
}

const sessionsRoot = (): string => join(logDir, 'sessions')

describe('trace-doctor issue: filing flow', () => {
  it('creates, then comments a new occurrence, then skips it', async () => {
    await makeSession(sessionsRoot(), OOM)
    const first = await issue(['sess-oom', '--repo', 'acme/agents', '--label', 'bug', '--json'])
    expect(first.code).toBe(0)
    const created = jsonOutput(first, 'issue')
    expect(created).toMatchObject({action: 'created', issue_url: `${server.url}/acme/agents/issues/1`})
    expect(created.fingerprint).toMatch(/^td-fp-v1-[0-9a-f]{16}$/)
    const filed = server.issues()[0]!
    expect(filed.labels).toEqual(['trace-doctor', 'bug'])
    expect(filed.title).toBe('OOM critical: oom_score reached 870 in `claude`')
    expect(filed.body).toContain(`<!-- trace-doctor:fingerprint=${created.fingerprint} -->`)
    expect(filed.body).toContain('## Session Diagnostics')

    const second = await issue(['sess-oom', '--repo', 'acme/agents', '--error-context', 'worker died: OOMKilled', '--json'])
    expect(jsonOutput(second, 'issue')).toMatchObject({action: 'commented', fingerprint: created.fingerprint})
    const comment = server.issues()[0]!.comments[0]!.body
    expect(comment).toMatch(/^New occurrence in session `sess-oom`/)
    expect(comment).toContain('worker died: OOMKilled')
    expect(comment).not.toContain('<details>') // condensed: the metrics table only

    const third = await issue(['sess-oom', '--repo', 'acme/agents', '--error-context', 'worker died: OOMKilled'])
    expect(third.code).toBe(0)
    expect(third.stdout).toMatch(/^skipped .*issues\/1 \(td-fp-v1-[0-9a-f]{16}\): this error context is already in a comment/)
    expect(server.issues()).toHaveLength(1)
    expect(server.issues()[0]!.comments).toHaveLength(1)
  })

  it('files one issue for two runs started together while search lags', async () => {
    server.searchLagMs = 60_000
    await makeSession(sessionsRoot(), OOM)
    const runs = await Promise.all([1, 2].map(() => issue(['sess-oom', '--repo', 'acme/agents', '--json'])))
    expect(runs.map((r) => r.code)).toEqual([0, 0])
    expect(runs.map((r) => jsonOutput(r, 'issue').action).sort()).toEqual(['created', 'skipped'])
    expect(server.issues()).toHaveLength(1)
  })

  it('files one issue for back-to-back runs from different machines (no shared ledger) while search lags', async () => {
    server.searchLagMs = 60_000
    const dir = await makeSession(tempDir(), OOM)
    const a = await runCli(['issue', dir, '--repo', 'acme/agents', '--api-url', server.url, '--log-dir', tempDir(), '--json'], {env: {GITHUB_TOKEN: 'test-token', TRACE_DOCTOR_GITHUB_BACKOFF_MS: '0'}})
    const b = await runCli(['issue', dir, '--repo', 'acme/agents', '--api-url', server.url, '--log-dir', tempDir(), '--error-context', 'again', '--json'], {env: {GITHUB_TOKEN: 'test-token', TRACE_DOCTOR_GITHUB_BACKOFF_MS: '0'}})
    expect([jsonOutput(a, 'issue').action, jsonOutput(b, 'issue').action]).toEqual(['created', 'commented'])
    expect(server.issues()).toHaveLength(1)
  })

  it('creates a second issue for a different failure', async () => {
    await makeSession(sessionsRoot(), OOM)
    await makeSession(sessionsRoot(), DRIFT)
    const a = jsonOutput(await issue(['sess-oom', '--repo', 'acme/agents', '--json']), 'issue')
    const b = jsonOutput(await issue(['sess-drift', '--repo', 'acme/agents', '--json']), 'issue')
    expect(b.action).toBe('created')
    expect(b.fingerprint).not.toBe(a.fingerprint)
    expect(server.issues().map((i) => i.title)).toEqual(['OOM critical: oom_score reached 870 in `claude`', 'identity drift: traced `script`, expected `claude`'])
  })

  it('uses --fingerprint, --report and --no-chart', async () => {
    await makeSession(sessionsRoot(), OOM)
    const report = join(tempDir(), 'report.md')
    writeFileSync(report, '# Nightly run failed\n\nSee below.\n')
    const r = jsonOutput(await issue(['sess-oom', '--repo', 'acme/agents', '--fingerprint', 'nightly-oom', '--report', report, '--no-chart', '--json']), 'issue')
    expect(r.fingerprint).toBe('nightly-oom')
    const body = server.issues()[0]!.body
    expect(body.startsWith('# Nightly run failed\n\nSee below.\n\n## Session Diagnostics')).toBe(true)
    expect(body).not.toContain('mermaid')
    expect(body).toContain('<!-- trace-doctor:fingerprint=nightly-oom -->')
  })
})

describe('trace-doctor issue: redaction', () => {
  const SECRETS = [
    'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    'sk-proj-abcdefghijklmnop1234',
    'AKIAIOSFODNN7EXAMPLE',
    'xoxb-1234567890-abcdefghij',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    'hunter2',
    'pa55word',
    'Zm9vOmJhcg',
    'alice',
    '/home/tester',
  ]
  const planted = {
    ...OOM,
    id: 'sess-secret',
    summary: {...OOM.summary, cwd: '/home/alice/work', skill_command: 'claude --api-key sk-proj-abcdefghijklmnop1234 password=hunter2'},
    rowExtra: (i: number) => (i === 19 ? {wchan: 'https://bob:pa55word@example.com/x'} : {}),
  }

  it('sends no planted secret, home dir or user name to GitHub', async () => {
    await makeSession(sessionsRoot(), planted)
    const errorFile = join(tempDir(), 'err.txt')
    writeFileSync(errorFile, `fetch failed\nAuthorization: Basic Zm9vOmJhcg\nGITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\naws AKIAIOSFODNN7EXAMPLE slack xoxb-1234567890-abcdefghij\njwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\nat /home/tester/app/index.js:3\n`)
    const r = await issue(['sess-secret', '--repo', 'acme/agents', '--error-file', errorFile, '--json'])
    expect(r.code).toBe(0)
    const {title, body} = server.issues()[0]!
    for (const secret of SECRETS) expect(title + body, secret).not.toContain(secret)
    expect(body).toContain('Authorization: Basic [REDACTED]')
    expect(body).toContain('at ~/app/index.js:3')
    expect(body).toContain('https://[REDACTED]@example.com/x')
  })

  it('--dry-run shows what was redacted without the values and needs no token; --no-redact opts out', async () => {
    await makeSession(sessionsRoot(), planted)
    const dry = await issue(['sess-secret', '--dry-run'], {GITHUB_TOKEN: ''})
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(/^Title: /)
    expect(dry.stdout).toMatch(/api-key in summary.skill_command: sk-p…\(28 chars\)/)
    expect(dry.stdout).toMatch(/url-credentials in trace row 20/)
    for (const secret of SECRETS) expect(dry.stdout, secret).not.toContain(secret)
    expect(server.log).toHaveLength(0)
    const raw = await issue(['sess-secret', '--dry-run', '--no-redact', '--json'])
    const json = jsonOutput(raw, 'issue')
    if (json.action !== 'dry-run') throw new Error(`expected a dry run, got ${json.action}`)
    expect(json.body).toContain('sk-proj-abcdefghijklmnop1234')
  })
})

describe('trace-doctor issue: size cap', () => {
  it('files a 300,000-snapshot session with a body under 65,536 characters', async () => {
    const anomalies: Array<{kind: string; severity: string; seq: number; detail: Record<string, unknown>}> = Array.from({length: 30_000}, (_, i) => ({kind: 'high_cpu_sustained', severity: 'warning', seq: i + 1, detail: {consecutive_count: i + 2, cpu_percent: 99.5}}))
    anomalies.push({kind: 'oom_critical', severity: 'critical', seq: 299_000, detail: {oom_score: 900}})
    await makeSession(sessionsRoot(), {id: 'sess-huge', rows: 300_000, anomalies, rss: (i) => 100_000 + (i === 123_456 ? 5_000_000 : i)})
    const r = await issue(['sess-huge', '--repo', 'acme/agents', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const body = server.issues()[0]!.body
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body).toContain('The process trace block was left out')
    expect(body).toMatch(/\| … \d+ more \| \| \|/)
    expect(body).toContain('`oom_critical`') // the most severe row is kept
    expect(body).toContain('<summary>Anomalies (30001)</summary>')
    const line = /^ {4}line \[(.*)\]$/m.exec(body)![1]!.split(', ')
    expect(line.length).toBeLessThanOrEqual(100)
    expect(line).toContain('4980.5') // the RSS spike survives downsampling (max per bucket)
  }, 60_000)
})

describe('trace-doctor issue: retries and errors', () => {
  beforeEach(async () => {
    await makeSession(sessionsRoot(), OOM)
  })
  const file = (env: NodeJS.ProcessEnv = {}, repo = 'acme/agents'): Promise<CliResult> => issue(['sess-oom', '--repo', repo], env)

  it.each([
    ['500 twice on the list', () => server.fail(2, 500, (m, p) => m === 'GET' && p.endsWith('/issues'))],
    ['a primary rate limit', () => server.fail(1, 'rate-limit')],
    ['a secondary rate limit', () => server.fail(1, 'secondary', (m) => m === 'POST')],
    ['500 once on the create', () => server.fail(1, 500, (m) => m === 'POST')],
  ])('retries %s and files once', async (_name, arrange) => {
    arrange()
    const r = await file()
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^created /)
    expect(server.issues()).toHaveLength(1)
  })

  it.each<[string, () => void, NodeJS.ProcessEnv, string, RegExp]>([
    ['a bad token', () => undefined, {GITHUB_TOKEN: 'wrong-token'}, 'acme/agents', /^Error: GitHub rejected the token \(401 Bad credentials\) while trying to look up existing issues on acme\/agents$/m],
    ['a read-only token', () => undefined, {GITHUB_TOKEN: 'read-only'}, 'acme/agents', /^Error: token lacks issues:write on acme\/agents \(GitHub answered 403: Resource not accessible by personal access token\)$/m],
    ['an unknown repo', () => undefined, {}, 'acme/nope', /^Error: repository acme\/nope not found, or the token cannot see it/m],
    ['a validation failure', () => server.fail(1, 422, (m) => m === 'POST'), {}, 'acme/agents', /^Error: GitHub refused to create an issue on acme\/agents \(422 validation failed: Validation Failed; Issue labels invalid\)$/m],
    ['persistent 500s', () => server.fail(100, 500), {}, 'acme/agents', /^Error: GitHub failed to look up existing issues on acme\/agents: 500 Server Error, still failing after retries$/m],
    ['a long rate limit', () => server.fail(100, 'rate-limit-long'), {}, 'acme/agents', /^Error: GitHub rate limit exceeded while trying to look up existing issues on acme\/agents; it resets at /m],
  ])('exits 1 with one clear line on %s', async (_name, arrange, env, repo, message) => {
    arrange()
    const r = await file(env, repo)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(r.stderr + r.stdout).not.toMatch(/test-token|wrong-token|read-only\b(?! token)/)
  })

  it('prints the error envelope with --json', async () => {
    const r = await issue(['sess-oom', '--repo', 'acme/agents', '--json'], {GITHUB_TOKEN: 'read-only'})
    expect(r.code).toBe(1)
    expect(errorJson(r).error).toMatchObject({code: 'E_GITHUB', exit_code: 1})
  })

  it.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    ['no token', ['sess-oom', '--repo', 'acme/agents'], {GITHUB_TOKEN: '', GH_TOKEN: '', PATH: '/nonexistent'}, /^Error: no GitHub token: set GITHUB_TOKEN or GH_TOKEN/m],
    ['no --repo', ['sess-oom'], {}, /--repo OWNER\/NAME is required/],
    ['a bad --repo', ['sess-oom', '--repo', 'not a repo'], {}, /--repo must be OWNER\/NAME/],
    ['an unknown session', ['no-such-session', '--repo', 'acme/agents'], {}, /^Error: session not found: no-such-session/m],
    ['a missing --error-file', ['sess-oom', '--repo', 'acme/agents', '--error-file', '/nonexistent/err.txt'], {}, /^Error: error file not found: \/nonexistent\/err.txt$/m],
    ['both error flags', ['sess-oom', '--repo', 'acme/agents', '--error-file', 'x', '--error-context', 'y'], {}, /cannot also be provided/],
  ])('exits 2 on %s', async (_name, args, env, message) => {
    const r = await issue(args, env)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(server.issues()).toHaveLength(0)
  })

  it('names the API it could not reach, without a stack trace, and exits 1', async () => {
    const closed = await startGithubServer({tokens: ['test-token']})
    await closed.stop() // a port that refuses connections
    const r = await runCli(['issue', 'sess-oom', '--repo', 'acme/agents', '--api-url', closed.url, '--log-dir', logDir], {
      env: {GITHUB_TOKEN: 'test-token', TRACE_DOCTOR_GITHUB_BACKOFF_MS: '0'},
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`Error: could not reach GitHub at ${closed.url} to look up existing issues on acme/agents: connect ECONNREFUSED`)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('uses GH_TOKEN when GITHUB_TOKEN is unset', async () => {
    const r = await file({GITHUB_TOKEN: '', GH_TOKEN: 'test-token'})
    expect(r.code, r.stderr).toBe(0)
  })
})
