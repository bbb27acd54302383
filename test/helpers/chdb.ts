/**
 * A current ClickHouse release for the fleet tests: `chdb`, which embeds ClickHouse 26.x in the
 * test process. It is installed on first use into node_modules/.cache (about 550 MB, from the
 * npm registry), not listed in devDependencies: its platform packages are optional dependencies
 * that exist only for the platforms chdb builds, and a lockfile written on one platform then
 * fails `npm ci` wherever the registry lacks the others. A failed install fails the test set-up
 * loudly; nothing is skipped.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {PROJECT_ROOT} from './cli.js'

export const CHDB_VERSION = '3.4.0'

/** What the tests use of chdb's Session (its own types come with the package, not installed at typecheck time). */
export interface ChdbSession {
  query(sql: string, format?: string): string
  close(): void
}

interface ChdbModule {
  Session: new (path?: string) => ChdbSession
}

const CACHE = join(PROJECT_ROOT, 'node_modules', '.cache', 'trace-doctor', `chdb-${CHDB_VERSION}`)

/** chdb's module, installed into the cache first if it is not there yet. */
export function loadChdb(): ChdbModule {
  const entry = join(CACHE, 'node_modules', 'chdb', 'package.json')
  if (!existsSync(entry)) {
    mkdirSync(CACHE, {recursive: true})
    execFileSync('npm', ['install', '--prefix', CACHE, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `chdb@${CHDB_VERSION}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600_000,
    })
  }
  return createRequire(entry)('chdb') as ChdbModule
}
