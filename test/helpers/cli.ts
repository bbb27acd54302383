/**
 * Runs the built CLI (`node bin/run.js`) as a user would: a real process, real exit code, real
 * stdout/stderr. `npm test` builds first; run `npm run build` before `npx vitest` by hand.
 */
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import * as z from '../../src/model/zod.js'
import {ErrorJsonSchema, JSON_OUTPUT_SCHEMAS, type ErrorJson} from '../../src/model/cli-output.js'

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

function parseDocument(text: string, result: CliResult): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new Error(`not one JSON document (exit ${result.code}):\n${result.stdout}\n--- stderr ---\n${result.stderr}`)
  }
}

type Schemas = typeof JSON_OUTPUT_SCHEMAS

/**
 * The `--json` document of `command`, checked against its schema in model/cli-output.ts (the
 * contract scripts rely on) and returned as printed, fields the schema does not know included.
 * `trace` prints it on stderr (CMD owns stdout).
 */
export function jsonOutput<K extends keyof Schemas>(result: CliResult, command: K): z.infer<Schemas[K]> {
  const doc = parseDocument(command === 'trace' ? result.stderr.slice(result.stderr.indexOf('{\n')) : result.stdout, result)
  const checked = JSON_OUTPUT_SCHEMAS[command].safeParse(doc)
  if (!checked.success) throw new Error(`${command} --json does not match its schema:\n${z.prettifyError(checked.error)}\n${JSON.stringify(doc).slice(0, 2000)}`)
  return doc as z.infer<Schemas[K]>
}

/** The `--json` error document, checked against ErrorJsonSchema. */
export function errorJson(result: CliResult, stream: 'stdout' | 'stderr' = 'stdout'): ErrorJson {
  const text = stream === 'stdout' ? result.stdout : result.stderr.slice(result.stderr.indexOf('{\n'))
  return ErrorJsonSchema.parse(parseDocument(text, result))
}

/**
 * @deprecated Use `jsonOutput(result, command)` or `errorJson(result)`: they check the document
 * against its schema instead of casting. This one only checks the envelope (an object with
 * `warnings`).
 */
export function parseJson<T = unknown>(result: CliResult): T {
  const doc = parseDocument(result.stdout, result)
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as {warnings?: unknown}).warnings)) {
    throw new Error(`--json printed no envelope (an object with warnings):\n${result.stdout.slice(0, 2000)}`)
  }
  return doc as T
}
