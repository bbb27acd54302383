/**
 * bin/run.js starts from the bundle and oclif.manifest.json that the build writes, but only
 * while they are at least as new as dist/commands: a command changed and compiled since (a plain
 * `tsc`) is what runs, and so is a command added since. bin/dev.js runs the TypeScript source,
 * never the bundle. Each case works on a copy of the built project (node_modules linked), with a
 * marker line added to each copy of the analyze command to show which one ran.
 */
import {cpSync, readFileSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {PROJECT_ROOT, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'

const SESSION = join(PROJECT_ROOT, 'fixtures/sessions/healthy')

function copyProject(): string {
  const dir = tempDir('td-startup-')
  for (const name of ['bin', 'dist', 'commands', 'src', 'package.json', 'tsconfig.json', 'oclif.manifest.json']) {
    cpSync(join(PROJECT_ROOT, name), join(dir, name), {recursive: true, preserveTimestamps: true})
  }
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'))
  // Each copy of the command announces itself on stderr when its module is loaded.
  prepend(join(dir, 'dist/bundle/commands/analyze.cjs'), "process.stderr.write('ran: bundle\\n');")
  prepend(join(dir, 'dist/commands/analyze.js'), "process.stderr.write('ran: dist\\n');")
  prepend(join(dir, 'commands/analyze.ts'), "process.stderr.write('ran: source\\n')")
  return dir
}

function prepend(path: string, line: string): void {
  const text = readFileSync(path, 'utf8')
  writeFileSync(path, `${line}\n${text}`)
}

/** Sets mtimes as a build would leave them: `older` before `newer`. */
function age(dir: string, older: string[], newer: string[]): void {
  const past = new Date(Date.now() - 60_000)
  const now = new Date()
  for (const p of older) utimesSync(join(dir, p), past, past)
  for (const p of newer) utimesSync(join(dir, p), now, now)
}

const ranFrom = (stderr: string): string[] => [...stderr.matchAll(/^ran: (\w+)$/gm)].map((m) => m[1]!)

describe('which code a command runs', () => {
  it('the bundle while the manifest is at least as new as dist/commands', async () => {
    const dir = copyProject()
    age(dir, ['dist/commands/analyze.js'], ['oclif.manifest.json'])
    const result = await runCli(['analyze', SESSION, '--json'], {bin: join(dir, 'bin/run.js')})
    expect(result.code).toBe(0)
    expect(ranFrom(result.stderr)).toEqual(['bundle'])
    expect(JSON.parse(result.stdout).summary.snapshot_count).toBe(30)
  }, 60_000)

  it('the compiled command when it changed after the bundle was built (a plain tsc)', async () => {
    const dir = copyProject()
    age(dir, ['oclif.manifest.json'], ['dist/commands/analyze.js'])
    const result = await runCli(['analyze', SESSION, '--json'], {bin: join(dir, 'bin/run.js')})
    expect(result.code).toBe(0)
    expect(ranFrom(result.stderr)).toEqual(['dist'])
    expect(JSON.parse(result.stdout).summary.snapshot_count).toBe(30)
  }, 60_000)

  it('a command added after the bundle was built is found and runs', async () => {
    const dir = copyProject()
    writeFileSync(
      join(dir, 'dist/commands/hello.js'),
      `import {BaseCommand} from '../src/cli/base-command.js'
export default class Hello extends BaseCommand {
  static summary = 'added after the bundle'
  async run() { this.log('hello from a new command') }
}
`,
    )
    const result = await runCli(['hello'], {bin: join(dir, 'bin/run.js')})
    // Without a usable manifest oclif imports every command to list them: analyze's marker shows.
    expect(result.stderr).toBe('ran: dist\n')
    expect(result.stdout).toBe('hello from a new command\n')
    expect(result.code).toBe(0)
  }, 60_000)

  it('bin/dev.js runs the TypeScript source even with a fresh manifest and bundle', async () => {
    const dir = copyProject()
    age(dir, ['dist/commands/analyze.js'], ['oclif.manifest.json'])
    const result = await runCli(['analyze', SESSION, '--json'], {bin: join(dir, 'bin/dev.js'), nodeArgs: ['--import', 'tsx']})
    expect(ranFrom(result.stderr)).toEqual(['source'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).summary.snapshot_count).toBe(30)
  }, 120_000)
})

describe('what a start loads', () => {
  /**
   * The bundle's files Node's loader opened (NODE_DEBUG=module), by name under dist/bundle/.
   * cli.cjs itself is read by the bundle loader, not by Node's, so it is not among them.
   */
  async function loaded(args: string[]): Promise<string[]> {
    const result = await runCli(args, {env: {NODE_DEBUG: 'module'}})
    expect(result.code, result.stderr.slice(-2000)).toBe(0)
    return [...new Set([...result.stderr.matchAll(/^MODULE \d+: load "[^"]*\/dist\/bundle\/([^"]+)"/gm)].map((m) => m[1]!))].sort()
  }

  it('no network client unless the command talks to a server', async () => {
    expect(await loaded(['--help'])).toEqual([])
    expect(await loaded(['analyze', SESSION, '--json'])).toEqual(['commands/analyze.cjs'])
    expect(await loaded(['issue', SESSION, '--dry-run'])).toEqual(['commands/issue.cjs'])
    expect(await loaded(['ship', '--help'])).toEqual([])
    // ship connects: its module brings the ClickHouse client along (and parses its flags with it)
    const logDir = tempDir('td-logs-')
    expect(await loaded(['ship', '--clickhouse', 'http://127.0.0.1:9', '--dry-run', '--log-dir', logDir])).toContain('lib/clickhouse.cjs')
  }, 60_000)
})
