/**
 * The CLI as a user installs it: `npm pack` of the built checkout, `npm install -g` of the tarball
 * into a temp prefix, then the `trace-doctor` shim on PATH (a symlink to bin/run.js), run from
 * another directory. It must start from the bundle with its manifest (npm gives every packed
 * file one mtime, which the freshness rule of bin/run.js has to accept) and keep its code cache.
 */
import {execFile, execFileSync} from 'node:child_process'
import {mkdirSync, readdirSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {PROJECT_ROOT} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'

const SESSION = join(PROJECT_ROOT, 'fixtures/sessions/healthy')

function installPackage(): {shim: string; prefix: string} {
  const dir = tempDir('td-installed-')
  const npm = (args: string[], cwd: string): string => execFileSync('npm', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
  // The checkout is built (npm test builds first): packing it again would rebuild it.
  const tarball = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], PROJECT_ROOT).trim().split('\n').at(-1)!
  const prefix = join(dir, 'prefix')
  npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)], dir)
  return {shim: join(prefix, 'bin', 'trace-doctor'), prefix}
}

describe('the installed package', () => {
  it('runs from its bundle through the shim on PATH, and keeps its code cache', async () => {
    const {shim, prefix} = installPackage()
    const cacheHome = tempDir('td-installed-cache-')
    const cwd = tempDir('td-installed-cwd-')
    mkdirSync(join(cwd, 'elsewhere'))
    // By name, as a shell would find it: PATH → the shim → its `#!/usr/bin/env node` line.
    const env: NodeJS.ProcessEnv = {...process.env, XDG_CACHE_HOME: cacheHome, DEBUG: 'trace-doctor', NODE_DEBUG: 'module', PATH: `${dirname(shim)}:${process.env.PATH}`}
    for (const key of Object.keys(env)) if (key === 'NODE_ENV' || key.startsWith('VITEST') || key === 'NODE_OPTIONS') delete env[key]
    const run = () =>
      new Promise<{code: number; stdout: string; stderr: string}>((resolve) => {
        execFile('trace-doctor', ['analyze', SESSION, '--json'], {cwd: join(cwd, 'elsewhere'), env, maxBuffer: 64 << 20}, (error, stdout, stderr) => {
          resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr})
        })
      })
    const states: string[] = []
    for (const _ of [1, 2]) {
      const result = await run()
      expect(result.code, result.stderr.slice(-2000)).toBe(0)
      expect(JSON.parse(result.stdout).summary.snapshot_count).toBe(30)
      // The bundled command file of the installed copy, not the compiled dist/commands.
      expect(result.stderr).toContain(`${prefix}/lib/node_modules/trace-doctor/dist/bundle/commands/analyze.cjs`)
      expect(result.stderr).not.toMatch(/dist\/commands\/analyze\.js/)
      states.push(/^trace-doctor:code-cache (\w+)$/m.exec(result.stderr)?.[1] ?? 'none')
    }
    expect(states).toEqual(['absent', 'accepted'])
    expect(readdirSync(join(cacheHome, 'trace-doctor/code-cache'))).toHaveLength(1)
  }, 180_000)
})
