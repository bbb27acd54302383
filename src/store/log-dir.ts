/**
 * Where finalized sessions live (docs/formats.md §5): `--log-dir`, else `TRACE_DOCTOR_LOG_DIR`, else
 * `$XDG_DATA_HOME/trace-doctor/logs`, else `~/.local/share/trace-doctor/logs`.
 */
import {mkdirSync, mkdtempSync, rmdirSync} from 'node:fs'
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'
import {StoreError} from '../errors.js'
import {describeErrno} from '../errors.js'
import {sessionsRoot} from './layout.js'

export function resolveLogDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag)
  const fromEnv = env['TRACE_DOCTOR_LOG_DIR']
  if (fromEnv) return resolve(fromEnv)
  const xdg = env['XDG_DATA_HOME']
  // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const dataHome = xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'share')
  return join(dataHome, 'trace-doctor', 'logs')
}

/**
 * Creates `sessions/` under the log dir if needed and proves it writable by creating and removing
 * a temp dir: `recover` calls this before it claims anything, so an unwritable log dir costs one
 * line and exit 2, and no claimed `.recovering-*` file is left behind. Permission bits alone do
 * not tell (root ignores them; a read-only mount does not show in them).
 */
export function assertWritableLogDir(logDir: string): void {
  const root = sessionsRoot(logDir)
  try {
    mkdirSync(root, {recursive: true})
    rmdirSync(mkdtempSync(join(root, `.probe-${process.pid}-`)))
  } catch (error) {
    throw logDirError(logDir, error)
  }
}

/** One line for a log dir that cannot be written: "cannot write log dir /x: permission denied". */
export function logDirError(logDir: string, error: unknown): StoreError {
  return new StoreError(`cannot write log dir ${logDir}: ${describeErrno(error)}`, error)
}
