/**
 * Loads the bundled CLI (dist/bundle/cli.cjs, written by scripts/bundle.js) with V8's code cache,
 * so that a command's second and later starts skip compiling the code it runs. Node 22+ has a
 * compile cache of its own for files it loads; Node 20 has none for ES modules, and compiling was
 * the largest cost left in a start (bench/startup.js).
 *
 * The cache holds what V8 compiled by the end of a successful run, so it covers the functions
 * that command used, not only the top level. One entry per build, command, Node version and
 * architecture, in the user's cache dir; V8 checks its own version and flags too and rejects an
 * entry that does not fit, which is then written anew.
 *
 * A cache entry is code: it is read only from a dir only this user can write, and only when this
 * user owns it. The cache is a speed-up, never a requirement: any failure to read or write it
 * leaves the command running as without it. NODE_DISABLE_COMPILE_CACHE (Node's own switch for its
 * compile cache) turns it off.
 */
import {closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import Module, {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {Script} from 'node:vm'

export interface BundleLoadOptions {
  /** The command being run (its id), or null: each command keeps its own cache entry. */
  command: string | null
  env: NodeJS.ProcessEnv
  home: string
  uid: number
}

export type CacheState = 'off' | 'absent' | 'accepted' | 'rejected' | 'untrusted'

/** A CommonJS module's function: its five arguments, as `require` would pass them. */
type ModuleFunction = (exports: unknown, require: NodeJS.Require, module: Module, file: string, dir: string) => void

/**
 * Entries of other builds (another install may still use its own) are kept while they are this
 * recent, and for at most this many other builds: a checkout rebuilt all day would otherwise
 * leave a few MB per build behind.
 */
const STALE_ENTRY_MS = 14 * 24 * 3_600_000
const OTHER_BUILDS_KEPT = 3

export interface CodeCacheDir {
  dir: string
  /** What must exist already: the cache dir and ~/.cache (or $XDG_CACHE_HOME) may be made, not the home. */
  parent: string
}

/** The cache dir, or null when caching is off or there is no home to keep it in. */
export function codeCacheDir(env: NodeJS.ProcessEnv, home: string): CodeCacheDir | null {
  if (env.NODE_DISABLE_COMPILE_CACHE) return null
  const xdg = env.XDG_CACHE_HOME
  const base = xdg?.startsWith('/') ? xdg : home.startsWith('/') ? join(home, '.cache') : null
  return base === null ? null : {dir: join(base, 'trace-doctor', 'code-cache'), parent: dirname(base)}
}

/** One entry's file name: what V8 would reject anyway is kept apart rather than overwritten in turn. */
export function codeCacheEntryName(buildId: string, command: string | null, nodeVersion: string, arch: string): string {
  return `${buildId}-${command ?? '_'}-${nodeVersion}-${arch}.v8`
}

/** Compiled code is only trusted from a file this user owns and nobody else may write. */
export function isTrustedCacheFile(stat: {uid: number; mode: number}, uid: number): boolean {
  return stat.uid === uid && (stat.mode & 0o022) === 0
}

/**
 * Evaluates the bundle as the CommonJS module `bundlePath` (registered in require's cache, so a
 * later `require` of it, as oclif's command files do, gets these same exports) and returns its
 * exports.
 */
export function loadBundle(bundlePath: string, options: BundleLoadOptions): Record<string, unknown> {
  const cache = codeCacheDir(options.env, options.home)
  if (cache === null) return report(createRequire(bundlePath)(bundlePath), 'off', options)
  const {dir} = cache

  const buildId = readBuildId(bundlePath)
  const entry = join(dir, codeCacheEntryName(buildId, options.command, process.version, process.arch))
  const {data: cachedData, state: readState} = readEntry(dir, entry, options.uid)
  const source = readFileSync(bundlePath, 'utf8')
  // No importModuleDynamically: the bundle has no import() left (scripts/bundle.js sees to it),
  // since on Node 20 a script restored from a cache loses that callback.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`
  const script = new Script(wrapped, {filename: bundlePath, cachedData})
  const state: CacheState = cachedData === undefined ? readState : script.cachedDataRejected ? 'rejected' : 'accepted'

  // What `require` does with a file, by hand (it has no way to take cached data): a module
  // object in require's cache, then the module's function run with its five arguments.
  const requireHere = createRequire(bundlePath)
  const bundle = new Module(bundlePath)
  bundle.filename = bundlePath
  requireHere.cache[bundlePath] = bundle
  const moduleFunction = script.runInThisContext() as ModuleFunction
  moduleFunction.call(bundle.exports, bundle.exports, requireHere, bundle, bundlePath, dirname(bundlePath))
  bundle.loaded = true

  // An entry made by a failed run (a typo, a missing file) would hold little; only a success writes one.
  if (state !== 'accepted' && state !== 'untrusted') {
    process.once('exit', (code) => {
      if (code === 0) writeEntry(cache, entry, buildId, options.uid, () => script.createCachedData())
    })
  }
  return report(bundle.exports as Record<string, unknown>, state, options)
}

/** With DEBUG naming trace-doctor, one line on stderr says what became of the cache. */
function report<T>(exports: T, state: CacheState, options: BundleLoadOptions): T {
  if (options.env.DEBUG && /trace-doctor/.test(options.env.DEBUG)) process.stderr.write(`trace-doctor:code-cache ${state}\n`)
  return exports
}

function readBuildId(bundlePath: string): string {
  try {
    const id = readFileSync(join(dirname(bundlePath), 'build-id'), 'utf8').trim()
    if (/^[0-9a-f]{8,64}$/.test(id)) return id
  } catch {
    // a bundle built without one: fall back to what identifies these bytes well enough
  }
  const s = statSync(bundlePath)
  return `${s.size.toString(16)}x${Math.trunc(s.mtimeMs).toString(16)}` // no '-': it ends the build id in an entry's name
}

function readEntry(dir: string, entry: string, uid: number): {data: Buffer | undefined; state: CacheState} {
  let fd: number
  try {
    if (!isTrustedCacheFile(statSync(dir), uid)) return {data: undefined, state: 'untrusted'}
    fd = openSync(entry, 'r')
  } catch {
    return {data: undefined, state: 'absent'}
  }
  try {
    if (!isTrustedCacheFile(fstatSync(fd), uid)) return {data: undefined, state: 'untrusted'}
    return {data: readFileSync(fd), state: 'absent'}
  } catch {
    return {data: undefined, state: 'absent'}
  } finally {
    closeSync(fd)
  }
}

function writeEntry({dir, parent}: CodeCacheDir, entry: string, buildId: string, uid: number, data: () => Buffer) {
  const tmp = `${entry}.${process.pid}.tmp`
  try {
    statSync(parent) // a service with HOME=/nonexistent gets no cache, not a new top-level dir
    mkdirSync(dir, {recursive: true, mode: 0o700})
    if (!isTrustedCacheFile(statSync(dir), uid)) return
    writeFileSync(tmp, data(), {mode: 0o600})
    renameSync(tmp, entry)
    removeStaleEntries(dir, buildId)
  } catch {
    rmSync(tmp, {force: true})
  }
}

/**
 * Which entries to remove, given the dir's entries with their mtimes: those of other builds once
 * 14 days old, and all but the three newest other builds. Files that are not entries (a temp
 * file of a write in progress) are left alone.
 */
export function staleEntries(entries: ReadonlyArray<CacheFile>, buildId: string, now: number): string[] {
  const newestOfBuild = new Map<string, number>()
  for (const {name, mtimeMs} of entries) {
    const build = buildOf(name)
    if (build === undefined || build === buildId) continue
    newestOfBuild.set(build, Math.max(mtimeMs, newestOfBuild.get(build) ?? 0))
  }
  const newestFirst = [...newestOfBuild].sort((a, b) => b[1] - a[1])
  const kept = new Set(newestFirst.slice(0, OTHER_BUILDS_KEPT).map(([build]) => build))
  return entries
    .filter(({name, mtimeMs}) => {
      const build = buildOf(name)
      return build !== undefined && build !== buildId && (!kept.has(build) || now - mtimeMs > STALE_ENTRY_MS)
    })
    .map(({name}) => name)
}

interface CacheFile {
  name: string
  mtimeMs: number
}

/** The build id an entry's file name (codeCacheEntryName) starts with; undefined for other files. */
const buildOf = (name: string): string | undefined => /^([^-]+)-.*\.v8$/.exec(name)?.[1]

function removeStaleEntries(dir: string, buildId: string): void {
  const entries: CacheFile[] = []
  for (const name of readdirSync(dir)) {
    try {
      entries.push({name, mtimeMs: statSync(join(dir, name)).mtimeMs})
    } catch {
      // removed by another run meanwhile
    }
  }
  for (const name of staleEntries(entries, buildId, Date.now())) rmSync(join(dir, name), {force: true})
}
