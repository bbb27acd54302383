/**
 * Where finalized sessions live (SPEC §2.4): `--log-dir`, else `TRACE_DOCTOR_LOG_DIR`, else
 * `$XDG_DATA_HOME/trace-doctor/logs`, else `~/.local/share/trace-doctor/logs`.
 */
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'

export function resolveLogDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag)
  const fromEnv = env['TRACE_DOCTOR_LOG_DIR']
  if (fromEnv) return resolve(fromEnv)
  const xdg = env['XDG_DATA_HOME']
  // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const dataHome = xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'share')
  return join(dataHome, 'trace-doctor', 'logs')
}
