/**
 * The bundled CLI keeps V8's compiled code per command (src/cli/bundle-loader.ts): written after
 * a successful run, offered to the next, and never trusted from a file another user could have
 * made. DEBUG=trace-doctor makes the loader say what became of the cache on stderr.
 */
import {chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {jsonOutput, PROJECT_ROOT, runCli, type RunCliOptions} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {writeSidecar, writeTrace} from '../store/make-trace.js'

const SESSION = join(PROJECT_ROOT, 'fixtures/sessions/healthy')
const BUILD_ID = readFileSync(join(PROJECT_ROOT, 'dist/bundle/build-id'), 'utf8').trim()
const ENTRY = `${BUILD_ID}-analyze-${process.version}-${process.arch}.v8`

function cacheHome(): {home: string; dir: string} {
  const home = tempDir('td-cache-home-')
  return {home, dir: join(home, 'trace-doctor/code-cache')}
}

async function analyze(home: string, options: RunCliOptions = {}, session = SESSION) {
  const result = await runCli(['analyze', session, '--json'], {...options, env: {XDG_CACHE_HOME: home, DEBUG: 'trace-doctor', ...options.env}})
  const state = /^trace-doctor:code-cache (\w+)$/m.exec(result.stderr)?.[1]
  return {...result, state}
}

describe('the code cache of the bundled CLI', () => {
  it('is written by a successful run and taken by the next, with the same output', async () => {
    const {home, dir} = cacheHome()
    const first = await analyze(home)
    expect(first.code).toBe(0)
    expect(first.state).toBe('absent')
    expect(readdirSync(dir)).toEqual([ENTRY])
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, ENTRY)).mode & 0o777).toBe(0o600)

    const second = await analyze(home)
    expect(second.code).toBe(0)
    expect(second.state).toBe('accepted')
    expect(second.stdout).toBe(first.stdout)
  }, 60_000)

  it('serves a run that loads Node modules on demand (recover starting worker threads)', async () => {
    const {home} = cacheHome()
    const states: Array<string | undefined> = []
    for (const round of [1, 2]) {
      const root = tempDir('td-cache-recover-')
      const shm = join(root, 'shm')
      mkdirSync(shm)
      for (let i = 0; i < 40; i++) {
        writeTrace(join(shm, `autoskillit_trace_${4_100_000 + i}.jsonl`), 20)
        writeSidecar(join(shm, `autoskillit_enrollment_${4_100_000 + i}.json`), 4_100_000 + i)
      }
      const old = new Date(Date.now() - 3_600_000)
      for (const name of readdirSync(shm)) utimesSync(join(shm, name), old, old)
      const args = ['recover', '--tmpfs', shm, '--log-dir', join(root, 'logs'), '--jobs', '2', '--json']
      const run = await runCli(args, {env: {XDG_CACHE_HOME: home, DEBUG: 'trace-doctor'}})
      expect(run.code, `round ${round}: ${run.stdout}`).toBe(0)
      expect(jsonOutput(run, 'recover').rows.filter((r) => r.action === 'finalized')).toHaveLength(40)
      states.push(/^trace-doctor:code-cache (\w+)$/m.exec(run.stderr)?.[1])
    }
    expect(states).toEqual(['absent', 'accepted'])
  }, 120_000)

  it('is not written by a failed run', async () => {
    const {home, dir} = cacheHome()
    const failed = await analyze(home, {}, join(home, 'no-such-session'))
    expect(failed.code).not.toBe(0)
    expect(failed.state).toBe('absent')
    expect(existsSync(join(dir, ENTRY))).toBe(false)
  }, 60_000)

  it('that V8 rejects (damaged) is written anew, and the command runs as without it', async () => {
    const {home, dir} = cacheHome()
    mkdirSync(dir, {recursive: true, mode: 0o700})
    writeFileSync(join(dir, ENTRY), Buffer.alloc(4096, 7), {mode: 0o600})
    const run = await analyze(home)
    expect(run.code).toBe(0)
    expect(run.state).toBe('rejected')
    expect(JSON.parse(run.stdout).summary.snapshot_count).toBe(30)
    expect(readFileSync(join(dir, ENTRY)).equals(Buffer.alloc(4096, 7))).toBe(false)
    expect((await analyze(home)).state).toBe('accepted')
  }, 60_000)

  it('is not taken from, nor written over, a file another user owns', async () => {
    if (process.getuid?.() !== 0) return // only root can hand a file to another user
    const {home, dir} = cacheHome()
    await analyze(home)
    chownSync(join(dir, ENTRY), 65534, 65534)
    const before = readFileSync(join(dir, ENTRY))
    const run = await analyze(home)
    expect(run.code).toBe(0)
    expect(run.state).toBe('untrusted')
    expect(readFileSync(join(dir, ENTRY)).equals(before)).toBe(true)
    expect(statSync(join(dir, ENTRY)).uid).toBe(65534)
  }, 60_000)

  it('is not used in a dir others may write to', async () => {
    const {home, dir} = cacheHome()
    await analyze(home)
    chmodSync(dir, 0o777)
    const run = await analyze(home)
    expect(run.code).toBe(0)
    expect(run.state).toBe('untrusted')
  }, 60_000)

  it('makes ~/.cache in an existing home, and makes no home', async () => {
    const home = tempDir('td-home-')
    const made = await analyze(home, {env: {XDG_CACHE_HOME: '', HOME: home}})
    expect(made.code).toBe(0)
    expect(readdirSync(join(home, '.cache/trace-doctor/code-cache'))).toEqual([ENTRY])

    const missing = join(home, 'no-such-home')
    const none = await analyze(home, {env: {XDG_CACHE_HOME: '', HOME: missing}})
    expect(none.code).toBe(0)
    expect(none.state).toBe('absent')
    expect(existsSync(missing)).toBe(false)
  }, 60_000)

  it('is off with NODE_DISABLE_COMPILE_CACHE', async () => {
    const {home} = cacheHome()
    const run = await analyze(home, {env: {NODE_DISABLE_COMPILE_CACHE: '1'}})
    expect(run.code).toBe(0)
    expect(run.state).toBe('off')
    expect(readdirSync(home)).toEqual([])
  }, 60_000)

  it('keeps each build apart and removes entries of other builds once they are two weeks old', async () => {
    const project = tempDir('td-cache-project-')
    for (const name of ['bin', 'dist', 'package.json', 'oclif.manifest.json']) {
      cpSync(join(PROJECT_ROOT, name), join(project, name), {recursive: true, preserveTimestamps: true})
    }
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(project, 'node_modules'))
    writeFileSync(join(project, 'dist/bundle/build-id'), 'feedc0de00000001\n')
    const {home, dir} = cacheHome()
    await analyze(home) // the checkout's build
    mkdirSync(dir, {recursive: true})
    const old = join(dir, 'feedc0de00000000-analyze-v20.0.0-x64.v8')
    writeFileSync(old, 'x', {mode: 0o600})
    const monthAgo = new Date(Date.now() - 30 * 24 * 3_600_000)
    utimesSync(old, monthAgo, monthAgo)

    const run = await analyze(home, {bin: join(project, 'bin/run.js')})
    expect(run.code).toBe(0)
    expect(run.state).toBe('absent')
    expect(readdirSync(dir).sort()).toEqual([ENTRY, `feedc0de00000001-analyze-${process.version}-${process.arch}.v8`].sort())
  }, 60_000)
})
