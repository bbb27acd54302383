/**
 * Runs the built CLI (`node bin/run.js`) as a user would: a real process, real exit code, real
 * stdout/stderr. `npm test` builds first; run `npm run build` before `npx vitest` by hand.
 */
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunCliOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  input?: string
  timeoutMs?: number
  /** Another bin script than the checkout's bin/run.js (e.g. in a copy of the project). */
  bin?: string
  /** Node options before the script, e.g. ['--import', 'tsx']. */
  nodeArgs?: string[]
}

export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  if (!existsSync(new URL('../../dist/commands', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before the CLI tests')
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.bin ?? BIN, ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: userEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, stdout, stderr})
    })
    child.stdin.end(options.input ?? '')
  })
}

/**
 * The environment a user's shell would give: vitest sets NODE_ENV=test, which makes oclif look
 * for TypeScript sources instead of dist/ (and warn about it).
 */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1'}
  for (const key of Object.keys(env)) if (key === 'NODE_ENV' || key.startsWith('VITEST')) delete env[key]
  return {...env, ...extra}
}

/** Parses the single JSON document a `--json` run prints. */
export function parseJson<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\n--- stderr ---\n${result.stderr}`)
  }
}
